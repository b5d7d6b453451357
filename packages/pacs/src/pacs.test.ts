import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildPetStudy,
  readDicomInstance,
  readSegmentation,
  SEGMENT_CODES,
  writeMeasurementReport,
  writeSegmentation,
} from '@cxcr4pet/dicom';
import { phantomStudyFiles } from '@cxcr4pet/phantom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DicomWebClient } from './dicomweb/client.ts';
import { startStoreScp } from './dimse/scp.ts';
import { type DimseNode, findStudies, moveStudy, storeFiles } from './dimse/scu.ts';
import { PacsError } from './errors.ts';
import { type ImportProgress, importSeries } from './import-series.ts';
import { freePort, hasOrthanc, startOrthanc, type TestOrthanc } from './testing/orthanc.ts';

const hasStorescu = spawnSync('storescu', ['--version'], { stdio: 'ignore' }).error === undefined;
const SCP_AE = 'CXCR4PET';

// A small phantom (32 × 32 × 40 voxels of 16 × 16 × 24 mm): 40 PET and 40 CT slices.
const phantom = phantomStudyFiles({
  tracer: 'pentixafor',
  seed: 3,
  dims: [32, 32, 40],
  spacingMm: [16, 16, 24],
});
const dicomFiles = phantom.files.filter((file) => file.path.endsWith('.dcm'));
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const originalBySop = new Map(
  dicomFiles.map((f) => [readDicomInstance(f.bytes, f.path).sopInstanceUid, sha(f.bytes)]),
);
const truth = phantom.truth;

function storescu(args: readonly string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile('storescu', [...args], { timeout: 30_000 }, (error, _stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stderr });
    });
  });
}

async function filesUnder(folder: string): Promise<{ name: string; bytes: Uint8Array }[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return Promise.all(
    entries
      .filter((e) => e.isFile() && e.name.endsWith('.dcm'))
      .map(async (e) => ({
        name: e.name,
        bytes: new Uint8Array(await readFile(join(e.parentPath, e.name))),
      })),
  );
}

describe.skipIf(!hasOrthanc)('PACS against a real Orthanc (DICOMweb and DIMSE)', () => {
  let orthanc: TestOrthanc;
  let root: string;
  let scpPort: number;
  let scp: { close: () => void };
  const stored: string[] = [];
  const rejected: string[] = [];
  let node: DimseNode;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'cxcr4pet-pacs-'));
    scpPort = await freePort();
    scp = await startStoreScp(
      {
        aeTitle: SCP_AE,
        allowedCallingAes: ['ORTHANC', 'STORESCU'],
        folder: join(root, 'scp'),
        onStored: (s) => stored.push(s.sopInstanceUid),
        onRejected: (r) => rejected.push(r.reason),
      },
      scpPort,
    );
    orthanc = await startOrthanc({ [SCP_AE]: scpPort });
    node = { host: '127.0.0.1', port: orthanc.dicomPort, calledAe: orthanc.aeTitle, callingAe: SCP_AE };
    // Upload through Orthanc's own REST API (an independent path from the client under test).
    for (const file of dicomFiles) {
      const response = await fetch(`${orthanc.httpUrl}/instances`, { method: 'POST', body: file.bytes });
      expect(response.ok).toBe(true);
    }
  }, 60_000);

  afterAll(async () => {
    scp?.close();
    await orthanc?.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('finds the study with QIDO-RS by patient ID, date and modality', async () => {
    const client = new DicomWebClient(orthanc.dicomWebUrl);
    const studies = await client.searchStudies({
      patientId: 'PHANTOM-3',
      studyDate: '20260316',
      modality: 'PT',
    });
    expect(studies.map((s) => s.studyInstanceUid)).toEqual([truth.series.studyInstanceUid]);
    expect([...(studies[0]?.modalities ?? [])].sort()).toEqual(['CT', 'PT']);
    expect(await client.searchStudies({ patientId: 'NOBODY' })).toEqual([]);
    expect(await client.searchStudies({ patientId: 'PHANTOM-3', studyDate: '20250101-20251231' })).toEqual(
      [],
    );
    const series = await client.searchSeries(truth.series.studyInstanceUid);
    expect(series.map((s) => s.modality).sort()).toEqual(['CT', 'PT']);
  });

  it('imports the PET and CT series over WADO-RS byte for byte, idempotently by SOP Instance UID', async () => {
    const client = new DicomWebClient(orthanc.dicomWebUrl);
    const destination = join(root, 'import');
    const series = await client.searchSeries(truth.series.studyInstanceUid);
    const progress: ImportProgress[] = [];
    const first = await importSeries(client, series, destination, (p) => progress.push(p));
    expect(first).toMatchObject({ received: 80, alreadyPresent: 0 });
    expect(progress.at(-1)).toMatchObject({ done: 40, total: 40 });
    const files = await filesUnder(destination);
    expect(files).toHaveLength(80);
    for (const file of files)
      expect(sha(file.bytes), file.name).toBe(originalBySop.get(file.name.slice(0, -4)));
    // The import path reads them like any folder: the PET volume is the phantom's.
    const study = await buildPetStudy(files.map((f) => readDicomInstance(f.bytes, f.name)));
    expect(study.pet.seriesInstanceUid).toBe(truth.series.petSeriesInstanceUid);
    expect(study.pet.volume.dims).toEqual([32, 32, 40]);
    // Again: nothing fetched. One file removed: only that one fetched.
    expect(await importSeries(client, series, destination)).toMatchObject({
      received: 0,
      alreadyPresent: 80,
    });
    const one = files[7]?.name ?? '';
    await unlink(join(destination, truth.series.petSeriesInstanceUid, one)).catch(() =>
      unlink(join(destination, truth.series.ctSeriesInstanceUid, one)),
    );
    expect(await importSeries(client, series, destination)).toMatchObject({
      received: 1,
      alreadyPresent: 79,
    });
  });

  it.skipIf(!hasStorescu)(
    'receives a push from storescu (dcmtk) on the C-STORE SCP and rejects an unknown caller',
    async () => {
      const pet = join(root, 'import', truth.series.petSeriesInstanceUid);
      const sent = (await readdir(pet)).slice(0, 5);
      const names = sent.map((n) => join(pet, n));
      // storescu runs as a child process the event loop does not wait on (the SCP answers in this process).
      const ok = await storescu(['-aet', 'STORESCU', '-aec', SCP_AE, '127.0.0.1', String(scpPort), ...names]);
      expect(ok.code, ok.stderr).toBe(0);
      // Stored under study/series by SOP Instance UID, and readable as the same instances.
      const folder = join(root, 'scp', truth.series.studyInstanceUid, truth.series.petSeriesInstanceUid);
      const received = await filesUnder(folder);
      expect(received.map((f) => f.name).sort()).toEqual([...sent].sort());
      for (const file of received)
        expect(readDicomInstance(file.bytes, file.name).sopInstanceUid).toBe(file.name.slice(0, -4));
      const before = rejected.length;
      const refused = await storescu([
        '-aet',
        'INTRUDER',
        '-aec',
        SCP_AE,
        '127.0.0.1',
        String(scpPort),
        names[0] ?? '',
      ]);
      expect(refused.code).not.toBe(0);
      expect(rejected.slice(before)).toEqual(['calling AE INTRUDER is not allowed']);
    },
  );

  it('finds with C-FIND and C-MOVEs the study from Orthanc to our SCP', async () => {
    const hits = await findStudies(node, { patientId: 'PHANTOM-3', modality: 'PT' });
    expect(hits.map((h) => h.studyInstanceUid)).toEqual([truth.series.studyInstanceUid]);
    const result = await moveStudy(node, SCP_AE, truth.series.studyInstanceUid);
    expect(result).toMatchObject({ completed: 80, failed: 0 });
    const received = await filesUnder(join(root, 'scp', truth.series.studyInstanceUid));
    expect(received).toHaveLength(80);
    // The SCP writes the dataset it received: the PET builds the same volume as the original files.
    const [a, b] = [
      await buildPetStudy(received.map((f) => readDicomInstance(f.bytes, f.name))),
      await buildPetStudy(dicomFiles.map((f) => readDicomInstance(f.bytes, f.path))),
    ];
    expect(Buffer.from(a.pet.volume.data.buffer).equals(Buffer.from(b.pet.volume.data.buffer))).toBe(true);
  });

  it('sends SEG and SR back with STOW-RS (and C-STORE) and Orthanc stores them', async () => {
    const study = await buildPetStudy(dicomFiles.map((f) => readDicomInstance(f.bytes, f.path)));
    const grid = study.pet.volume;
    const labels = new Int32Array(grid.data.length);
    const max = grid.data.reduce((m, v) => Math.max(m, v), 0);
    grid.data.forEach((v, n) => {
      if (v > 0.5 * max) labels[n] = 1;
    });
    const series = (number: number) => ({
      seriesInstanceUid: `2.25.${number}1234567`,
      sopInstanceUid: `2.25.${number}7654321`,
      seriesNumber: number,
      description: 'test',
      contentDateTime: '2026-03-16T12:00:00',
      softwareVersion: 'test',
    });
    const seg = writeSegmentation({
      source: study.pet.source,
      grid,
      series: series(901),
      segments: [
        {
          label: 'Lesion 1',
          category: SEGMENT_CODES.morphologicallyAlteredStructure,
          type: SEGMENT_CODES.lesion,
          algorithm: { kind: 'AUTOMATIC', name: 'half max' },
          region: { kind: 'label', labels, value: 1 },
        },
      ],
    });
    const sr = writeMeasurementReport({
      source: study.pet.source,
      segmentation: series(901),
      suvKind: 'bw',
      isFdg: false,
      lesions: [
        { segmentNumber: 1, suvMax: 1, suvMean: 0.5, suvPeak: 0.75, volumeMl: 2, totalLesionUptake: 1 },
      ],
      algorithm: { name: 'test', version: '1', parameters: [] },
      series: series(902),
    });
    const client = new DicomWebClient(orthanc.dicomWebUrl);
    expect(await client.store([seg.bytes])).toEqual([series(901).sopInstanceUid]);
    expect(await storeFiles(node, [sr.bytes])).toBe(1);
    const modalities = (await client.searchSeries(truth.series.studyInstanceUid))
      .map((s) => s.modality)
      .sort();
    expect(modalities).toEqual(['CT', 'PT', 'SEG', 'SR']);
    const back: { bytes: Uint8Array }[] = [];
    for await (const instance of client.retrieveSeries(
      truth.series.studyInstanceUid,
      series(901).seriesInstanceUid,
    ))
      back.push(instance);
    expect(back).toHaveLength(1);
    const segments = readSegmentation(back[0]?.bytes ?? new Uint8Array(), grid);
    expect(Buffer.from(segments[0]?.mask ?? []).equals(Buffer.from(labels.map((v) => v)))).toBe(true);
  });

  it('fails with one clear line for an unreachable node or a refused association', async () => {
    const closed = await freePort();
    await expect(
      new DicomWebClient(`http://127.0.0.1:${closed}/dicom-web`).searchStudies({}),
    ).rejects.toThrow(/^cannot reach http:\/\/127\.0\.0\.1:\d+\/dicom-web\/studies/);
    await expect(findStudies({ ...node, calledAe: 'WRONG' }, {})).rejects.toBeInstanceOf(PacsError);
    await expect(new DicomWebClient(`${orthanc.httpUrl}/no-such`).searchStudies({})).rejects.toThrow(
      /answered 404/,
    );
  });
});
