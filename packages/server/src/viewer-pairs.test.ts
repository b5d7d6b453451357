import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withChange } from '@cxcr4pet/db';
import { buildPetStudy } from '@cxcr4pet/dicom';
import { findLesions, matchLesions } from '@cxcr4pet/imaging';
import { phantomStudyFiles } from '@cxcr4pet/phantom';
import { loadStudyOfSeries } from '@cxcr4pet/store';
import { lpsToIjk, type Vec3 } from '@cxcr4pet/volume';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { viewerStudiesExtension } from './routes/viewer-studies.ts';
import { seedParticipant } from './test-fixtures.ts';
import { type Client, startTestServer, type TestServer } from './test-support.ts';
import { fetchServedVolume, importPhantomFiles } from './viewer-test-support.ts';

// One participant scanned twice: Pentixafor (A) as the phantom lies, FDG (B) moved on the table by a
// known pose. Sharp and noise-free, so each lesion's true position in either study is known.
const sharp = (): { dims: Vec3; spacingMm: Vec3; fwhmMm: number; noise: boolean } => ({
  dims: [40, 28, 96],
  spacingMm: [10, 10, 10],
  fwhmMm: 0,
  noise: false,
});
const pose = { translationMm: [12, -8, 20] as Vec3, rotationDeg: [0, 0, 4] as Vec3 };
const phantomA = phantomStudyFiles({ tracer: 'pentixafor', seed: 31, ...sharp() });
const phantomB = phantomStudyFiles({ tracer: 'fdg', seed: 32, ...sharp(), pose });
const uidA = phantomA.truth.series.petSeriesInstanceUid;
const uidB = phantomB.truth.series.petSeriesInstanceUid;

describe('the FDG/Pentixafor pair from the store (viewer extension)', () => {
  let server: TestServer;
  let folder: string;
  let reader: Client;
  let comparisonId: string;
  const base = '/api/participants/V-P/viewer';

  const labelsOf = (studyId: string) => fetchServedVolume(reader, base, `${studyId}-lesions`);

  beforeAll(async () => {
    server = await startTestServer({ extensions: [viewerStudiesExtension] });
    await seedParticipant(server.db, 'V-P', 'A');
    folder = await mkdtemp(join(tmpdir(), 'cxcr4pet-viewer-pairs-'));
    const lesionsOf = async (uid: string) => {
      const { instances } = await loadStudyOfSeries(server.store, uid);
      const suv = (await buildPetStudy(instances, { seriesInstanceUid: uid, values: 'bw' })).pet.volume;
      return findLesions(suv, { kind: 'suv', thresholdSuv: 4 }, { minVolumeMl: 0.5 }).lesions;
    };
    for (const [name, phantom] of [
      ['a', phantomA],
      ['b', phantomB],
    ] as const) {
      await importPhantomFiles(server.store, join(folder, name), phantom.files, 'V-P');
    }
    const [lesionsA, lesionsB] = [await lesionsOf(uidA), await lesionsOf(uidB)];
    // The series' own analysis of A, then a comparison stored under A (as the compare-series job does)
    // whose registration is the true pose: the viewer must serve each from its own row.
    const side = (uid: string, radiopharmaceutical: string) => ({
      folder: `series ${uid}`,
      pet: { seriesInstanceUid: uid, radiopharmaceutical },
      segmentation: { parameters: 'suv:4', minVolumeMl: 0.5, connectivity: 26, percist: null },
      exclusions: [],
    });
    const matching = matchLesions(lesionsA, lesionsB, { transform: phantomB.truth.pose, maxDistanceMm: 30 });
    const insert = (uid: string, inputs: string[], parameters: object, result: object) =>
      withChange(server.db.kysely, { actor: 'test-setup' }, (trx) =>
        trx
          .insertInto('analysis')
          .values({
            participant_id: 'V-P',
            series_instance_uid: uid,
            input_series_uids: JSON.stringify(inputs),
            parameters: JSON.stringify(parameters),
            software: JSON.stringify({ software: 'test' }),
            result: JSON.stringify(result),
            job_id: null,
            created_by: 'test-setup',
          })
          .returning('analysis_id')
          .executeTakeFirstOrThrow(),
      );
    await insert(
      uidA,
      [uidA],
      { arguments: ['--segment', 'suv:4'] },
      {
        segmentation: { parameters: 'suv:4', minVolumeMl: 0.5 },
        lesions: lesionsA,
      },
    );
    const { analysis_id } = await insert(
      uidA,
      [uidA, uidB],
      { arguments: ['--segment', 'suv:4'], otherSeriesInstanceUid: uidB, maxDistanceMm: 30 },
      {
        registration: {
          method: 'true pose (test)',
          ...phantomB.truth.pose,
          residualMm: 0,
        },
        matching: { method: 'Hungarian', maxDistanceMm: 30 },
        a: side(uidA, 'Ga68-Pentixafor'),
        b: side(uidB, 'Fluorodeoxyglucose'),
        pairs: matching.pairs,
        onlyA: matching.onlyA,
        onlyB: matching.onlyB,
        perPatient: {
          lesionsA: lesionsA.length,
          lesionsB: lesionsB.length,
          paired: matching.pairs.length,
        },
      },
    );
    comparisonId = analysis_id;
    reader = await server.signIn('reader-a');
  }, 180_000);
  afterAll(async () => {
    await server?.close();
    if (folder !== undefined) await rm(folder, { recursive: true, force: true });
  });

  it('lists the participant’s comparison and serves its pair: registration, matching, both studies', async () => {
    const list = await reader.send({ method: 'GET', url: `${base}/pairs` });
    expect(list.status, list.text).toBe(200);
    expect(list.body.pairs).toMatchObject([
      {
        pairId: comparisonId,
        a: { seriesInstanceUid: uidA, label: 'Pentixafor' },
        b: { seriesInstanceUid: uidB, label: 'FDG' },
      },
    ]);
    const response = await reader.send({
      method: 'GET',
      url: `${base}/pairs/${comparisonId}/viewer-pair.json`,
    });
    expect(response.status, response.text).toBe(200);
    const pair = response.body as {
      a: { studyId: string };
      b: { studyId: string };
      registration: { rotation: number[]; offsetMm: Vec3 };
      matching: { pairs: { a: number; b: number }[]; onlyA: number[]; onlyB: number[] };
    };
    expect(pair).toMatchObject({ schema: 'cxcr4pet-viewer-pair/1', id: comparisonId });
    expect(pair.a.studyId).toBe(`${uidA}_${comparisonId}`);
    expect(pair.b.studyId).toBe(`${uidB}_${comparisonId}`);

    // The matrix and offset take every true lesion centre of A to its true centre in B (1e-6 mm: the
    // pose itself, written as R·p + offset).
    const [r, o] = [pair.registration.rotation, pair.registration.offsetMm];
    const mapAToB = ([x, y, z]: Vec3): Vec3 => [
      (r[0] as number) * x + (r[1] as number) * y + (r[2] as number) * z + o[0],
      (r[3] as number) * x + (r[4] as number) * y + (r[5] as number) * z + o[1],
      (r[6] as number) * x + (r[7] as number) * y + (r[8] as number) * z + o[2],
    ];
    let mappedLesions = 0;
    for (const lesion of phantomA.truth.lesions) {
      const inB = phantomB.truth.lesions.find((l) => l.name === lesion.name)?.centreMm;
      if (inB === undefined) continue;
      expect(
        Math.hypot(...mapAToB(lesion.centreMm).map((v, axis) => v - (inB[axis] as number))),
        lesion.name,
      ).toBeLessThan(1e-6);
      mappedLesions++;
    }
    expect(mappedLesions).toBeGreaterThanOrEqual(5);

    // Each side's study shows that side's lesions: at every true lesion centre hot enough on both
    // tracers, A's label there and B's label there are a pair of the matching.
    const [labelsA, labelsB] = [await labelsOf(pair.a.studyId), await labelsOf(pair.b.studyId)];
    const at = (volume: typeof labelsA, lps: Vec3) => {
      const [nx, ny] = volume.dims;
      const [i, j, k] = lpsToIjk(volume, lps).map(Math.round) as [number, number, number];
      return volume.data[i + nx * (j + ny * k)] ?? 0;
    };
    let paired = 0;
    for (const lesion of phantomA.truth.lesions) {
      const other = phantomB.truth.lesions.find((l) => l.name === lesion.name);
      if (other === undefined) continue;
      const [la, lb] = [at(labelsA, lesion.centreMm), at(labelsB, other.centreMm)];
      if (la === 0 || lb === 0) continue;
      expect(pair.matching.pairs, lesion.name).toContainEqual(expect.objectContaining({ a: la, b: lb }));
      paired++;
    }
    expect(paired).toBeGreaterThanOrEqual(3);
    const sideA = await reader.send({ method: 'GET', url: `${base}/studies/${pair.a.studyId}/viewer.json` });
    expect(sideA.body.lesionVolumeId).toBe(`${pair.a.studyId}-lesions`);
    const labelsInTable = (sideA.body.lesions as { label: number }[]).map((l) => l.label);
    expect(labelsInTable).toEqual(
      [...pair.matching.pairs.map((p) => p.a), ...pair.matching.onlyA].sort((x, y) => x - y),
    );
  });

  it('serves series A from its own analysis although a newer comparison is stored under it', async () => {
    const study = await reader.send({ method: 'GET', url: `${base}/studies/${uidA}/viewer.json` });
    expect(study.status, study.text).toBe(200);
    expect(study.body.lesionVolumeId).toBe(`${uidA}-lesions`);
    expect(study.body.title).not.toContain(comparisonId);
  });

  it('refuses an unknown comparison and a study of an analysis that is not the series’ own', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const pair = await reader.send({ method: 'GET', url: `${base}/pairs/${unknown}/viewer-pair.json` });
    expect(pair.status).toBe(404);
    const study = await reader.send({ method: 'GET', url: `${base}/studies/${uidB}_${unknown}/viewer.json` });
    expect(study.status).toBe(404);
    expect(study.body.message).toContain(unknown);
    const statistician = await server.signIn('statistician-a');
    expect((await statistician.send({ method: 'GET', url: `${base}/pairs` })).status).toBe(403);
  });
});
