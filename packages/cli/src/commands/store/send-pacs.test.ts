import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildPetStudy, readDicomInstance, readMeasurementReport, readSegmentation } from '@cxcr4pet/dicom';
import { DicomWebClient } from '@cxcr4pet/pacs';
import { hasOrthanc, startOrthanc, type TestOrthanc } from '@cxcr4pet/pacs/testing';
import { enqueueJob, getJob, importFolder, listAnalyses, runWorker, type Store } from '@cxcr4pet/store';
import { tempDataDir, writeTinyStudy } from '@cxcr4pet/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeWithPacsNode } from './pacs-test-support.ts';
import { WORKER_HANDLERS } from './worker.ts';

const SECRET = 'send secret 3';

interface StoredLesion {
  readonly voxelCount: number;
  readonly suvMax: number;
}

// A stored analysis's results sent to a configured node as a `send-pacs` job (what the server's
// POST /api/participants/<id>/pacs-sends queues), checked by reading back from a real Orthanc.
describe.skipIf(!hasOrthanc)('send-pacs jobs: SEG and SR of a stored analysis to a PACS node', () => {
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  let study: Awaited<ReturnType<typeof writeTinyStudy>>;
  let orthanc: TestOrthanc;
  let store: Store;

  beforeAll(async () => {
    orthanc = await startOrthanc({}, { users: { cxcr4pet: SECRET } });
    data = await tempDataDir();
    study = await writeTinyStudy(41);
    store = await storeWithPacsNode(data.dir, 'P-1', orthanc, SECRET);
    await importFolder(store, {
      folder: study.folder,
      participantId: 'P-1',
      actor: 'coord',
      jobId: null,
      notDicom: 'skip',
    });
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    await data?.remove();
    await study?.remove();
    await orthanc?.stop();
  });

  it('sends a SEG whose segments are the stored lesions voxel for voxel and an SR with their SUVmax', async () => {
    const pet = study.truth.series.petSeriesInstanceUid;
    await enqueueJob(store.db.kysely, {
      kind: 'analyse-series',
      payload: { seriesInstanceUid: pet, arguments: ['--segment', 'suv:3'], participantId: 'P-1' },
      createdBy: 'reader',
    });
    await runWorker(store, WORKER_HANDLERS, { drain: true });
    const [analysis] = await listAnalyses(store.db.kysely, { seriesInstanceUid: pet });
    if (analysis === undefined) throw new Error('the analysis did not run');
    const lesions = (analysis.result as { lesions: StoredLesion[] }).lesions;
    expect(lesions.length).toBeGreaterThan(0);

    const jobId = await enqueueJob(store.db.kysely, {
      kind: 'send-pacs',
      payload: { nodeId: 'orthanc', participantId: 'P-1', analysisId: analysis.analysisId },
      createdBy: 'reader',
    });
    await runWorker(store, WORKER_HANDLERS, { drain: true });
    const job = await getJob(store.db.kysely, jobId);
    expect(job.error).toBeNull();
    expect(job.result).toMatchObject({
      nodeId: 'orthanc',
      analysisId: analysis.analysisId,
      seriesInstanceUid: pet,
    });
    expect((job.result as { instancesStored: number }).instancesStored).toBe(2);

    // Read back from Orthanc: the SEG on the PET grid, the SR's measurements.
    const client = new DicomWebClient(orthanc.dicomWebUrl, {
      headers: { authorization: `Basic ${Buffer.from(`cxcr4pet:${SECRET}`).toString('base64')}` },
    });
    const series = await client.searchSeries(study.truth.series.studyInstanceUid);
    const byModality = new Map(series.map((s) => [s.modality, s]));
    const fetchOne = async (modality: string) => {
      const hit = byModality.get(modality);
      if (hit === undefined) throw new Error(`no ${modality} series on Orthanc`);
      for await (const instance of client.retrieveSeries(hit.studyInstanceUid, hit.seriesInstanceUid))
        return instance.bytes;
      throw new Error(`no ${modality} instance`);
    };
    const names = (await readdir(study.folder, { recursive: true })).filter((name) => name.endsWith('.dcm'));
    const files = await Promise.all(
      names.map(async (name) => ({ name, bytes: new Uint8Array(await readFile(join(study.folder, name))) })),
    );
    const grid = (await buildPetStudy(files.map((f) => readDicomInstance(f.bytes, f.name)))).pet.volume;
    const segments = readSegmentation(await fetchOne('SEG'), grid);
    expect(segments).toHaveLength(lesions.length);
    segments.forEach((segment, n) => {
      expect(
        segment.mask.reduce((sum, v) => sum + (v ? 1 : 0), 0),
        `segment ${n + 1}`,
      ).toBe(lesions[n]?.voxelCount);
    });
    const report = readMeasurementReport(await fetchOne('SR'));
    expect(report.lesions.map((l) => l.suvMax)).toEqual(lesions.map((l) => expect.closeTo(l.suvMax, 6)));
  }, 120_000);

  it('fails with a clear reason when the analysis does not exist for the participant', async () => {
    const jobId = await enqueueJob(store.db.kysely, {
      kind: 'send-pacs',
      payload: {
        nodeId: 'orthanc',
        participantId: 'P-1',
        analysisId: '00000000-0000-0000-0000-000000000000',
      },
      createdBy: 'reader',
    });
    await runWorker(store, WORKER_HANDLERS, { drain: true });
    expect((await getJob(store.db.kysely, jobId)).error).toBe(
      'analysis 00000000-0000-0000-0000-000000000000 of participant P-1 does not exist [not-found]',
    );
  }, 60_000);
});
