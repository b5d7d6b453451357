import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createRecord, createSite, locationFromEnv, openStudyDb, verifyAuditChain } from '@cxcr4pet/db';
import {
  blobPath,
  claimJob,
  enqueueJob,
  importFolderJob,
  listBlobs,
  listJobs,
  listTempFiles,
  newWorkerId,
  openStore,
  runJob,
  sha256Hex,
} from '@cxcr4pet/store';
import { type StoreBackend, tempDataDir, writeTinyStudy } from '@cxcr4pet/store/testing';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';

// The crash suite (not a test file itself): crash.pglite.test.ts and crash.postgres.test.ts run it.

const BIN = fileURLToPath(new URL('../../../bin/cxcr4pet.js', import.meta.url));

interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI as its own process; with `killAt`, SIGKILLs it as soon as stderr matches. */
function runCxcr4pet(
  args: readonly string[],
  env: Record<string, string>,
  killAt?: RegExp,
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      // GLIBC_TUNABLES set: the CLI then does the work itself instead of re-running itself in a child
      // (bin/huge-pages.js), so the SIGKILL reaches the process that imports.
      env: { ...process.env, GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += String(d);
    });
    child.stderr.on('data', (d) => {
      stderr += String(d);
      if (killAt?.test(stderr) && child.exitCode === null) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/**
 * SIGKILL in the middle of an import (after some files were copied into the store, before the index
 * commit), on the embedded database and on PostgreSQL. Checked against what the test itself knows: the
 * source files' bytes and the instances of the first, committed import.
 */
export function crashSuite(backend: StoreBackend): void {
  describe(`an import killed with SIGKILL on ${backend.name}`, () => {
    let env: Record<string, string>;
    let stop: () => Promise<void> = async () => {};
    let data: Awaited<ReturnType<typeof tempDataDir>>;
    let committed: Awaited<ReturnType<typeof writeTinyStudy>>;

    beforeAll(async () => {
      committed = await writeTinyStudy(21);
      const started = await backend.start();
      env = { ...started.env, DATABASE_URL: started.env.DATABASE_URL ?? '' };
      stop = started.stop;
      data = await tempDataDir();
      const store = await openStore(data.dir, env);
      await createSite(store.db.kysely, { actor: 'admin' }, { siteId: 'S1', name: 'Site one' });
      await createRecord(store.db.kysely, { actor: 'coord' }, 'participant', {
        participantId: 'P-1',
        siteId: 'S1',
        sex: 'female',
      });
      // The import that committed before the crash (run in this process: one process start less).
      const jobId = await enqueueJob(store.db.kysely, {
        kind: 'import-folder',
        payload: { folder: committed.folder, participantId: 'P-1' },
        createdBy: 'coord',
      });
      const workerId = newWorkerId();
      const job = await claimJob(store.db.kysely, workerId, { leaseMs: 30_000, jobId });
      if (job === undefined) throw new Error('the first import job could not be claimed');
      const done = await runJob(store, job, { 'import-folder': importFolderJob }, { workerId });
      if (done.state !== 'succeeded') throw new Error(`the first import failed: ${done.error}`);
      await store.close();
    }, 60_000);

    afterAll(async () => {
      await stop();
      await data?.remove();
      await committed?.remove();
    }, 30_000);

    async function indexedRows() {
      // Opened without the store's recovery, to see exactly what the killed process left.
      const db = await openStudyDb(locationFromEnv(env, data.dir));
      try {
        const rows = await db.kysely.selectFrom('dicom_instance').selectAll().execute();
        const jobs = await listJobs(db.kysely);
        const audit = await verifyAuditChain(db.kysely);
        return { rows, jobs, audit };
      } finally {
        await db.close();
      }
    }

    it('keeps what was committed, leaves no half-written rows or files, and a restarted worker resumes the job', async () => {
      const interrupted = await writeTinyStudy(22, [32, 32, 80]);
      onTestFinished(interrupted.remove);
      const killed = await runCxcr4pet(
        ['import', interrupted.folder, '--participant', 'P-1', '--data', data.dir, '--lease-s', '1'],
        env,
        /import: storing [1-9]\d*\/160 files/,
      );
      expect(killed.signal).toBe('SIGKILL');

      const after = await indexedRows();
      // Nothing of the killed import is indexed; everything of the first import still is, intact.
      expect(after.rows).toHaveLength(committed.dicomFiles);
      for (const row of after.rows) {
        expect(row.job_id).toBe(after.jobs[0]?.jobId);
        expect(sha256Hex(await readFile(blobPath(data.dir, row.sha256)))).toBe(row.sha256);
      }
      expect(after.audit).toEqual({ kind: 'intact', entries: 3 + committed.dicomFiles });
      // It was killed mid-copy: its files were staged as temporary files (a batch becomes blobs only
      // once all are fsynced), so the store holds the first import's blobs only; the temporary files
      // are swept by the next process.
      expect((await listBlobs(data.dir)).length).toBe(committed.dicomFiles);
      expect((await listTempFiles(data.dir)).length).toBeGreaterThan(0);
      expect(after.jobs.map((j) => [j.state, j.attempts])).toEqual([
        ['succeeded', 1],
        ['running', 1],
      ]);

      await new Promise((r) => setTimeout(r, 1100)); // the killed import's 1 s lease runs out
      const worker = await runCxcr4pet(['worker', '--drain', '--data', data.dir], env);
      expect(worker.stderr).toMatch(/recovered 1 interrupted job\(s\), 0 failed/);
      expect(worker.stdout).toMatch(/^job [0-9a-f-]{36} import-folder succeeded \(attempt 2\)/);
      expect(worker.code).toBe(0);

      const resumed = await indexedRows();
      expect(resumed.rows).toHaveLength(committed.dicomFiles + interrupted.dicomFiles);
      for (const row of resumed.rows)
        expect(sha256Hex(await readFile(blobPath(data.dir, row.sha256)))).toBe(row.sha256);
      expect(resumed.jobs.map((j) => [j.state, j.attempts])).toEqual([
        ['succeeded', 1],
        ['succeeded', 2],
      ]);
      expect(resumed.audit).toEqual({
        kind: 'intact',
        entries: 3 + committed.dicomFiles + interrupted.dicomFiles,
      });
      expect(await listTempFiles(data.dir)).toEqual([]);
    }, 120_000);
  });
}
