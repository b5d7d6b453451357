import type { Mask, Volume } from '@cxcr4pet/volume';
import { forChunks } from '@cxcr4pet/volume';
import { checkSameGrid } from './voi-statistics.ts';

/**
 * Voxels with value ≥ `threshold` (NaN never passes), minus the voxels set in `exclusionMask`.
 * Fixed-threshold segmentation (e.g. SUV ≥ 2.5, or the PERCIST threshold).
 */
export function thresholdMask(volume: Volume, threshold: number, exclusionMask?: Mask): Mask {
  if (exclusionMask !== undefined) checkSameGrid(volume, exclusionMask, 'exclusion mask');
  const data = volume.data;
  const mask = new Uint8Array(data.length);
  forChunks(data.length, (start, end) => {
    for (let n = start; n < end; n++) if ((data[n] as number) >= threshold) mask[n] = 1;
  });
  if (exclusionMask !== undefined) {
    forChunks(data.length, (start, end) => {
      for (let n = start; n < end; n++) if (exclusionMask[n] !== 0) mask[n] = 0;
    });
  }
  return mask;
}

/** A mask of the non-zero voxels of a volume (e.g. a label image read from NIfTI). NaN counts as zero. */
export function maskFromVolume(volume: Volume): Mask {
  const data = volume.data;
  const mask = new Uint8Array(data.length);
  forChunks(data.length, (start, end) => {
    for (let n = start; n < end; n++) {
      const value = data[n] as number;
      if (value !== 0 && !Number.isNaN(value)) mask[n] = 1;
    }
  });
  return mask;
}
