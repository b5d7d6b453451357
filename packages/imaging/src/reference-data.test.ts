// Real and reference data for the imaging measures. The files are NIfTI, read with the dicom room's
// reader: a test-only import (devDependency); the imaging code itself imports only @cxcr4pet/volume.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readNifti } from '@cxcr4pet/dicom';
import { describe, expect, it } from 'vitest';
import { globalIntensityPeak, localIntensityPeak } from './intensity-peak.ts';
import { measureLesion } from './lesion-measures.ts';
import { PEAK_SPHERE_RADIUS_MM, sphereOffsets } from './sphere.ts';
import { maskFromVolume } from './threshold.ts';
import { maskVoxels, voiStatistics } from './voi-statistics.ts';

const testdata = (path: string) => fileURLToPath(new URL(`../../../testdata/${path}`, import.meta.url));
const nifti = (path: string) => readNifti(readFileSync(testdata(path)), path);

describe('the IBSI 1 digital phantom', () => {
  const image = nifti('ibsi/digital-phantom/nifti/image/phantom.nii.gz');
  const roi = maskVoxels(maskFromVolume(nifti('ibsi/digital-phantom/nifti/mask/mask.nii.gz')));
  const offsets = sphereOffsets(image, PEAK_SPHERE_RADIUS_MM);

  // IBSI reference values (testdata/ibsi/reference-values.csv, 'dig. phantom'): local intensity peak
  // VJGA 2.6 and global intensity peak 0F91 3.1, both given to 2 significant digits, so ±0.05.
  // The voxel of 9 just outside the ROI must enter the spheres: without it neither value is reached.
  it('gives the IBSI local intensity peak 2.6', () => {
    expect(Math.abs(localIntensityPeak(image, roi, offsets) - 2.6)).toBeLessThan(0.05);
  });

  it('gives the IBSI global intensity peak 3.1', () => {
    expect(Math.abs(globalIntensityPeak(image, roi, offsets) - 3.1)).toBeLessThan(0.05);
  });
});

describe('the real STS-001 FDG PET with its NIfTI tumour mask', () => {
  const pet = nifti('real-pet/sts-001-pet/PET_image.nii.gz');
  const mask = maskFromVolume(nifti('real-pet/sts-001-pet/PET_mask.nii.gz'));

  // Cross-check values computed independently with numpy (testdata/README.md): 5095 voxels, 366.08 ml,
  // SUVmax 7.9107, SUVmean 2.5551, IBSI local intensity peak 5.313. They are printed to 4–5 significant
  // digits, so the tolerance is half a unit of the last printed digit.
  it('matches the independent voxel count, volume, SUVmax, SUVmean and local peak', () => {
    const stats = voiStatistics(pet, mask);
    expect(stats.voxelCount).toBe(5095);
    expect(Math.abs(stats.volumeMl - 366.08)).toBeLessThan(0.005);
    expect(Math.abs(stats.max - 7.9107)).toBeLessThan(0.00005);
    expect(Math.abs(stats.mean - 2.5551)).toBeLessThan(0.00005);
    expect(Math.abs(stats.peak - 5.313)).toBeLessThan(0.0005);
  });

  it('measures the tumour as a lesion with the same figures and TLU = SUVmean × volume', () => {
    const lesion = measureLesion(pet, maskVoxels(mask), 1, sphereOffsets(pet, PEAK_SPHERE_RADIUS_MM));
    expect(lesion.voxelCount).toBe(5095);
    expect(Math.abs(lesion.suvPeak - 5.313)).toBeLessThan(0.0005);
    expect(lesion.suvPeakGlobal).toBeGreaterThanOrEqual(lesion.suvPeak);
    expect(lesion.totalLesionUptake).toBeCloseTo(lesion.suvMean * lesion.volumeMl, 9);
    expect(Math.abs(lesion.totalLesionUptake - 2.5551 * 366.08)).toBeLessThan(0.05);
  });
});
