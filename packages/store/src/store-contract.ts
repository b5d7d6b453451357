import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRecord, createSite, listAudit, verifyAuditChain } from '@cxcr4pet/db';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { blobPath, listBlobs, listTempFiles, sha256Hex } from './blob-store.ts';
import { importFolderJob } from './import-job.ts';
import { claimJob, enqueueJob, getJob, type Job, listJobs } from './jobs.ts';
import { openStore, type Store } from './open-store.ts';
import { type StoreBackend, tempDataDir, writeTinyStudy } from './testing.ts';
import { newWorkerId, runJob, runWorker } from './worker.ts';

// The contract suite (not a test file itself): store.pglite.test.ts and store.postgres.test.ts run it,
// one backend per file so that vitest runs them side by side.

/**
 * The store's contract, run on embedded PGlite (on disk) and on a PostgreSQL cluster the test starts.
 * The truth is independent of the store: the source files' own bytes and SHA-256 (node:crypto), and the
 * number of DICOM files the phantom wrote.
 */
export function storeContract(backend: StoreBackend): void {
  describe(`the DICOM store and job queue on ${backend.name}`, () => {
    let store: Store;
    let data: Awaited<ReturnType<typeof tempDataDir>>;
    let env: Record<string, string>;
    let stop: () => Promise<void> = async () => {};
    let study: Awaited<ReturnType<typeof writeTinyStudy>>;

    beforeAll(async () => {
      const started = await backend.start();
      env = started.env;
      stop = started.stop;
      data = await tempDataDir();
      store = await openStore(data.dir, env, { memoryDb: true });
      study = await writeTinyStudy(7);
      await createSite(store.db.kysely, { actor: 'admin' }, { siteId: 'S1', name: 'Site one' });
      for (const participantId of ['P-1', 'P-2'])
        await createRecord(store.db.kysely, { actor: 'coord' }, 'participant', {
          participantId,
          siteId: 'S1',
          sex: 'male',
        });
    }, 60_000);

    afterAll(async () => {
      await store?.close();
      await stop();
      await data?.remove();
      await study?.remove();
    }, 30_000);

    async function importJob(folder: string, participantId: string): Promise<Job> {
      const jobId = await enqueueJob(store.db.kysely, {
        kind: 'import-folder',
        payload: { folder, participantId },
        createdBy: 'coord',
      });
      const workerId = newWorkerId();
      const job = await claimJob(store.db.kysely, workerId, { leaseMs: 30_000, jobId });
      if (job === undefined) throw new Error(`job ${jobId} could not be claimed`);
      return runJob(store, job, { 'import-folder': importFolderJob }, { workerId });
    }

    async function instanceCount(): Promise<number> {
      const row = await store.db.kysely
        .selectFrom('dicom_instance')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    }

    it('stores every DICOM file once under its SHA-256, indexes it by UID and skips the rest with a warning', async () => {
      const job = await importJob(study.folder, 'P-1');
      expect(job.error).toBeNull();
      expect(job.state).toBe('succeeded');
      const result = job.result as {
        instancesAdded: number;
        warnings: string[];
        series: { modality: string; instances: number }[];
      };
      expect(result.instancesAdded).toBe(study.dicomFiles);
      expect(result.warnings).toEqual(['skipped truth.json: not a DICOM file']);
      expect(result.series.map((s) => [s.modality, s.instances]).sort()).toEqual([
        ['CT', 24],
        ['PT', 24],
      ]);
      const rows = await store.db.kysely.selectFrom('dicom_instance').selectAll().execute();
      expect(rows).toHaveLength(study.dicomFiles);
      for (const row of rows) {
        const source = await readFile(join(study.folder, row.source_name));
        expect(row.sha256).toBe(sha256Hex(source));
        expect(Buffer.compare(await readFile(blobPath(store.dataDir, row.sha256)), source)).toBe(0);
        expect(row.participant_id).toBe('P-1');
        expect(row.study_instance_uid).toBe(study.truth.series.studyInstanceUid);
        expect(row.dicom_patient_id).toBe('PHANTOM-7');
      }
      const pet = rows.filter((r) => r.series_instance_uid === study.truth.series.petSeriesInstanceUid);
      expect(pet.every((r) => r.modality === 'PT')).toBe(true);
      expect(await listBlobs(store.dataDir)).toHaveLength(study.dicomFiles);
      const audit = await listAudit(store.db.kysely, { entity: 'dicom_instance' });
      expect(audit).toHaveLength(study.dicomFiles);
      expect(audit.every((e) => e.actor === 'coord' && e.action === 'create')).toBe(true);
      expect(await verifyAuditChain(store.db.kysely)).toMatchObject({ kind: 'intact' });
    }, 30_000);

    it('changes nothing when the same files are imported again, under other names', async () => {
      const copy = await writeTinyStudy(7);
      onTestFinished(copy.remove);
      await cp(join(copy.folder, 'PET'), join(copy.folder, 'renamed-PET'), { recursive: true });
      const auditBefore = (await listAudit(store.db.kysely)).length;
      const job = await importJob(copy.folder, 'P-1');
      expect(job.state).toBe('succeeded');
      expect(job.result).toMatchObject({ instancesAdded: 0, instancesAlreadyStored: study.dicomFiles });
      expect(await instanceCount()).toBe(study.dicomFiles);
      expect(await listBlobs(store.dataDir)).toHaveLength(study.dicomFiles);
      expect((await listAudit(store.db.kysely)).length).toBe(auditBefore);
    }, 30_000);

    it('refuses a different file with a stored SOP Instance UID, naming the file, and stores nothing of the folder', async () => {
      const other = await writeTinyStudy(8);
      onTestFinished(other.remove);
      // A stored instance whose bytes changed (one byte of pixel data near the end).
      const pet = (await readdir(join(study.folder, 'PET'))).sort()[3] as string;
      const bytes = await readFile(join(study.folder, 'PET', pet));
      bytes[bytes.length - 2] = (bytes[bytes.length - 2] ?? 0) ^ 0xff;
      await writeFile(join(other.folder, 'PET', 'changed.dcm'), bytes);
      const job = await importJob(other.folder, 'P-1');
      expect(job.state).toBe('failed');
      expect(job.error).toMatch(
        /^PET\/changed\.dcm: SOP Instance UID [0-9.]+ is already stored with different contents .*\[sop-conflict\]$/,
      );
      expect(await instanceCount()).toBe(study.dicomFiles);
      expect(await listBlobs(store.dataDir)).toHaveLength(study.dicomFiles);
    }, 30_000);

    it('refuses instances stored for another participant and an unknown participant', async () => {
      const again = await importJob(study.folder, 'P-2');
      expect(again.state).toBe('failed');
      expect(again.error).toMatch(/already stored for participant P-1, not P-2 \[participant-conflict\]$/);
      const unknown = await importJob(study.folder, 'P-404');
      expect(unknown.error).toBe('participant P-404 does not exist [participant-not-found]');
      expect(await instanceCount()).toBe(study.dicomFiles);
      expect(await listTempFiles(store.dataDir)).toEqual([]);
    }, 30_000);

    it('gives each queued job to exactly one of several concurrent workers', async () => {
      const kinds = Array.from({ length: 6 }, (_, n) => n);
      const ids = await Promise.all(
        kinds.map(() =>
          enqueueJob(store.db.kysely, { kind: 'analyse-series', payload: { n: 1 }, createdBy: 'coord' }),
        ),
      );
      const seen: string[] = [];
      const handler = {
        'analyse-series': async (ctx: Parameters<typeof importFolderJob>[0]) => {
          seen.push(ctx.job.jobId);
          await new Promise((r) => setTimeout(r, 20));
          await ctx.complete(async () => ({ by: ctx.workerId }));
        },
      };
      // On PostgreSQL the second worker uses its own connection pool, as a second process would.
      const second = store.embedded ? store : await openStore(data.dir, env);
      try {
        const runs = await Promise.all([
          runWorker(store, handler, { drain: true }),
          runWorker(second, handler, { drain: true }),
        ]);
        expect(
          runs
            .flat()
            .map((j) => j.jobId)
            .sort(),
        ).toEqual([...ids].sort());
      } finally {
        if (second !== store) await second.close();
      }
      expect([...seen].sort()).toEqual([...ids].sort());
      const jobs = (await listJobs(store.db.kysely)).filter((j) => ids.includes(j.jobId));
      expect(jobs.every((j) => j.state === 'succeeded' && j.attempts === 1)).toBe(true);
    }, 30_000);

    it('requeues a job whose worker stopped renewing its lease, and fails it after its last attempt', async () => {
      const jobId = await enqueueJob(store.db.kysely, {
        kind: 'analyse-series',
        payload: {},
        createdBy: 'coord',
        maxAttempts: 2,
      });
      const lost = await claimJob(store.db.kysely, 'dead-worker-1', { leaseMs: 50, jobId });
      expect(lost?.attempts).toBe(1);
      await new Promise((r) => setTimeout(r, 120));
      const retried = await claimJob(store.db.kysely, 'dead-worker-2', { leaseMs: 50, jobId });
      expect(retried?.attempts).toBe(2);
      expect(retried?.error).toBe('worker dead-worker-1 stopped during attempt 1 of 2 (queued again)');
      await new Promise((r) => setTimeout(r, 120));
      expect(await claimJob(store.db.kysely, 'w3', { leaseMs: 50, jobId })).toBeUndefined();
      const failed = await getJob(store.db.kysely, jobId);
      expect(failed.state).toBe('failed');
      expect(failed.error).toBe('worker dead-worker-2 stopped during attempt 2 of 2 (no attempts left)');
    }, 30_000);
  });
}
