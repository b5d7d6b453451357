import { readdirSync, readFileSync } from 'node:fs';
import { ijkToIndex, voxelVolumeMl } from '@cxcr4pet/volume';
import { describe, expect, it } from 'vitest';
import { readNifti } from '../nifti/read-nifti.ts';
import reference from './fixtures/real-pet-pydicom.json' with { type: 'json' };
import { readDicomInstance } from './map-instance.ts';
import { buildPetStudy, suvVolume } from './read-pet-study.ts';

/*
 * Real scanner files (testdata/real-pet) against values computed independently with pydicom and
 * numpy (fixtures/real-pet-pydicom.py, committed with its output) and the SUV factors testdata/README
 * lists from calculate-suv 1.1.0. Voxel values are float32 here and float64 there: relative
 * tolerance 1e-6 per voxel (float32 has 24-bit mantissa, 6e-8, plus the Bq/ml ↔ SUV round trip),
 * 1e-5 on sums of ~10⁵ voxels.
 */

const testdata = new URL('../../../../testdata/real-pet/', import.meta.url);

function read(path: string) {
  return readDicomInstance(new Uint8Array(readFileSync(new URL(path, testdata))), path);
}

function relative(actual: number, expected: number): number {
  return expected === 0 ? Math.abs(actual) : Math.abs(actual / expected - 1);
}

describe('the real GE FDG series sts-001 (59 slices, Units GML, DecayCorrection ADMIN)', async () => {
  const names = readdirSync(new URL('sts-001-pet/image/', testdata)).reverse();
  const study = await buildPetStudy(names.map((name) => read(`sts-001-pet/image/${name}`)));
  const pet = study.pet;
  const truth = reference['sts-001-pet'];

  it('has the geometry pydicom reads, slices sorted by position although files were given in reverse', () => {
    expect(pet.volume.dims).toEqual(truth.dims);
    for (const [n, s] of pet.volume.spacingMm.entries()) expect(s).toBeCloseTo(truth.spacingMm[n] ?? 0, 9);
    expect(pet.volume.originMm).toEqual(truth.originMm);
  });

  it('returns the stored SUV exactly as Bq/ml × SUVbw factor', () => {
    let sum = 0;
    let max = 0;
    for (const value of pet.volume.data) {
      sum += value * pet.suvScale.bw;
      max = Math.max(max, value * pet.suvScale.bw);
    }
    expect(relative(max, truth.max)).toBeLessThan(1e-6);
    expect(relative(sum, truth.sum)).toBeLessThan(1e-5);
    for (const { ijk, value } of truth.samples) {
      const [i = 0, j = 0, k = 0] = ijk;
      const suv = (pet.volume.data[ijkToIndex(pet.volume, i, j, k)] ?? Number.NaN) * pet.suvScale.bw;
      expect(relative(suv, value), `voxel ${ijk}: ${suv} vs ${value}`).toBeLessThan(1e-6);
    }
  });

  it('matches the NIfTI export of the same series voxel by voxel, and the README cross-check in its mask', () => {
    // MIRP wrote PET_image.nii.gz (float32 SUV) and PET_mask.nii.gz from these DICOM files; the
    // NIfTI reader is independent of the DICOM path. Per-voxel relative tolerance 1e-5 (float32
    // on both sides plus the Bq/ml round trip), absolute 1e-6 SUV near zero.
    const image = readNifti(
      new Uint8Array(readFileSync(new URL('sts-001-pet/PET_image.nii.gz', testdata))),
      'PET_image',
    );
    const mask = readNifti(
      new Uint8Array(readFileSync(new URL('sts-001-pet/PET_mask.nii.gz', testdata))),
      'PET_mask',
    );
    expect(image.dims).toEqual(pet.volume.dims);
    for (const [n, origin] of image.originMm.entries())
      expect(origin).toBeCloseTo(pet.volume.originMm[n] ?? 0, 3);
    let worst = 0;
    let count = 0;
    let sum = 0;
    let max = 0;
    for (let n = 0; n < image.data.length; n++) {
      const suv = (pet.volume.data[n] ?? 0) * pet.suvScale.bw;
      const nifti = image.data[n] ?? 0;
      worst = Math.max(worst, Math.abs(suv - nifti) / Math.max(Math.abs(nifti), 0.1));
      if ((mask.data[n] ?? 0) > 0.5) {
        count++;
        sum += suv;
        max = Math.max(max, suv);
      }
    }
    expect(worst).toBeLessThan(1e-5);
    // testdata/README.md: 5095 voxels, 366.08 ml, SUVmax 7.9107, SUVmean 2.5551 (4–5 digits given).
    expect(count).toBe(5095);
    expect(count * voxelVolumeMl(pet.volume)).toBeCloseTo(366.08, 1);
    expect(max).toBeCloseTo(7.9107, 3);
    expect(sum / count).toBeCloseTo(2.5551, 3);
  });

  it('reads the acquisition facts and decays nothing for ADMIN', () => {
    expect(pet.units).toBe('GML');
    expect(pet.decayCorrection).toBe('ADMIN');
    expect(pet.nuclide).toBe('F-18');
    expect(pet.injectedActivityBq).toBe(388777472);
    expect(pet.weightKg).toBe(71);
    expect(pet.heightM).toBe(1.63);
    expect(pet.decayTimeS).toBe(0);
    // ADMIN: SUVbw factor = weight / dose = 71 000 g / 388 777 472 Bq = 1.826237…e-4 g/Bq.
    expect(relative(pet.suvScale.bw, 71000 / 388777472)).toBeLessThan(1e-12);
    expect(pet.warnings).toEqual([]);
  });
});

describe('two real single PET slices (ACRIN-FLT-Breast, BQML, DecayCorrection START)', () => {
  // SUVbw factors from testdata/README (calculate-suv 1.1.0): given to 5 significant digits.
  const cases = [
    ['1.dcm', 'acrin-1', 5.9425e-4],
    ['2.dcm', 'acrin-2', 4.7355e-4],
  ] as const;
  for (const [file, key, factor] of cases) {
    it(`reads ${file} in Bq/ml and gives the published SUVbw factor`, async () => {
      const study = await buildPetStudy([read(`acrin-flt-breast-slices/${file}`)]);
      const truth = reference[key];
      expect(study.pet.volume.dims).toEqual(truth.dims);
      expect(study.pet.volume.spacingMm).toEqual(truth.spacingMm);
      let max = 0;
      for (const value of study.pet.volume.data) max = Math.max(max, value);
      expect(relative(max, truth.max)).toBeLessThan(1e-6);
      for (const { ijk, value } of truth.samples) {
        const [i = 0, j = 0, k = 0] = ijk;
        expect(
          relative(study.pet.volume.data[ijkToIndex(study.pet.volume, i, j, k)] ?? Number.NaN, value),
        ).toBeLessThan(1e-6);
      }
      // 5 significant digits: half a unit in the last is ≤ 1.1e-4 relative.
      expect(relative(study.pet.suvScale.bw, factor)).toBeLessThan(1.1e-4);
    });
  }

  it('uses the series time as decay reference when it equals the injection time (slice 2)', async () => {
    const study = await buildPetStudy([read('acrin-flt-breast-slices/2.dcm')]);
    // SeriesTime 11:19:59.109, RadiopharmaceuticalStartTime 11:19:59.000: 0.109 s of decay.
    expect(study.pet.decayTimeS).toBeCloseTo(0.109, 6);
  });
});

describe('PET volumes built straight in SUV', () => {
  it('equal the Bq/ml volume scaled by the SUV factor, and convert between kinds', async () => {
    const folder = new URL('sts-001-pet/image/', testdata);
    const files = readdirSync(folder).map((name) =>
      readDicomInstance(new Uint8Array(readFileSync(new URL(name, folder))), name),
    );
    const bqml = await buildPetStudy(files);
    const bw = await buildPetStudy(files, { values: 'bw' });
    expect(bqml.pet.values).toBe('bqml');
    expect(bw.pet.values).toBe('bw');
    const scaled = suvVolume(bqml.pet, 'bw');
    expect(suvVolume(bw.pet, 'bw')).toBe(bw.pet.volume);
    const lbm = suvVolume(bw.pet, 'lbm');
    const lbmFactor = (bqml.pet.suvScale.lbm ?? Number.NaN) / bqml.pet.suvScale.bw;
    // Folding the factor into the slope rounds once in float32 instead of twice: 2 float32 ulps (1.2e-7 each).
    let worst = 0;
    let worstLbm = 0;
    for (let n = 0; n < scaled.data.length; n++) {
      const expected = scaled.data[n] as number;
      const got = bw.pet.volume.data[n] as number;
      if (expected !== 0) worst = Math.max(worst, Math.abs(got / expected - 1));
      if (got !== 0) worstLbm = Math.max(worstLbm, Math.abs((lbm.data[n] as number) / (got * lbmFactor) - 1));
    }
    expect(worst).toBeLessThanOrEqual(2.4e-7);
    expect(worstLbm).toBeLessThanOrEqual(2.4e-7);
  });
});
