import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUser, withChange } from '@cxcr4pet/db';
import { buildPetStudy } from '@cxcr4pet/dicom';
import { findLesions } from '@cxcr4pet/imaging';
import { phantomStudyFiles } from '@cxcr4pet/phantom';
import { loadStudyOfSeries } from '@cxcr4pet/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from './auth/passwords.ts';
import { viewerStudiesExtension } from './routes/viewer-studies.ts';
import { seedParticipant } from './test-fixtures.ts';
import { type Client, startTestServer, TEST_PASSWORD, type TestServer } from './test-support.ts';
import { fetchServedVolume, importPhantomFiles } from './viewer-test-support.ts';

// A sharp, noise-free digital patient (PSF and noise off), so every PET voxel's true SUV is known:
// the served volume must give it back up to the 16-bit storage step of the DICOM files.
const phantom = phantomStudyFiles({
  tracer: 'pentixafor',
  seed: 21,
  dims: [40, 28, 96],
  spacingMm: [10, 10, 10],
  fwhmMm: 0,
  noise: false,
});
const petUid = phantom.truth.series.petSeriesInstanceUid;

describe('viewer studies from the store (extension)', () => {
  let server: TestServer;
  let folder: string;
  let reader: Client;
  const base = '/api/participants/V-A/viewer';

  const volume = (client: Client, id: string) => fetchServedVolume(client, base, id);

  beforeAll(async () => {
    server = await startTestServer({ extensions: [viewerStudiesExtension] });
    await seedParticipant(server.db, 'V-A', 'A');
    await createUser(
      server.db.kysely,
      { actor: 'test-setup' },
      {
        userId: 'reader-b',
        displayName: 'reader at B',
        role: 'reader',
        siteIds: ['B'],
        passwordHash: await hashPassword(TEST_PASSWORD),
      },
    );
    folder = await mkdtemp(join(tmpdir(), 'cxcr4pet-viewer-studies-'));
    await importPhantomFiles(server.store, folder, phantom.files, 'V-A');
    // The analysis the worker would store (analyze's pipeline: the PET study in SUVbw, findLesions at suv:4).
    const { instances } = await loadStudyOfSeries(server.store, petUid);
    const suv = (await buildPetStudy(instances, { seriesInstanceUid: petUid, values: 'bw' })).pet.volume;
    const found = findLesions(suv, { kind: 'suv', thresholdSuv: 4 }, { minVolumeMl: 0.5 });
    await withChange(server.db.kysely, { actor: 'test-setup' }, (trx) =>
      trx
        .insertInto('analysis')
        .values({
          participant_id: 'V-A',
          series_instance_uid: petUid,
          input_series_uids: JSON.stringify([petUid]),
          parameters: JSON.stringify({ arguments: ['--segment', 'suv:4'] }),
          software: JSON.stringify({ software: 'test' }),
          result: JSON.stringify({
            segmentation: { parameters: 'suv:4', minVolumeMl: 0.5 },
            lesions: found.lesions,
          }),
          job_id: null,
          created_by: 'test-setup',
        })
        .execute(),
    );
    reader = await server.signIn('reader-a');
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    if (folder !== undefined) await rm(folder, { recursive: true, force: true });
  });

  it('serves the SUV, CT, lesion labels and lesion table of a stored study, matching the phantom’s truth', async () => {
    const study = await reader.send({ method: 'GET', url: `${base}/studies/${petUid}/viewer.json` });
    expect(study.status, study.text).toBe(200);
    expect(study.body).toMatchObject({
      schema: 'cxcr4pet-viewer-study/1',
      id: petUid,
      participantId: 'V-A',
      petVolumeId: `${petUid}-pet`,
      ctVolumeId: `${petUid}-ct`,
      lesionVolumeId: `${petUid}-lesions`,
      thresholdSuv: 4,
      minVolumeMl: 0.5,
    });

    // Every PET voxel: the true SUV within 1e-4 × the image maximum. The files store Bq/ml as 16-bit
    // integers with slope = max / 32767, so rounding costs at most max / 65534 ≈ 1.5e-5 × max.
    const pet = await volume(reader, `${petUid}-pet`);
    const truth = phantom.study.suvTruth;
    expect(pet.dims).toEqual(truth.dims);
    const maxTruth = truth.data.reduce((m, v) => Math.max(m, v), 0);
    let worst = 0;
    for (let n = 0; n < truth.data.length; n++)
      worst = Math.max(worst, Math.abs((pet.data[n] as number) - (truth.data[n] as number)));
    expect(worst).toBeLessThanOrEqual(1e-4 * maxTruth);

    // CT: whole HU (int16 on the wire) of the phantom's CT, within rounding to whole HU.
    const ct = await volume(reader, `${petUid}-ct`);
    expect(ct.dims).toEqual(phantom.study.ctHu.dims);
    let worstHu = 0;
    for (let n = 0; n < ct.data.length; n++)
      worstHu = Math.max(worstHu, Math.abs((ct.data[n] as number) - (phantom.study.ctHu.data[n] as number)));
    expect(worstHu).toBeLessThanOrEqual(0.5 + 1e-3);

    // Each true lesion hotter than the threshold: its voxels carry one label, and that label's table row
    // has SUVmax = the lesion's true SUV (within the same 1e-4 × max storage step).
    const labels = await volume(reader, `${petUid}-lesions`);
    const table = study.body.lesions as { label: number; suvMax: number }[];
    const hot = phantom.truth.lesions.filter((l) => l.suv > 4);
    expect(hot.length).toBeGreaterThan(0);
    let checked = 0;
    for (const lesion of hot) {
      const voxels: number[] = [];
      phantom.study.labels.forEach((label, n) => {
        if (label === lesion.label) voxels.push(n);
      });
      if (voxels.length === 0) continue; // a lesion smaller than a voxel may hold no voxel centre
      const served = new Set(voxels.map((n) => labels.data[n] as number));
      expect(served.size, lesion.name).toBe(1);
      const label = [...served][0] as number;
      expect(label, lesion.name).toBeGreaterThan(0);
      const row = table.find((r) => r.label === label);
      expect(Math.abs((row?.suvMax ?? 0) - lesion.suv), lesion.name).toBeLessThanOrEqual(1e-4 * maxTruth);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('answers a second open with 304 from its ETag, and keeps the study built', async () => {
    const url = `${base}/volumes/${petUid}-pet/data.f32`;
    const first = await reader.send({ method: 'GET', url });
    expect(first.headers['cache-control']).toBe('private, no-cache');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const again = await reader.send({ method: 'GET', url, headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.bytes.byteLength).toBe(0);
    const other = await reader.send({ method: 'GET', url, headers: { 'if-none-match': '"stale"' } });
    expect(other.status).toBe(200);
    expect(Buffer.compare(other.bytes, first.bytes)).toBe(0);
  });

  it('refuses another site’s reader, roles without image access, other series and wrong files', async () => {
    const url = `${base}/studies/${petUid}/viewer.json`;
    const otherSite = await server.signIn('reader-b');
    expect((await otherSite.send({ method: 'GET', url })).status).toBe(404);
    const statistician = await server.signIn('statistician-a');
    expect((await statistician.send({ method: 'GET', url })).status).toBe(403);
    const ctAsStudy = await reader.send({
      method: 'GET',
      url: `${base}/studies/${phantom.truth.series.ctSeriesInstanceUid}/viewer.json`,
    });
    expect(ctAsStudy.status).toBe(404);
    expect(ctAsStudy.body.message).toContain('no stored PET series');
    const wrongType = await reader.send({
      method: 'GET',
      url: `${base}/volumes/${petUid}-ct/data.f32`,
    });
    expect(wrongType.status).toBe(404);
    expect(wrongType.body.message).toContain('data.i16');
  });
});
