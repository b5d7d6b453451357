import { AXIAL_DIRECTION, type Grid, ijkToIndex, type Vec3 } from '@cxcr4pet/volume';
import { describe, expect, it } from 'vitest';
import { labelComponents, regionVoxels, voxelsOf } from './connected-components.ts';

const grid: Grid = { dims: [5, 5, 5], spacingMm: [1, 1, 1], originMm: [0, 0, 0], direction: AXIAL_DIRECTION };

function maskOf(points: readonly Vec3[]): Uint8Array {
  const mask = new Uint8Array(125);
  for (const [i, j, k] of points) mask[ijkToIndex(grid, i, j, k)] = 1;
  return mask;
}

describe('labelComponents', () => {
  // A diagonal configuration worked by hand. Voxels:
  //   A (1,1,1) and B (2,1,1) share a face;
  //   C (3,2,1) touches B along an edge (differs in i and j);
  //   D (4,3,2) touches C only at a corner (differs in i, j and k).
  // 6-connectivity: {A,B}, {C}, {D} → 3 components; 18: {A,B,C}, {D} → 2; 26: {A,B,C,D} → 1.
  const mask = maskOf([
    [1, 1, 1],
    [2, 1, 1],
    [3, 2, 1],
    [4, 3, 2],
  ]);

  it('joins only face neighbours with 6-connectivity', () => {
    const { labels, count } = labelComponents(grid, mask, 6);
    expect(count).toBe(3);
    expect(labels[ijkToIndex(grid, 1, 1, 1)]).toBe(labels[ijkToIndex(grid, 2, 1, 1)]);
    expect(labels[ijkToIndex(grid, 3, 2, 1)]).not.toBe(labels[ijkToIndex(grid, 2, 1, 1)]);
  });

  it('adds edge neighbours with 18-connectivity', () => {
    const { labels, count } = labelComponents(grid, mask, 18);
    expect(count).toBe(2);
    expect(labels[ijkToIndex(grid, 3, 2, 1)]).toBe(labels[ijkToIndex(grid, 1, 1, 1)]);
    expect(labels[ijkToIndex(grid, 4, 3, 2)]).not.toBe(labels[ijkToIndex(grid, 1, 1, 1)]);
  });

  it('adds corner neighbours with 26-connectivity, the default', () => {
    expect(labelComponents(grid, mask).count).toBe(1);
  });

  it('does not wrap around the volume edge', () => {
    // (4,0,0) and (0,1,0) are adjacent in memory (indices 4 and 5) but 4 voxels apart in space.
    expect(
      labelComponents(
        grid,
        maskOf([
          [4, 0, 0],
          [0, 1, 0],
        ]),
      ).count,
    ).toBe(2);
  });

  it('numbers components by their first voxel in memory order and leaves background at 0', () => {
    const { labels, count } = labelComponents(
      grid,
      maskOf([
        [0, 0, 4],
        [3, 3, 0],
      ]),
    );
    expect(count).toBe(2);
    expect(labels[ijkToIndex(grid, 3, 3, 0)]).toBe(1);
    expect(labels[ijkToIndex(grid, 0, 0, 4)]).toBe(2);
    expect(labels.reduce((sum, v) => sum + (v === 0 ? 1 : 0), 0)).toBe(123);
  });

  it('lists each component’s voxels in ascending order, as regionVoxels finds them in the label map', () => {
    for (const connectivity of [6, 18, 26] as const) {
      const { labels, count, regions } = labelComponents(grid, mask, connectivity);
      const rescanned = regionVoxels(labels, count);
      expect(Array.from(regions.offsets)).toEqual(Array.from(rescanned.offsets));
      expect(Array.from(regions.voxels)).toEqual(Array.from(rescanned.voxels));
    }
  });

  it('does not change its input mask', () => {
    const before = Array.from(mask);
    labelComponents(grid, mask, 6);
    expect(Array.from(mask)).toEqual(before);
  });
});

describe('regionVoxels', () => {
  it('lists each label’s voxels in ascending order', () => {
    const labels = Int32Array.from([0, 2, 1, 2, 0, 1, 2]);
    const regions = regionVoxels(labels, 2);
    expect(Array.from(voxelsOf(regions, 1))).toEqual([2, 5]);
    expect(Array.from(voxelsOf(regions, 2))).toEqual([1, 3, 6]);
  });
});
