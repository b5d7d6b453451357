import { createRecord, createSite, listAudit } from '@cxcr4pet/db';
import {
  claimJob,
  enqueueJob,
  getJob,
  listAnalyses,
  newWorkerId,
  openStore,
  runJob,
  runWorker,
  type Store,
} from '@cxcr4pet/store';
import { tempDataDir, writeTinyStudy } from '@cxcr4pet/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../../test-support.ts';
import { WORKER_HANDLERS } from './worker.ts';

// An analyse-series job on stored files gives what `analyze --json` gives on the original folder
// (the independent path: files read from disk by the CLI), stored with its provenance.
describe('analyse-series jobs', () => {
  let store: Store;
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  let study: Awaited<ReturnType<typeof writeTinyStudy>>;

  beforeAll(async () => {
    data = await tempDataDir();
    study = await writeTinyStudy(31);
    store = await openStore(data.dir, {}, { memoryDb: true });
    await createSite(store.db.kysely, { actor: 'admin' }, { siteId: 'S1', name: 'Site one' });
    await createRecord(store.db.kysely, { actor: 'coord' }, 'participant', {
      participantId: 'P-1',
      siteId: 'S1',
      sex: 'male',
    });
    const jobId = await enqueueJob(store.db.kysely, {
      kind: 'import-folder',
      payload: { folder: study.folder, participantId: 'P-1' },
      createdBy: 'coord',
    });
    const workerId = newWorkerId();
    const job = await claimJob(store.db.kysely, workerId, { leaseMs: 30_000, jobId });
    if (job === undefined) throw new Error('import job not claimed');
    await runJob(store, job, WORKER_HANDLERS, { workerId });
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    await data?.remove();
    await study?.remove();
  });

  it('stores the analyze --json result with its arguments, software version and input series', async () => {
    const pet = study.truth.series.petSeriesInstanceUid;
    const jobId = await enqueueJob(store.db.kysely, {
      kind: 'analyse-series',
      payload: { seriesInstanceUid: pet, arguments: ['--segment', 'suv:3', '--min-volume-ml', '2'] },
      createdBy: 'reader-1',
    });
    const ran = await runWorker(store, WORKER_HANDLERS, { drain: true });
    expect(ran.map((j) => [j.jobId, j.state, j.error])).toEqual([[jobId, 'succeeded', null]]);
    const [analysis, ...more] = await listAnalyses(store.db.kysely, { seriesInstanceUid: pet });
    expect(more).toEqual([]);
    expect((await getJob(store.db.kysely, jobId)).result).toEqual({ analysisId: analysis?.analysisId });
    expect(analysis?.parameters).toEqual({ arguments: ['--segment', 'suv:3', '--min-volume-ml', '2'] });
    expect(analysis?.inputSeriesUids).toEqual([pet, study.truth.series.ctSeriesInstanceUid]);
    expect(analysis?.software).toMatchObject({ software: 'cxcr4pet', version: '0.1.0' });
    expect(analysis?.participantId).toBe('P-1');

    const direct = await cli('analyze', study.folder, '--json', '--segment', 'suv:3', '--min-volume-ml', '2');
    expect(direct.code).toBe(0);
    const fromFolder = JSON.parse(direct.stdout) as Record<string, unknown>;
    // The folder holds truth.json too: its skip warning is the one difference.
    const { warnings, ...rest } = fromFolder;
    expect(analysis?.result).toEqual({
      ...rest,
      warnings: (warnings as string[]).filter((w) => !w.startsWith('skipped truth.json')),
    });
    expect((analysis?.result.lesions as unknown[] | undefined)?.length).toBeGreaterThan(0);
    const audit = await listAudit(store.db.kysely, { entity: 'analysis' });
    expect(audit.map((e) => [e.actor, e.action, e.entityId])).toEqual([
      ['reader-1', 'create', analysis?.analysisId],
    ]);
  }, 60_000);

  it('fails a job for a series that is not stored, with one line naming it', async () => {
    const jobId = await enqueueJob(store.db.kysely, {
      kind: 'analyse-series',
      payload: { seriesInstanceUid: '2.25.404', arguments: [] },
      createdBy: 'reader-1',
    });
    await runWorker(store, WORKER_HANDLERS, { drain: true });
    const job = await getJob(store.db.kysely, jobId);
    expect([job.state, job.error]).toEqual(['failed', 'series 2.25.404 is not stored [series-not-found]']);
  }, 30_000);
});
