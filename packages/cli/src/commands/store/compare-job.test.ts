import { rm } from 'node:fs/promises';
import { createRecord, createSite } from '@cxcr4pet/db';
import { enqueueJob, getJob, listAnalyses, openStore, runWorker, type Store } from '@cxcr4pet/store';
import { tempDataDir, writeTinyStudy } from '@cxcr4pet/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../../test-support.ts';
import { WORKER_HANDLERS } from './worker.ts';

// A compare-series job on two stored studies gives what `compare --json` gives on the original folders
// (the independent path: files read from disk by the CLI), stored as an analysis of series A.
describe('compare-series jobs', () => {
  let store: Store;
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  let first: Awaited<ReturnType<typeof writeTinyStudy>>;
  let second: Awaited<ReturnType<typeof writeTinyStudy>>;
  let other: Awaited<ReturnType<typeof writeTinyStudy>>;

  beforeAll(async () => {
    data = await tempDataDir();
    [first, second, other] = [await writeTinyStudy(41), await writeTinyStudy(42), await writeTinyStudy(43)];
    store = await openStore(data.dir, {}, { memoryDb: true });
    await createSite(store.db.kysely, { actor: 'admin' }, { siteId: 'S1', name: 'Site one' });
    for (const participantId of ['P-1', 'P-2'])
      await createRecord(store.db.kysely, { actor: 'coord' }, 'participant', {
        participantId,
        siteId: 'S1',
        sex: 'male',
      });
    for (const [folder, participantId] of [
      [first.folder, 'P-1'],
      [second.folder, 'P-1'],
      [other.folder, 'P-2'],
    ] as const)
      await enqueueJob(store.db.kysely, {
        kind: 'import-folder',
        payload: { folder, participantId },
        createdBy: 'coord',
      });
    const imported = await runWorker(store, WORKER_HANDLERS, { drain: true });
    expect(imported.map((j) => j.state)).toEqual(['succeeded', 'succeeded', 'succeeded']);
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    await data?.remove();
    for (const s of [first, second, other])
      if (s !== undefined) await rm(s.folder, { recursive: true, force: true });
  });

  it('stores the compare --json result with both studies as input series', async () => {
    const args = ['--segment', 'suv:3', '--min-volume-ml', '2', '--max-distance-mm', '20'];
    const a = first.truth.series;
    const b = second.truth.series;
    const jobId = await enqueueJob(store.db.kysely, {
      kind: 'compare-series',
      payload: {
        seriesInstanceUid: a.petSeriesInstanceUid,
        otherSeriesInstanceUid: b.petSeriesInstanceUid,
        arguments: args,
      },
      createdBy: 'reader-1',
    });
    const ran = await runWorker(store, WORKER_HANDLERS, { drain: true });
    expect(ran.map((j) => [j.jobId, j.state, j.error])).toEqual([[jobId, 'succeeded', null]]);
    const [analysis, ...more] = await listAnalyses(store.db.kysely, {
      seriesInstanceUid: a.petSeriesInstanceUid,
    });
    expect(more).toEqual([]);
    expect(analysis?.participantId).toBe('P-1');
    expect(analysis?.parameters).toEqual({
      arguments: args,
      otherSeriesInstanceUid: b.petSeriesInstanceUid,
      maxDistanceMm: 20,
    });
    expect(analysis?.inputSeriesUids).toEqual([
      a.petSeriesInstanceUid,
      a.ctSeriesInstanceUid,
      b.petSeriesInstanceUid,
      b.ctSeriesInstanceUid,
    ]);

    const direct = await cli('compare', first.folder, second.folder, '--json', ...args);
    expect(direct.code, direct.stderr).toBe(0);
    const fromFolders = JSON.parse(direct.stdout) as Record<string, Record<string, unknown>>;
    const stored = analysis?.result as Record<string, Record<string, unknown>>;
    // The folders' names and their truth.json skip warnings are the differences; everything measured is equal.
    const strip = (r: Record<string, Record<string, unknown>>) => ({
      ...r,
      a: { ...r.a, folder: null, warnings: null },
      b: { ...r.b, folder: null, warnings: null },
      warnings: null,
    });
    expect(strip(stored)).toEqual(strip(fromFolders));
    expect((stored.pairs as unknown as unknown[]).length).toBeGreaterThan(0);
  }, 120_000);

  it('refuses to compare the studies of two participants, with one line naming the series', async () => {
    const jobId = await enqueueJob(store.db.kysely, {
      kind: 'compare-series',
      payload: {
        seriesInstanceUid: first.truth.series.petSeriesInstanceUid,
        otherSeriesInstanceUid: other.truth.series.petSeriesInstanceUid,
        arguments: [],
      },
      createdBy: 'reader-1',
    });
    await runWorker(store, WORKER_HANDLERS, { drain: true });
    const job = await getJob(store.db.kysely, jobId);
    expect(job.state).toBe('failed');
    expect(job.error).toBe(
      `series ${first.truth.series.petSeriesInstanceUid} belongs to P-1 and ${other.truth.series.petSeriesInstanceUid} to P-2: compare pairs the studies of one participant [participant-conflict]`,
    );
  }, 60_000);
});
