import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { StoreError } from './errors.ts';
import { processAlive } from './process-alive.ts';

/**
 * Content-addressed files under `<dataDir>/dicom`: a file's name is the SHA-256 of its bytes, in a
 * sub-folder named by the hash's first two hex digits (256 folders, so none grows to millions of
 * entries). The same bytes are stored once whatever their original name; a stored file never changes.
 * Written by hand (≈80 lines) because what matters is the crash behaviour: write to a temporary file
 * in the same file system, fsync it, rename it into place (atomic on POSIX), fsync the folder.
 */

/** SHA-256 of `bytes` as 64 lower-case hex digits. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Where the blob with this hash lives. */
export function blobPath(dataDir: string, sha256: string): string {
  return join(dataDir, 'dicom', sha256.slice(0, 2), sha256);
}

function tempDir(dataDir: string): string {
  return join(dataDir, 'dicom', 'tmp');
}

/** Temporary names carry host and pid so that a sweep can tell a dead writer's leftovers from a live one's. */
const TEMP_PREFIX = `${hostname()}-${process.pid}-`;

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function fsyncFolder(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Stores `bytes` under their SHA-256 and returns the hash; `created` is false when the same content was
 * already stored. A crash at any point leaves either no file at the final name or the complete file.
 */
export async function putBlob(
  dataDir: string,
  bytes: Uint8Array,
  sha256: string = sha256Hex(bytes),
): Promise<{ readonly sha256: string; readonly created: boolean }> {
  const target = blobPath(dataDir, sha256);
  if (await exists(target)) return { sha256, created: false };
  const tmp = tempDir(dataDir);
  await mkdir(tmp, { recursive: true });
  const folder = join(dataDir, 'dicom', sha256.slice(0, 2));
  await mkdir(folder, { recursive: true });
  const temp = join(tmp, `${TEMP_PREFIX}${randomBytes(8).toString('hex')}`);
  const handle = await open(temp, 'wx');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, target);
  await fsyncFolder(folder);
  return { sha256, created: true };
}

/**
 * A new empty temporary folder under `<dataDir>/dicom/tmp` (for an upload being received), named like
 * temporary files so that a sweep removes it when this process died before removing it itself.
 */
export async function newTempFolder(dataDir: string, label: string): Promise<string> {
  const folder = join(tempDir(dataDir), `${TEMP_PREFIX}${label}-${randomBytes(8).toString('hex')}`);
  await mkdir(folder, { recursive: true });
  return folder;
}

/** The stored bytes of `sha256`, checked against the hash (`blob-missing`, `blob-corrupt` otherwise). */
export async function readBlob(dataDir: string, sha256: string): Promise<Uint8Array> {
  const path = blobPath(dataDir, sha256);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    throw new StoreError('blob-missing', `stored file ${path} is missing`, path);
  }
  const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (sha256Hex(view) !== sha256)
    throw new StoreError('blob-corrupt', `stored file ${path} does not match its SHA-256`, path);
  return view;
}

/**
 * Deletes temporary files (and upload folders) left by writers on this host that are no longer running (a crash between
 * creating and renaming a temporary file). Files of live processes and of other hosts are left alone.
 * Returns the names removed.
 */
export async function sweepTempFiles(dataDir: string): Promise<readonly string[]> {
  const tmp = tempDir(dataDir);
  let names: string[];
  try {
    names = await readdir(tmp);
  } catch {
    return [];
  }
  const host = `${hostname()}-`;
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(host)) continue;
    const pid = Number(name.slice(host.length).split('-')[0]);
    if (Number.isInteger(pid) && pid !== process.pid && !processAlive(pid)) {
      await rm(join(tmp, name), { recursive: true, force: true });
      removed.push(name);
    }
  }
  return removed;
}

/** Every stored blob's hash (walks the 256 folders); for checks and tests. */
export async function listBlobs(dataDir: string): Promise<readonly string[]> {
  const root = join(dataDir, 'dicom');
  let folders: string[];
  try {
    folders = await readdir(root);
  } catch {
    return [];
  }
  const hashes: string[] = [];
  for (const folder of folders.filter((f) => /^[0-9a-f]{2}$/.test(f)).sort()) {
    for (const name of (await readdir(join(root, folder))).sort()) {
      if (/^[0-9a-f]{64}$/.test(name)) hashes.push(name);
    }
  }
  return hashes;
}

/** Names of temporary files present (any host or process). */
export async function listTempFiles(dataDir: string): Promise<readonly string[]> {
  try {
    return (await readdir(tempDir(dataDir))).sort();
  } catch {
    return [];
  }
}

/** Temporary files written at once by a batch before it waits for the disk (bounded memory and handles). */
const BATCH_SYNCS_IN_FLIGHT = 16;

/**
 * Blobs written as one batch: `stage` writes each new content to a temporary file (no fsync yet);
 * `commit` then fsyncs them all concurrently (the file system joins them into few journal commits
 * instead of one per file), renames each into place and fsyncs each touched folder once; `discard`
 * removes the staged files. Until `commit`, nothing appears under a blob's name: a batch that fails
 * half-way leaves the store as it was. Same crash behaviour per file as `putBlob`.
 */
export class BlobBatch {
  readonly #dataDir: string;
  readonly #staged = new Map<string, string>();
  #tmpReady: Promise<void> | undefined;

  constructor(dataDir: string) {
    this.#dataDir = dataDir;
  }

  /** Blobs staged so far (new contents only). */
  get size(): number {
    return this.#staged.size;
  }

  /** Writes `bytes` (whose SHA-256 is `sha256`) to a temporary file unless that content is stored or staged. */
  async stage(bytes: Uint8Array, sha256: string): Promise<void> {
    if (this.#staged.has(sha256)) return;
    this.#staged.set(sha256, '');
    if (await exists(blobPath(this.#dataDir, sha256))) {
      this.#staged.delete(sha256);
      return;
    }
    this.#tmpReady ??= mkdir(tempDir(this.#dataDir), { recursive: true }).then(() => undefined);
    await this.#tmpReady;
    const temp = join(tempDir(this.#dataDir), `${TEMP_PREFIX}${randomBytes(8).toString('hex')}`);
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(bytes);
    } finally {
      await handle.close();
    }
    this.#staged.set(sha256, temp);
  }

  /** Makes every staged blob durable and visible under its name; returns how many were created. */
  async commit(): Promise<number> {
    const entries = [...this.#staged].filter(([, temp]) => temp !== '');
    await inBatches(entries, BATCH_SYNCS_IN_FLIGHT, async ([, temp]) => {
      const handle = await open(temp, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    });
    const folders = new Set<string>();
    for (const [sha256, temp] of entries) {
      const folder = join(this.#dataDir, 'dicom', sha256.slice(0, 2));
      if (!folders.has(folder)) await mkdir(folder, { recursive: true });
      folders.add(folder);
      await rename(temp, blobPath(this.#dataDir, sha256));
    }
    await inBatches([...folders], BATCH_SYNCS_IN_FLIGHT, fsyncFolder);
    this.#staged.clear();
    return entries.length;
  }

  /** Removes the staged temporary files (after a failure). */
  async discard(): Promise<void> {
    const temps = [...this.#staged.values()].filter((temp) => temp !== '');
    this.#staged.clear();
    await Promise.all(temps.map((temp) => rm(temp, { force: true })));
  }
}

async function inBatches<T>(
  items: readonly T[],
  width: number,
  run: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await run(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
}
