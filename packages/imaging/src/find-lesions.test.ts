import { ijkToIndex, type Volume } from '@cxcr4pet/volume';
import { describe, expect, it } from 'vitest';
import { ImagingError } from './errors.ts';
import { findLesions } from './find-lesions.ts';
import { parseSegmentation } from './segmentation.ts';
import { boxMask } from './sphere.ts';
import { paintBox } from './test-volumes.ts';

// 2 mm voxels (0.008 ml), origin (10, 20, 30) mm, background SUV 1.
//   A: 3×3×3 cube of SUV 5 at ijk 4..6 → 27 voxels, 0.216 ml, TLU 5 × 0.216 = 1.08,
//      centroid ijk (5,5,5) → LPS (20, 30, 40).
//   B: 2×2×2 cube of SUV 3 at ijk 12..13 → 8 voxels, 0.064 ml, TLU 0.192, centroid ijk 12.5 → 35 mm etc.
// SUVpeak of A (1 cm³ sphere, r 6.2035 mm, 123 voxels on this grid): centred on A's centre voxel the
// sphere holds all 27 cube voxels (corner at 2√3 = 3.46 mm) and 96 background voxels: (27·5 + 96)/123.
// All 27 voxels share the maximum; IBSI takes the highest of their sphere means, which is the centre's.
// (A lies ≥ 4 voxels from the border: a sphere clipped by the border averages fewer background voxels.)
function twoCubes(): Volume {
  const data = new Float32Array(18 * 18 * 18).fill(1);
  const volume: Volume = {
    dims: [18, 18, 18],
    spacingMm: [2, 2, 2],
    originMm: [10, 20, 30],
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    data,
  };
  paintBox(volume, [4, 4, 4], [6, 6, 6], 5);
  paintBox(volume, [12, 12, 12], [13, 13, 13], 3);
  return volume;
}

describe('findLesions', () => {
  const volume = twoCubes();

  it('measures two cubes above SUV 2.5 exactly, hottest first', () => {
    const { lesions, totals, thresholdSuv } = findLesions(volume, parseSegmentation('suv:2.5'));
    expect(thresholdSuv).toBe(2.5);
    expect(lesions).toHaveLength(2);
    const [a, b] = lesions;
    expect(a?.label).toBe(1);
    expect(a?.voxelCount).toBe(27);
    expect(a?.volumeMl).toBeCloseTo(0.216, 12);
    expect(a?.suvMax).toBe(5);
    expect(a?.suvMean).toBe(5);
    expect(a?.totalLesionUptake).toBeCloseTo(1.08, 12);
    expect(a?.centroidMm).toEqual([20, 30, 40]);
    expect(a?.suvPeak).toBeCloseTo((27 * 5 + 96) / 123, 6);
    expect(a?.suvPeakGlobal).toBeCloseTo((27 * 5 + 96) / 123, 6);
    expect(b?.label).toBe(2);
    expect(b?.voxelCount).toBe(8);
    expect(b?.totalLesionUptake).toBeCloseTo(0.192, 12);
    expect(b?.centroidMm).toEqual([35, 45, 55]);
    expect(totals.lesionCount).toBe(2);
    expect(totals.totalVolumeMl).toBeCloseTo(0.28, 12);
    expect(totals.totalLesionUptake).toBeCloseTo(1.272, 12);
  });

  it('labels each lesion’s voxels with its label', () => {
    const { labels } = findLesions(volume, parseSegmentation('suv:2.5'));
    expect(labels[ijkToIndex(volume, 5, 5, 5)]).toBe(1);
    expect(labels[ijkToIndex(volume, 12, 13, 12)]).toBe(2);
    expect(labels.reduce((n, v) => n + (v === 1 ? 1 : 0), 0)).toBe(27);
    expect(labels.reduce((n, v) => n + (v === 0 ? 1 : 0), 0)).toBe(18 ** 3 - 35);
  });

  it('drops lesions below the minimum volume', () => {
    // B is 0.064 ml: dropped at 0.1 ml; A (0.216 ml) stays and keeps label 1.
    const { lesions } = findLesions(volume, parseSegmentation('suv:2.5'), { minVolumeMl: 0.1 });
    expect(lesions.map((l) => l.voxelCount)).toEqual([27]);
    // A volume exactly at the limit is kept: 27 voxels = 0.216 ml.
    expect(findLesions(volume, parseSegmentation('suv:2.5'), { minVolumeMl: 0.216 }).lesions).toHaveLength(1);
  });

  it('removes excluded voxels before segmentation', () => {
    const exclusionMask = boxMask(volume, [10, 20, 30], [24, 34, 44]); // covers ijk 0..7, holding A
    const { lesions } = findLesions(volume, parseSegmentation('suv:2.5'), { exclusionMask });
    expect(lesions.map((l) => l.suvMax)).toEqual([3]);
  });

  it('finds the same two cubes with percent:41 (each cube is its own maximum plateau)', () => {
    // A's contour 2.05 and B's 1.23 are above the background 1, so each lesion is exactly its cube.
    const { lesions, thresholdSuv } = findLesions(volume, parseSegmentation('percent:41'));
    expect(thresholdSuv).toBeUndefined();
    expect(lesions.map((l) => l.voxelCount)).toEqual([27, 8]);
  });

  it('segments at the PERCIST threshold from a liver sphere', () => {
    // The liver sphere (r 15 mm) at (38, 28, 46) mm = ijk (14, 4, 8) lies in uniform background 1, at
    // ≥ 16.5 mm from both cubes: mean 1, SD 0 → threshold 1.5, so both cubes (5 and 3) are lesions.
    const { lesions, percist, thresholdSuv } = findLesions(volume, parseSegmentation('percist'), {
      percistReference: { kind: 'liver', centreLps: [38, 28, 46] },
    });
    expect(percist?.meanSuv).toBeCloseTo(1, 12);
    expect(thresholdSuv).toBeCloseTo(1.5, 12);
    expect(lesions).toHaveLength(2);
  });

  it('asks for the liver reference when PERCIST has none', () => {
    expect(() => findLesions(volume, parseSegmentation('percist'))).toThrow(ImagingError);
    expect(() => findLesions(volume, parseSegmentation('percist'))).toThrow(/--ref liver=x,y,z/);
  });

  it('rejects an exclusion mask of another grid and a connectivity of 8', () => {
    expect(() =>
      findLesions(volume, parseSegmentation('suv:2'), { exclusionMask: new Uint8Array(3) }),
    ).toThrow(/exclusion mask has 3 voxels/);
    expect(() => findLesions(volume, parseSegmentation('suv:2'), { connectivity: 8 as 6 })).toThrow(
      /Connectivity 8/,
    );
  });

  it('does not change the SUV volume', () => {
    const before = Array.from(volume.data);
    findLesions(volume, parseSegmentation('percent:41'));
    findLesions(volume, parseSegmentation('suv:2'));
    expect(Array.from(volume.data)).toEqual(before);
  });
});
