import { describe, expect, it } from 'vitest';
import { exclusionMask } from './exclusion.ts';
import { findLesions } from './find-lesions.ts';
import { blankVolume, paintBox } from './test-volumes.ts';

describe('exclusionMask', () => {
  it('joins several spheres into one mask and counts each sphere’s voxels (radius 1 mm: 7 voxels)', () => {
    const grid = blankVolume([20, 20, 20]);
    const { mask, spheres } = exclusionMask(grid, [
      { name: 'bladder', centreLps: [5, 5, 5], radiusMm: 1 },
      { name: 'kidney', centreLps: [5, 6, 5], radiusMm: 1 },
    ]);
    expect(spheres.map((s) => s.voxelCount)).toEqual([7, 7]);
    // The two 7-voxel crosses share (5,5,5) and (5,6,5): 12 voxels in the union.
    expect(mask.reduce((s, v) => s + v, 0)).toBe(12);
  });

  it('removes an excluded hot organ from the lesions while keeping the lesion beside it', () => {
    const suv = blankVolume([30, 30, 30], [1, 1, 1], 1);
    paintBox(suv, [2, 2, 2], [6, 6, 6], 20); // "bladder", 125 voxels
    paintBox(suv, [20, 20, 20], [22, 22, 22], 8); // lesion, 27 voxels
    const { mask } = exclusionMask(suv, [{ name: 'bladder', centreLps: [4, 4, 4], radiusMm: 4 }]);
    const without = findLesions(suv, { kind: 'suv', thresholdSuv: 4 });
    expect(without.lesions.map((l) => l.voxelCount)).toEqual([125, 27]);
    const excluded = findLesions(suv, { kind: 'suv', thresholdSuv: 4 }, { exclusionMask: mask });
    expect(excluded.lesions.map((l) => l.voxelCount)).toEqual([27]);
  });

  it('rejects a radius that is not positive, naming the VOI', () => {
    const grid = blankVolume([5, 5, 5]);
    expect(() => exclusionMask(grid, [{ name: 'brain', centreLps: [1, 1, 1], radiusMm: 0 }])).toThrow(
      /exclude brain radius 0 mm/,
    );
  });
});
