import { ijkToIndex } from '@cxcr4pet/volume';
import { describe, expect, it } from 'vitest';
import { labelComponents, regionVoxels } from './connected-components.ts';
import { growPercentRegions } from './percent-growth.ts';
import { blankVolume, gaussianBlur, lcg, paintBox, paintVoxel } from './test-volumes.ts';

const params = { percent: 41, seedSuv: 2.5, minDipFraction: 0.3 } as const;

function sizes(labels: Int32Array, count: number): number[] {
  const out = new Array<number>(count).fill(0);
  for (const label of labels) if (label > 0) out[label - 1] = (out[label - 1] ?? 0) + 1;
  return out;
}

describe('growPercentRegions', () => {
  // Two cubes touching through a one-voxel wall: A (4×4×4, SUV 8) at i 1..4, wall (SUV 3) at i 5,
  // B (3×4×4, SUV 6) at i 6..8, zero elsewhere. Worked by hand for 41 %:
  //   A's contour 0.41 × 8 = 3.28 excludes the wall (3); B's contour 0.41 × 6 = 2.46 includes it, so a
  //   plain 41 % iso-contour of B grows through the wall into A. The watershed gives the wall to A (its
  //   highest neighbour, 8 > 6) below A's contour, so it blocks B: A = 64 voxels, B = 48 voxels.
  //   Dip of B: (6 − 3) / 6 = 0.5 ≥ 0.3, so the two stay separate.
  const touching = blankVolume([10, 6, 6]);
  paintBox(touching, [1, 1, 1], [4, 4, 4], 8);
  paintBox(touching, [5, 1, 1], [5, 4, 4], 3);
  paintBox(touching, [6, 1, 1], [8, 4, 4], 6);

  it('keeps two lesions apart where one 41 % iso-contour would join them', () => {
    const isoB = new Uint8Array(touching.data.length).map((_, n) =>
      (touching.data[n] ?? 0) >= 2.46 ? 1 : 0,
    );
    expect(labelComponents(touching, isoB).count).toBe(1); // the naive contour of B swallows A

    const { labels, count } = growPercentRegions(touching, params);
    expect(count).toBe(2);
    expect(sizes(labels, count).sort((a, b) => a - b)).toEqual([48, 64]);
    expect(labels[ijkToIndex(touching, 5, 2, 2)]).toBe(0); // the wall belongs to neither lesion
    expect(labels[ijkToIndex(touching, 2, 2, 2)]).not.toBe(labels[ijkToIndex(touching, 7, 2, 2)]);
  });

  it('merges the two cubes when the dip is too shallow to count (dip fraction 0.6 > 0.5)', () => {
    // B joins A's region, whose maximum 8 sets the contour 3.28. The wall (3) is below it, so B's cube
    // is a separate piece of the contour; only the piece holding the maximum is kept: A, 64 voxels.
    const { labels, count } = growPercentRegions(touching, { ...params, minDipFraction: 0.6 });
    expect(count).toBe(1);
    expect(sizes(labels, count)).toEqual([64]);
  });

  it('grows a contour of 41 % of the lesion’s own maximum from the seed', () => {
    // 3×3×3 core of SUV 5 with a centre voxel of 10, inside a 5×5×5 shell of SUV 3.
    // 41 %: level 4.1 → the 27 core voxels. 25 %: level 2.5 → all 125 voxels.
    const volume = blankVolume([7, 7, 7]);
    paintBox(volume, [1, 1, 1], [5, 5, 5], 3);
    paintBox(volume, [2, 2, 2], [4, 4, 4], 5);
    paintVoxel(volume, [3, 3, 3], 10);
    expect(sizes(growPercentRegions(volume, params).labels, 1)).toEqual([27]);
    expect(sizes(growPercentRegions(volume, { ...params, percent: 25 }).labels, 1)).toEqual([125]);
  });

  it('treats two hot spots with a shallow dip as one lesion, and splits them with a smaller dip fraction', () => {
    // A 5×3×3 block of SUV 8 with hot voxels 10 and 9 at its two ends: dip of the 9 is (9 − 8)/9 = 0.11.
    const volume = blankVolume([7, 5, 5]);
    paintBox(volume, [1, 1, 1], [5, 3, 3], 8);
    paintVoxel(volume, [1, 2, 2], 10);
    paintVoxel(volume, [5, 2, 2], 9);
    const merged = growPercentRegions(volume, params);
    expect(merged.count).toBe(1);
    expect(sizes(merged.labels, 1)).toEqual([45]);
    const split = growPercentRegions(volume, { ...params, minDipFraction: 0.1 });
    expect(split.count).toBe(2);
    expect(sizes(split.labels, 2).reduce((a, b) => a + b, 0)).toBe(45); // the block is shared out whole
  });

  it('starts no lesion from a maximum below the seed SUV', () => {
    const volume = blankVolume([5, 5, 5]);
    paintBox(volume, [1, 1, 1], [3, 3, 3], 2.4);
    expect(growPercentRegions(volume, params).count).toBe(0);
    expect(growPercentRegions(volume, { ...params, seedSuv: 2.4 }).count).toBe(1);
  });

  it('ignores excluded voxels entirely', () => {
    const exclusionMask = new Uint8Array(touching.data.length);
    for (let k = 1; k <= 4; k++)
      for (let j = 1; j <= 4; j++)
        for (let i = 1; i <= 4; i++) exclusionMask[ijkToIndex(touching, i, j, k)] = 1;
    // Without A, B's contour at 2.46 takes B (48) and the wall (16): 64 voxels.
    const { labels, count } = growPercentRegions(touching, { ...params, exclusionMask });
    expect(count).toBe(1);
    expect(sizes(labels, count)).toEqual([64]);
  });

  it('lists each lesion’s voxels as they stand in the label map', () => {
    const { labels, count, regions } = growPercentRegions(touching, params);
    const rescanned = regionVoxels(labels, count);
    expect(Array.from(regions.offsets)).toEqual(Array.from(rescanned.offsets));
    expect(Array.from(regions.voxels)).toEqual(Array.from(rescanned.voxels));
  });

  it('keeps a blurred sphere with 15 % voxel noise as one lesion', () => {
    // Truth: one sphere (radius 10 mm, SUV 8, background 1), 2 mm voxels, PSF 6 mm FWHM, then
    // multiplicative Gaussian noise of 15 % per voxel. Noise makes many local maxima inside the sphere;
    // their dips (~15–25 %) stay under the default 0.3, so every seed must merge into one lesion.
    for (const seed of [1, 2, 3]) {
      const sharp = blankVolume([30, 30, 30], [2, 2, 2], 1);
      for (let n = 0; n < sharp.data.length; n++) {
        const [i, j, k] = [n % 30, Math.floor(n / 30) % 30, Math.floor(n / 900)];
        if (Math.hypot(i - 14.5, j - 14.5, k - 14.5) * 2 <= 10) sharp.data[n] = 8;
      }
      const noisy = gaussianBlur(sharp, 6);
      const random = lcg(seed);
      for (let n = 0; n < noisy.data.length; n++) {
        const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
        noisy.data[n] = (noisy.data[n] ?? 0) * (1 + 0.15 * normal);
      }
      expect(growPercentRegions(noisy, { ...params, seedSuv: 4 }).count).toBe(1);
    }
  });

  it('does not change its input volume', () => {
    const before = Array.from(touching.data);
    growPercentRegions(touching, params);
    expect(Array.from(touching.data)).toEqual(before);
  });

  it('rejects a percentage outside (0, 100)', () => {
    expect(() => growPercentRegions(touching, { ...params, percent: 120 })).toThrow(/0 < percent < 100/);
  });
});
