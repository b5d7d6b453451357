import { ijkToIndex } from '@cxcr4pet/volume';
import { describe, expect, it } from 'vitest';
import { globalIntensityPeak, localIntensityPeak } from './intensity-peak.ts';
import { sphereOffsets } from './sphere.ts';
import { blankVolume, paintBox, paintVoxel } from './test-volumes.ts';
import { maskVoxels, sphereStatistics, unionMasks, voiStatistics } from './voi-statistics.ts';

describe('voiStatistics', () => {
  it('gives count, volume, mean, sample SD, min and max of four voxels 1, 2, 3, 4', () => {
    // 10 mm voxels: 1 ml each. mean 2.5; sample SD √((2·1.5² + 2·0.5²)/3) = √(5/3) = 1.29099.
    // The 1 cm³ peak sphere (r 6.2 mm) holds only its centre voxel, so peak = max = 4.
    const volume = blankVolume([4, 1, 1], [10, 10, 10]);
    volume.data.set([1, 2, 3, 4]);
    const stats = voiStatistics(volume, Uint8Array.from([1, 1, 1, 1]));
    expect(stats.voxelCount).toBe(4);
    expect(stats.volumeMl).toBeCloseTo(4, 12);
    expect(stats.mean).toBeCloseTo(2.5, 12);
    expect(stats.sd).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect([stats.min, stats.max, stats.peak]).toEqual([1, 4, 4]);
  });

  it('gives NaN statistics for an empty VOI', () => {
    const stats = voiStatistics(blankVolume([2, 2, 2]), new Uint8Array(8));
    expect(stats.voxelCount).toBe(0);
    expect(stats.mean).toBeNaN();
    expect(stats.peak).toBeNaN();
  });

  it('refuses a mask of another grid', () => {
    expect(() => voiStatistics(blankVolume([2, 2, 2]), new Uint8Array(7))).toThrow(/VOI mask has 7 voxels/);
  });
});

describe('intensity peaks', () => {
  // 2 mm voxels: the 1 cm³ sphere holds 123 voxels (see sphere.test.ts).
  const volume = blankVolume([15, 15, 15], [2, 2, 2]);
  paintVoxel(volume, [7, 7, 7], 10); // region maximum
  paintBox(volume, [2, 2, 2], [4, 4, 4], 5); // a 27-voxel block of 5 in the same region
  const offsets = sphereOffsets(volume, 6.2035);
  const region = maskVoxels(
    (() => {
      const m = new Uint8Array(volume.data.length);
      m[ijkToIndex(volume, 7, 7, 7)] = 1;
      m[ijkToIndex(volume, 3, 3, 3)] = 1;
      return m;
    })(),
  );

  it('centres the local peak on the maximum voxel: 10 / 123', () => {
    expect(localIntensityPeak(volume, region, offsets)).toBeCloseTo(10 / 123, 7);
  });

  it('takes the highest sphere mean over region voxels as the global peak: 27·5 / 123', () => {
    // Centred on (3,3,3) the sphere holds the whole 3×3×3 block (farthest corner √3·2 = 3.46 mm).
    expect(globalIntensityPeak(volume, region, offsets)).toBeCloseTo((27 * 5) / 123, 6);
  });

  it('averages only the voxels inside the image when the sphere crosses the border', () => {
    // At corner voxel (0,0,0) the sphere keeps the octant a,b,c ≥ 0 of a²+b²+c² ≤ 9.62: shells
    // 0:1, 1:3, 2:3, 3:1, 4:3, 5:6, 6:3, 8:3, 9:6 (3,0,0 and 2,2,1) = 29 voxels, so the mean is 29/29.
    const corner = blankVolume([5, 5, 5], [2, 2, 2]);
    paintVoxel(corner, [0, 0, 0], 29);
    expect(localIntensityPeak(corner, Int32Array.from([0]), sphereOffsets(corner, 6.2035))).toBeCloseTo(1, 6);
  });
});

describe('sphereStatistics', () => {
  it('measures a 10 mm reference sphere: the centre voxel and its 6 face neighbours at 5 mm', () => {
    // 5 mm voxels: radius 5 mm reaches the 6 face neighbours exactly (on the surface, counted).
    // Values: centre 4, neighbours 1 → mean 10/7, max 4.
    const volume = blankVolume([5, 5, 5], [5, 5, 5], 1);
    paintVoxel(volume, [2, 2, 2], 4);
    const stats = sphereStatistics(volume, [10, 10, 10], 10, 'ref blood-pool');
    expect(stats.voxelCount).toBe(7);
    expect(stats.mean).toBeCloseTo(10 / 7, 12);
    expect(stats.max).toBe(4);
  });

  it('names the reference when the sphere misses the volume', () => {
    expect(() => sphereStatistics(blankVolume([3, 3, 3]), [50, 0, 0], 10, 'ref spleen')).toThrow(
      /ref spleen/,
    );
  });
});

describe('unionMasks', () => {
  it('sets a voxel when any mask sets it and leaves the masks unchanged', () => {
    const volume = blankVolume([4, 1, 1]);
    const a = Uint8Array.from([1, 0, 0, 0]);
    const b = Uint8Array.from([0, 0, 1, 0]);
    expect(Array.from(unionMasks(volume, [a, b]))).toEqual([1, 0, 1, 0]);
    expect(Array.from(a)).toEqual([1, 0, 0, 0]);
  });

  it('names the mask of another grid', () => {
    expect(() => unionMasks(blankVolume([4, 1, 1]), [new Uint8Array(4), new Uint8Array(3)])).toThrow(
      /mask 2/,
    );
  });
});
