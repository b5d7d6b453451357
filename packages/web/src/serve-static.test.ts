import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseVolumeWireMeta, type Volume, volumeFromWire } from '@cxcr4pet/volume';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveStaticPath, type StaticServer, serveStatic } from './serve-static.ts';
import { writeViewerStudy } from './viewer-files.ts';
import { parseViewerStudy } from './viewer-study.ts';

const grid = {
  dims: [2, 2, 1],
  spacingMm: [4, 4, 4],
  originMm: [-2, -2, 10],
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
} as const;
const ct: Volume = { ...grid, data: Float32Array.of(-1000, 20, 40, 700) };
const pet: Volume = { ...grid, data: Float32Array.of(0.5, 1.5, 12.25, 3) };

describe('static server for the viewer', () => {
  let dir: string;
  let server: StaticServer;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cxcr4pet-serve-'));
    await writeViewerStudy(join(dir, 'data'), {
      id: 's1',
      title: 'test',
      ctHu: ct,
      petSuv: pet,
      lesionLabels: Int32Array.of(0, 0, 1, 0),
      segmentation: 'suv:4',
      lesions: [
        { label: 1, suvMax: 12.25, suvMean: 12.25, suvPeak: 12.25, volumeMl: 0.064, centroidMm: [-2, 2, 10] },
      ],
    });
    server = await serveStatic({ appDir: join(dir, 'app'), dataDir: join(dir, 'data') });
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves a written study and its volumes in the wire format, voxel for voxel', async () => {
    const study = parseViewerStudy(
      await (await fetch(`${server.url}/studies/s1/viewer.json`)).json(),
      'viewer.json',
    );
    expect(study.petVolumeId).toBe('s1-pet');
    expect(study.lesionVolumeId).toBe('s1-lesions');
    const metaResponse = await fetch(`${server.url}/volumes/s1-pet/meta.json`);
    const meta = parseVolumeWireMeta(await metaResponse.json(), 'meta.json');
    const data = await fetch(`${server.url}/volumes/s1-pet/data.f32`);
    expect(data.headers.get('content-type')).toBe('application/octet-stream');
    const volume = volumeFromWire(meta, await data.arrayBuffer(), 'data.f32');
    expect([...volume.data]).toEqual([0.5, 1.5, 12.25, 3]);
    expect(volume.originMm).toEqual([-2, -2, 10]);
    // Labels go as uint8 (one byte a voxel), the file named after the type.
    const labelMeta = parseVolumeWireMeta(
      await (await fetch(`${server.url}/volumes/s1-lesions/meta.json`)).json(),
      'meta.json',
    );
    expect(labelMeta.dataType).toBe('uint8');
    const labels = await readFile(join(dir, 'data', 'volumes', 's1-lesions', 'data.u8'));
    expect([...labels]).toEqual([0, 0, 1, 0]);
    expect((await fetch(`${server.url}/volumes/s1-lesions/data.u8`)).status).toBe(200);
    // CT in whole HU goes as int16, read back exactly.
    const ctMeta = parseVolumeWireMeta(
      await (await fetch(`${server.url}/volumes/s1-ct/meta.json`)).json(),
      'meta.json',
    );
    expect([ctMeta.dataType, ctMeta.byteLength]).toEqual(['int16', 8]);
    const ctBytes = await (await fetch(`${server.url}/volumes/s1-ct/data.i16`)).arrayBuffer();
    expect([...volumeFromWire(ctMeta, ctBytes, 'data.i16').data]).toEqual([-1000, 20, 40, 700]);
  });

  it('answers 404 for unknown studies, bad ids and paths that climb out, 405 for writes', async () => {
    expect((await fetch(`${server.url}/studies/nope/viewer.json`)).status).toBe(404);
    expect((await fetch(`${server.url}/volumes/s1-pet/other.bin`)).status).toBe(404);
    expect((await fetch(`${server.url}/volumes/s1-pet/data.f32`, { method: 'POST' })).status).toBe(405);
    expect(resolveStaticPath('/volumes/..%2Fsecret/meta.json', '/app', '/data')).toBeUndefined();
    // A climb above the root stops at it: the file looked for is still inside the app folder.
    expect(resolveStaticPath('/assets/../../etc/passwd.txt', '/app', '/data')).toBe(
      join('/app', 'etc/passwd.txt'),
    );
    expect(resolveStaticPath('/%2e%2e/etc/passwd.txt', '/app', '/data')).toBe(join('/app', 'etc/passwd.txt'));
    expect(resolveStaticPath('/worklist', '/app', '/data')).toBe(join('/app', 'index.html'));
  });

  it('rejects a viewer.json with a bad field, naming it', () => {
    expect(() => parseViewerStudy({ schema: 'cxcr4pet-viewer-study/1', id: '../x' }, 'v.json')).toThrow(
      "v.json: field 'id' must be an id",
    );
  });
});
