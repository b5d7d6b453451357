import { forChunks, type Mask, type Vec3, type Volume, voxelVolumeMl } from '@cxcr4pet/volume';
import { ImagingError } from './errors.ts';
import { localIntensityPeak } from './intensity-peak.ts';
import { PEAK_SPHERE_RADIUS_MM, type SphereOffsets, sphereOffsets, sphereVoxels } from './sphere.ts';

/**
 * Statistics of the volume's values inside a VOI. Values carry the volume's unit (SUV when the volume
 * is in SUV). `sd` is the sample standard deviation (n − 1; NaN for one voxel), the usual choice for
 * reference regions (PERCIST). `peak` is the IBSI local intensity peak (1 cm³ sphere centred on the
 * VOI's maximum voxel, every image voxel with its centre in the sphere, also outside the VOI).
 * Empty VOI: voxelCount 0 and NaN statistics.
 */
export interface VoiStatistics {
  readonly voxelCount: number;
  readonly volumeMl: number;
  readonly mean: number;
  readonly sd: number;
  readonly min: number;
  readonly max: number;
  readonly peak: number;
}

/** Throws `ImagingError` ('grid-mismatch') unless the mask has one entry per voxel of the volume. */
export function checkSameGrid(volume: Volume, mask: Mask | Int32Array, field: string): void {
  if (mask.length !== volume.data.length) {
    throw new ImagingError(
      'grid-mismatch',
      `The ${field} has ${mask.length} voxels but the volume has ${volume.data.length}; they must share one grid.`,
      { field },
    );
  }
}

/** Indices of the voxels set in a mask, in ascending order. */
export function maskVoxels(mask: Mask): Int32Array {
  let count = 0;
  forChunks(mask.length, (start, end) => {
    for (let n = start; n < end; n++) if (mask[n] !== 0) count++;
  });
  const voxels = new Int32Array(count);
  let m = 0;
  forChunks(mask.length, (start, end) => {
    for (let n = start; n < end; n++) if (mask[n] !== 0) voxels[m++] = n;
  });
  return voxels;
}

/** Statistics of a region given as voxel indices (see `VoiStatistics`). */
export function regionStatistics(
  volume: Volume,
  voxels: Int32Array,
  peakOffsets: SphereOffsets = sphereOffsets(volume, PEAK_SPHERE_RADIUS_MM),
): VoiStatistics {
  const data = volume.data;
  const n = voxels.length;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let m = 0; m < n; m++) {
    const value = data[voxels[m] as number] as number;
    sum += value;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const mean = n > 0 ? sum / n : Number.NaN;
  let squares = 0; // two-pass variance: exact enough for float32 data over millions of voxels
  for (let m = 0; m < n; m++) squares += ((data[voxels[m] as number] as number) - mean) ** 2;
  return {
    voxelCount: n,
    volumeMl: n * voxelVolumeMl(volume),
    mean,
    sd: n > 1 ? Math.sqrt(squares / (n - 1)) : Number.NaN,
    min: n > 0 ? min : Number.NaN,
    max: n > 0 ? max : Number.NaN,
    peak: localIntensityPeak(volume, voxels, peakOffsets),
  };
}

/** Statistics of the volume inside a mask VOI (sphere, box, organ or lesion mask on the same grid). */
export function voiStatistics(volume: Volume, mask: Mask): VoiStatistics {
  checkSameGrid(volume, mask, 'VOI mask');
  return regionStatistics(volume, maskVoxels(mask));
}

/**
 * Statistics of a spherical VOI of `diameterMm` at `centreLps` (patient LPS mm), e.g. an organ reference
 * (liver 30 mm, blood pool 10 mm). Voxels count when their centre lies in the sphere. Throws
 * `ImagingError` ('outside-volume', naming `field`) when the sphere holds no voxel.
 */
export function sphereStatistics(
  volume: Volume,
  centreLps: Vec3,
  diameterMm: number,
  field = 'sphere',
): VoiStatistics {
  return regionStatistics(volume, sphereVoxels(volume, centreLps, diameterMm / 2, field));
}

/** The union of masks on one grid (e.g. several exclusion VOIs): a voxel is set when any mask sets it. */
export function unionMasks(volume: Volume, masks: readonly Mask[]): Mask {
  const union = new Uint8Array(volume.data.length);
  masks.forEach((mask, n) => {
    checkSameGrid(volume, mask, `mask ${n + 1}`);
    forChunks(union.length, (start, end) => {
      for (let m = start; m < end; m++) if (mask[m] !== 0) union[m] = 1;
    });
  });
  return union;
}
