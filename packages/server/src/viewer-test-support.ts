import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Store } from '@cxcr4pet/store';
import { importFolder } from '@cxcr4pet/store';
import { parseVolumeWireMeta, type Volume, volumeFromWire } from '@cxcr4pet/volume';
import { expect } from 'vitest';
import type { Client } from './test-support.ts';

// Shared by the viewer extension's tests: served volumes read back, phantom studies put in the store.

/** A served volume (`<base>/volumes/<id>/meta.json` and its data file) as a `Volume`, checked to be 200s. */
export async function fetchServedVolume(client: Client, base: string, id: string): Promise<Volume> {
  const meta = await client.send({ method: 'GET', url: `${base}/volumes/${id}/meta.json` });
  expect(meta.status, meta.text).toBe(200);
  const parsed = parseVolumeWireMeta(meta.body, id);
  const file = { float32: 'data.f32', int16: 'data.i16', uint8: 'data.u8' }[parsed.dataType];
  const data = await client.send({ method: 'GET', url: `${base}/volumes/${id}/${file}` });
  expect(data.status).toBe(200);
  const bytes = data.bytes;
  return volumeFromWire(
    parsed,
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    id,
  );
}

/** Writes a phantom study's files under `folder` and imports them into the store for a participant. */
export async function importPhantomFiles(
  store: Store,
  folder: string,
  files: readonly { readonly path: string; readonly bytes: Uint8Array }[],
  participantId: string,
): Promise<void> {
  for (const file of files) {
    await mkdir(dirname(join(folder, file.path)), { recursive: true });
    await writeFile(join(folder, file.path), file.bytes);
  }
  await importFolder(store, { folder, participantId, actor: 'test-setup', jobId: null, notDicom: 'skip' });
}
