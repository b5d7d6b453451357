import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { locationFromEnv, openStudyDb, type StudyDb } from '@cxcr4pet/db';
import { sweepTempFiles } from './blob-store.ts';
import { StoreError } from './errors.ts';
import { recoverJobs } from './jobs.ts';
import { processAlive } from './process-alive.ts';

/** The data folder when none is given: `$CXCR4PET_DATA`, else `./cxcr4pet-data`. */
export function defaultDataDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const fromEnv = env.CXCR4PET_DATA;
  return resolve(fromEnv !== undefined && fromEnv.trim() !== '' ? fromEnv : 'cxcr4pet-data');
}

/**
 * An open store: the study database plus the data folder holding the DICOM files. `embedded` is true
 * on PGlite, where this process is the only one using the database.
 */
export interface Store {
  readonly db: StudyDb;
  readonly dataDir: string;
  readonly embedded: boolean;
  /** What opening cleaned up after a previous process that died (jobs requeued or failed, temp files). */
  readonly recovered: { readonly requeued: number; readonly failed: number; readonly tempFiles: number };
  close(): Promise<void>;
}

/**
 * PGlite is one process's database: a second process opening the same folder would corrupt it. The
 * lock file holds the owner's pid; a lock whose process is gone (killed, crashed) is taken over.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const path = join(dataDir, 'cxcr4pet.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(path, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && processAlive(owner)) {
        throw new StoreError(
          'data-dir-locked',
          `data folder ${dataDir} is in use by process ${owner} (the embedded database allows one process; set DATABASE_URL to share a PostgreSQL server)`,
          dataDir,
        );
      }
      await rm(path, { force: true });
    }
  }
  throw new StoreError('data-dir-locked', `cannot lock data folder ${dataDir}`, dataDir);
}

/**
 * Opens the store of `dataDir`: PostgreSQL when `DATABASE_URL` is set, else embedded PGlite in
 * `<dataDir>/db` (locked to this process). Cleans up after a process that died: temporary files it
 * left, and its jobs — on PGlite every job still `running` belonged to a dead process (requeued, or
 * failed after its last attempt); on PostgreSQL only jobs whose lease expired.
 */
export async function openStore(
  dataDir: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
  options: { readonly memoryDb?: boolean } = {},
): Promise<Store> {
  const absolute = resolve(dataDir);
  await mkdir(absolute, { recursive: true });
  // Tests may keep the embedded database in memory (files still go to dataDir): opening PGlite on disk
  // costs seconds that the crash tests pay once.
  const location = options.memoryDb === true ? locationFromEnv(env) : locationFromEnv(env, absolute);
  const embedded = location.kind === 'pglite';
  const unlock = embedded ? await lockDataDir(absolute) : async () => {};
  let db: StudyDb;
  try {
    db = await openStudyDb(location);
  } catch (e) {
    await unlock();
    throw e;
  }
  const temp = await sweepTempFiles(absolute);
  const jobs = await recoverJobs(db.kysely, { allRunning: embedded });
  return {
    db,
    dataDir: absolute,
    embedded,
    recovered: { requeued: jobs.requeued, failed: jobs.failed, tempFiles: temp.length },
    close: async () => {
      await db.close();
      await unlock();
    },
  };
}
