// Test support (not a test): small phantom PET/CT studies written to temporary folders, and the two
// backends the store's contract runs on. Used by this room's tests and the CLI's.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startTestPostgres } from '@cxcr4pet/db';
import { type PhantomTruth, phantomStudyFiles } from '@cxcr4pet/phantom';
import type { Vec3 } from '@cxcr4pet/volume';

/**
 * Writes a small digital PET/CT study (by default 32 × 32 × 24 voxels of 12 mm: 24 PET and 24 CT slices,
 * plus truth.json, which is not DICOM) to a new temporary folder. Same seed → same bytes and UIDs. The
 * caller removes the folder with `remove()` when done.
 */
export async function writeTinyStudy(
  seed: number,
  dims: Vec3 = [32, 32, 24],
): Promise<{ folder: string; truth: PhantomTruth; dicomFiles: number; remove(): Promise<void> }> {
  const folder = await mkdtemp(join(tmpdir(), 'cxcr4pet-store-study-'));
  const { files, truth } = phantomStudyFiles({
    tracer: 'pentixafor',
    seed,
    dims,
    spacingMm: [12, 12, 12],
  });
  for (const file of files) {
    await mkdir(dirname(join(folder, file.path)), { recursive: true });
    await writeFile(join(folder, file.path), file.bytes);
  }
  return {
    folder,
    truth,
    dicomFiles: files.filter((f) => f.path.endsWith('.dcm')).length,
    remove: () => rm(folder, { recursive: true, force: true }),
  };
}

/** A database backend for a contract suite: the environment to open the store with, and its stop. */
export interface StoreBackend {
  readonly name: string;
  start(): Promise<{ env: Record<string, string>; stop(): Promise<void> }>;
}

export const STORE_BACKENDS: readonly StoreBackend[] = [
  { name: 'PGlite (embedded)', start: async () => ({ env: {}, stop: async () => {} }) },
  {
    name: 'PostgreSQL',
    start: async () => {
      const pg = await startTestPostgres();
      return { env: { DATABASE_URL: pg.connectionString }, stop: pg.stop };
    },
  },
];

/** A fresh temporary data folder and its removal. */
export async function tempDataDir(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'cxcr4pet-data-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
