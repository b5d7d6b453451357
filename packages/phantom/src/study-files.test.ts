import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Vec3 } from '@cxcr4pet/volume';
import dcmjs from 'dcmjs';
import { describe, expect, it } from 'vitest';
import type { PhantomOptions } from './phantom.ts';
import { phantomStudyFiles, type StudyFile } from './study-files.ts';

// A small grid through the upper abdomen (z 420–536 mm): liver, spleen, heart, lungs, spine and
// the vertebral lesion; enough for file-level tests and fast.
const SMALL: Vec3 = [48, 40, 30];

function read(file: StudyFile | undefined): {
  natural: Record<string, unknown>;
  raw: Record<string, { Value: unknown[] }>;
  stored: Int16Array;
} {
  if (!file) throw new Error('missing file');
  const buffer = file.bytes.buffer.slice(
    file.bytes.byteOffset,
    file.bytes.byteOffset + file.bytes.byteLength,
  ) as ArrayBuffer;
  const { dict } = dcmjs.data.DicomMessage.readFile(buffer);
  const natural = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict);
  const pixels = (natural.PixelData as unknown[])[0];
  if (!(pixels instanceof ArrayBuffer)) throw new Error('no pixels');
  return { natural, raw: dict, stored: new Int16Array(pixels) };
}

const num = (value: unknown): number => Number(Array.isArray(value) ? value[0] : value);

function petFiles(files: readonly StudyFile[]): StudyFile[] {
  return files.filter((f) => f.path.startsWith('PET/'));
}

/** k of a slice from its ImagePositionPatient z on the study's grid. */
function sliceK(natural: Record<string, unknown>, originZ: number, spacingZ: number): number {
  return Math.round((num((natural.ImagePositionPatient as unknown[])[2]) - originZ) / spacingZ);
}

describe('phantomStudyFiles', () => {
  it('writes the same bytes for the same seed and different bytes for another seed', () => {
    const options: PhantomOptions = { tracer: 'fdg', dims: SMALL, seed: 3 };
    const a = phantomStudyFiles(options).files;
    const b = phantomStudyFiles(options).files;
    expect(a.map((f) => f.path)).toEqual(b.map((f) => f.path));
    for (let n = 0; n < a.length; n++)
      expect(Buffer.compare(Buffer.from(a[n]?.bytes ?? []), Buffer.from(b[n]?.bytes ?? []))).toBe(0);
    const c = phantomStudyFiles({ ...options, seed: 4 }).files;
    expect(Buffer.compare(Buffer.from(a[0]?.bytes ?? []), Buffer.from(c[0]?.bytes ?? []))).not.toBe(0);
  });

  it('gives back the true SUV of every voxel of a sharp noise-free study within the 16-bit step', () => {
    const { files, study, truth } = phantomStudyFiles({
      tracer: 'pentixafor',
      dims: SMALL,
      fwhmMm: 0,
      noise: false,
    });
    const [nx, ny] = study.grid.dims;
    const pet = petFiles(files);
    expect(pet).toHaveLength(SMALL[2]);
    let worst = 0;
    for (const file of pet) {
      const { natural, stored } = read(file);
      const k = sliceK(natural, study.grid.originMm[2], study.grid.spacingMm[2]);
      const slope = num(natural.RescaleSlope);
      // Bound: |stored × slope − Bq/ml| ≤ slope / 2, so in SUV ≤ slope / 2 × SUV per Bq/ml
      // (plus float32 rounding of the volume, < 1e-7 relative).
      const bound = (slope / 2) * truth.acquisition.suvBwPerBqMl;
      for (let n = 0; n < nx * ny; n++) {
        const suv = (stored[n] as number) * slope * truth.stored.suvBwPerStoredValue;
        const error = Math.abs(suv - (study.suvTruth.data[k * nx * ny + n] as number));
        worst = Math.max(worst, error / (bound + 1e-6));
        expect(error).toBeLessThanOrEqual(bound * (1 + 1e-6) + 1e-6);
      }
    }
    expect(worst).toBeGreaterThan(0.05); // the bound is tight, not vacuous
  });

  it('writes the acquisition facts of truth.json into the PET files', () => {
    const { files, truth } = phantomStudyFiles({ tracer: 'fdg', dims: SMALL });
    const { natural } = read(petFiles(files)[0]);
    const item = (natural.RadiopharmaceuticalInformationSequence as Record<string, unknown>[])[0] ?? {};
    expect(num(item.RadionuclideTotalDose)).toBe(truth.acquisition.injectedActivityBq);
    expect(num(item.RadionuclideHalfLife)).toBe(6586.2);
    expect(item.RadiopharmaceuticalStartDateTime).toBe('20260316090000');
    expect(natural.SeriesTime).toBe('100000');
    expect(num(natural.PatientWeight)).toBe(72);
    expect(num(natural.PatientSize)).toBe(1.74);
    expect(natural.FrameOfReferenceUID).toBe(truth.series.frameOfReferenceUid);
    const ct = read(files.find((f) => f.path.startsWith('CT/')));
    expect(ct.natural.FrameOfReferenceUID).toBe(truth.series.frameOfReferenceUid);
    expect(ct.natural.Modality).toBe('CT');
    const json = JSON.parse(new TextDecoder().decode(files.find((f) => f.path === 'truth.json')?.bytes));
    expect(json.schema).toBe('cxcr4pet-phantom-truth/1');
    expect(json.lesions.length).toBe(truth.lesions.length);
  });

  it("writes a participant's own activity, injection time, sex and identity; the stored SUV is unchanged", () => {
    const sharp = { tracer: 'pentixafor', dims: SMALL, fwhmMm: 0, noise: false } as const;
    const own = phantomStudyFiles({
      ...sharp,
      acquisition: { injectedActivityBq: 96.4e6, injectionDateTime: '2024-05-02T10:17:00', sex: 'F' },
      patient: { name: 'Participant^Synthetic 007', id: 'CX-007', birthDate: '19580214' },
      withoutTruthFile: true,
    });
    expect(own.files.some((f) => f.path === 'truth.json')).toBe(false);
    const first = read(petFiles(own.files)[0]).natural;
    const item = (first.RadiopharmaceuticalInformationSequence as Record<string, unknown>[])[0] ?? {};
    expect(num(item.RadionuclideTotalDose)).toBe(96.4e6);
    expect(item.RadiopharmaceuticalStartDateTime).toBe('20240502101700');
    expect(first.SeriesDate).toBe('20240502');
    expect(first.SeriesTime).toBe('111700'); // 60 min uptake
    expect(first.PatientSex).toBe('F');
    expect(first.PatientID).toBe('CX-007');
    expect(first.PatientBirthDate).toBe('19580214');
    // Another study (its own UIDs), the same SUV: Bq/ml scale with the activity, stored SUV does not.
    const base = phantomStudyFiles(sharp);
    expect(own.truth.series.studyInstanceUid).not.toBe(base.truth.series.studyInstanceUid);
    expect(own.truth.acquisition.suvBwPerBqMl / base.truth.acquisition.suvBwPerBqMl).toBeCloseTo(
      148 / 96.4,
      12,
    );
    const suvOf = (file: StudyFile | undefined, factor: number) => {
      const { natural, stored } = read(file);
      return Array.from(stored, (v) => v * num(natural.RescaleSlope) * factor);
    };
    const middle = Math.floor(SMALL[2] / 2);
    const a = suvOf(petFiles(own.files)[middle], own.truth.stored.suvBwPerStoredValue);
    const b = suvOf(petFiles(base.files)[middle], base.truth.stored.suvBwPerStoredValue);
    // Both within half a 16-bit step of the same true SUV: at most one step apart (relative to the maximum).
    const maximum = Math.max(...b);
    const worst = Math.max(...a.map((v, i) => Math.abs(v - (b[i] as number))));
    expect(worst).toBeLessThanOrEqual(maximum / 32767 + 1e-9);
    expect(maximum).toBeGreaterThan(1); // the slice holds tissue, not only air
  });

  it('stores the variants as the reader must undo them: ADMIN, GML, CNTS, NONE with delay', () => {
    const base = { tracer: 'pentixafor', dims: SMALL, fwhmMm: 0, noise: false } as const;
    const ref = phantomStudyFiles(base);
    const lambda = Math.LN2 / 4062.6;
    // Compare the value of the hottest voxel of the middle slice (instance 15) across variants.
    const slice15Max = (
      options: PhantomOptions,
    ): { value: number; natural: Record<string, unknown>; raw: Record<string, { Value: unknown[] }> } => {
      const file = phantomStudyFiles(options).files.find((f) => f.path === 'PET/PT-0015.dcm');
      const { natural, stored, raw } = read(file);
      const max = stored.reduce((m, v) => Math.max(m, v), 0);
      return { value: max * num(natural.RescaleSlope), natural, raw };
    };
    const start = slice15Max(base).value;
    // ADMIN: corrected back to injection, × e^{λ·3600} = × 1.848212.
    expect(slice15Max({ ...base, variant: { decayCorrection: 'ADMIN' } }).value / start).toBeCloseTo(
      Math.exp(lambda * 3600),
      4,
    );
    // GML: the stored value is SUVbw itself.
    expect(
      slice15Max({ ...base, variant: { units: 'GML' } }).value / (start * ref.truth.acquisition.suvBwPerBqMl),
    ).toBeCloseTo(1, 4);
    // NONE with acquisition 300 s after series start, 120 s frames: the frame-average activity,
    // × e^{−λ·300} × (1 − e^{−λ·120}) / (λ·120) = 0.950086 × 0.989815.
    const frameMean = (1 - Math.exp(-lambda * 120)) / (lambda * 120);
    expect(
      slice15Max({ ...base, variant: { decayCorrection: 'NONE', acquisitionDelayS: 300 } }).value / start,
    ).toBeCloseTo(Math.exp(-lambda * 300) * frameMean, 4);
    // CNTS: counts × slope × Philips SUV factor = SUV; × activity factor = Bq/ml.
    const cnts = slice15Max({ ...base, variant: { units: 'CNTS' } });
    const suvFactor = num(cnts.raw['70531000']?.Value);
    const bqFactor = num(cnts.raw['70531009']?.Value);
    expect((cnts.value * bqFactor) / start).toBeCloseTo(1, 4);
    expect((cnts.value * suvFactor) / (start * ref.truth.acquisition.suvBwPerBqMl)).toBeCloseTo(1, 4);
  });

  it('writes injection before midnight with the scan after it, time-only injection and no weight', () => {
    const { files } = phantomStudyFiles({
      tracer: 'fdg',
      dims: SMALL,
      variant: { injectionAcrossMidnight: true, writeInjectionDate: false, omitWeight: true },
    });
    const { natural } = read(petFiles(files)[0]);
    const item = (natural.RadiopharmaceuticalInformationSequence as Record<string, unknown>[])[0] ?? {};
    expect(natural.SeriesDate).toBe('20260316');
    expect(natural.SeriesTime).toBe('003000');
    expect(item.RadiopharmaceuticalStartTime).toBe('233000');
    expect(item.RadiopharmaceuticalStartDateTime).toBeUndefined();
    expect(natural.PatientWeight).toBeUndefined();
  });
});

const hasDciodvfy = spawnSync('dciodvfy', ['-help'], { stdio: 'ignore' }).error === undefined;
if (!hasDciodvfy)
  console.warn('dciodvfy not found (Debian package dicom3tools): phantom DICOM validation skipped');

describe.skipIf(!hasDciodvfy)('phantom DICOM validity (dciodvfy)', () => {
  it('finds no errors in the first and last PET and CT slices of a phantom study', () => {
    const { files } = phantomStudyFiles({ tracer: 'pentixafor', dims: SMALL, variant: { units: 'CNTS' } });
    const pet = files.filter((f) => f.path.startsWith('PET/'));
    const ct = files.filter((f) => f.path.startsWith('CT/'));
    const sample = [pet[0], pet[pet.length - 1], ct[0], ct[ct.length - 1]];
    const dir = mkdtempSync(join(tmpdir(), 'cxcr4pet-phantom-'));
    try {
      const errors: string[] = [];
      sample.forEach((file, n) => {
        if (!file) throw new Error('missing file');
        const path = join(dir, `${n}.dcm`);
        writeFileSync(path, file.bytes);
        const result = spawnSync('dciodvfy', [path], { encoding: 'utf8' });
        errors.push(
          ...`${result.stdout}\n${result.stderr}`
            .split('\n')
            .filter((l) => l.startsWith('Error'))
            .map((l) => `${file.path}: ${l}`),
        );
      });
      expect(errors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
