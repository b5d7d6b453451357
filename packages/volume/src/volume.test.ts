import { describe, expect, it } from 'vitest';
import { type Grid, ijkToIndex, ijkToLps, indexToIjk, lpsToIjk, voxelVolumeMl } from './volume.ts';

// An oblique grid: i along +y, j along -x, k along +z (a 90° rotation about z), worked by hand.
const grid: Grid = {
  dims: [4, 3, 2],
  spacingMm: [2, 3, 5],
  originMm: [10, 20, 30],
  direction: [0, 1, 0, -1, 0, 0, 0, 0, 1],
};

describe('volume geometry', () => {
  it('places a voxel in patient coordinates along rotated axes', () => {
    // i = 1 moves 2 mm along +y; j = 2 moves 6 mm along -x; k = 1 moves 5 mm along +z.
    expect(ijkToLps(grid, [1, 2, 1])).toEqual([4, 22, 35]);
  });

  it('inverts ijkToLps with lpsToIjk', () => {
    const ijk = lpsToIjk(grid, [4, 22, 35]);
    expect(ijk[0]).toBeCloseTo(1, 12);
    expect(ijk[1]).toBeCloseTo(2, 12);
    expect(ijk[2]).toBeCloseTo(1, 12);
  });

  it('round-trips linear indices in i-fastest order', () => {
    expect(ijkToIndex(grid, 3, 2, 1)).toBe(3 + 4 * (2 + 3 * 1));
    expect(indexToIjk(grid, 23)).toEqual([3, 2, 1]);
  });

  it('gives voxel volume in millilitres', () => {
    expect(voxelVolumeMl(grid)).toBeCloseTo(0.03, 15);
  });
});
