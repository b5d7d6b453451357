import { describe, expect, it } from 'vitest';
import { labelComponents } from './connected-components.ts';
import { ImagingError } from './errors.ts';
import { findLesions } from './find-lesions.ts';
import { blankVolume, lcg } from './test-volumes.ts';
import { maskFromVolume, thresholdMask } from './threshold.ts';

describe('thresholdMask', () => {
  it('keeps voxels at or above the threshold, never NaN, minus excluded ones', () => {
    const volume = blankVolume([5, 1, 1]);
    volume.data.set([1, 2.5, 3, Number.NaN, 4]);
    expect(Array.from(thresholdMask(volume, 2.5))).toEqual([0, 1, 1, 0, 1]);
    expect(Array.from(thresholdMask(volume, 2.5, Uint8Array.from([0, 0, 1, 0, 0])))).toEqual([0, 1, 0, 0, 1]);
  });

  it('refuses an exclusion mask of another grid', () => {
    expect(() => thresholdMask(blankVolume([2, 2, 2]), 1, new Uint8Array(4))).toThrow(ImagingError);
  });
});

describe('maskFromVolume', () => {
  it('marks non-zero voxels, NaN as zero', () => {
    const volume = blankVolume([4, 1, 1]);
    volume.data.set([0, 1, -2, Number.NaN]);
    expect(Array.from(maskFromVolume(volume))).toEqual([0, 1, 1, 0]);
  });
});

describe('threshold monotonicity (property over seeded random volumes)', () => {
  // A lower threshold can only add voxels: every lesion at the higher threshold lies inside one lesion
  // at the lower threshold, and the total volume never shrinks. 20 random 12³ volumes, 5 thresholds.
  it('never gives a smaller region for a lower threshold', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const random = lcg(seed);
      const volume = blankVolume([12, 12, 12]);
      for (let n = 0; n < volume.data.length; n++) volume.data[n] = 4 * random() ** 3;
      const thresholds = [3.5, 3, 2.5, 2, 1.5];
      let previous: Int32Array | undefined;
      let previousVolume = 0;
      for (const threshold of thresholds) {
        const { labels } = labelComponents(volume, thresholdMask(volume, threshold));
        const total = findLesions(volume, { kind: 'suv', thresholdSuv: threshold }).totals.totalVolumeMl;
        expect(total).toBeGreaterThanOrEqual(previousVolume);
        if (previous !== undefined) {
          // Each higher-threshold component maps into exactly one lower-threshold component.
          const into = new Map<number, number>();
          previous.forEach((label, n) => {
            if (label === 0) return;
            const lower = labels[n] ?? 0;
            expect(lower).not.toBe(0);
            expect(into.get(label) ?? lower).toBe(lower);
            into.set(label, lower);
          });
        }
        previous = labels;
        previousVolume = total;
      }
    }
  });
});
