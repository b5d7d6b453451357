import { AXIAL_DIRECTION, type Grid, ijkToIndex } from '@cxcr4pet/volume';
import { describe, expect, it } from 'vitest';
import { resampleMaskNearest } from './resample-mask.ts';

describe('resampleMaskNearest', () => {
  const fine: Grid = {
    dims: [8, 8, 8],
    spacingMm: [1, 1, 1],
    originMm: [0, 0, 0],
    direction: AXIAL_DIRECTION,
  };

  it('is the identity on the same grid', () => {
    const mask = Uint8Array.from({ length: 512 }, (_, n) => (n % 7 === 0 ? 1 : 0));
    expect(Array.from(resampleMaskNearest(fine, mask, fine))).toEqual(Array.from(mask));
  });

  it('samples the source voxel nearest each target centre on a coarser, shifted grid', () => {
    // Target voxels of 2 mm centred at 0.6, 2.6, 4.6, 6.6 mm: nearest source centres 1, 3, 5, 7 (rounding
    // 0.6 → 1). Source mask: the voxel (3, 5, 1) only → target voxel (1, 2, 0).
    const coarse: Grid = {
      dims: [4, 4, 4],
      spacingMm: [2, 2, 2],
      originMm: [0.6, 0.6, 0.6],
      direction: AXIAL_DIRECTION,
    };
    const mask = new Uint8Array(512);
    mask[ijkToIndex(fine, 3, 5, 1)] = 1;
    const out = resampleMaskNearest(fine, mask, coarse);
    expect(out.reduce((n, v) => n + v, 0)).toBe(1);
    expect(out[ijkToIndex(coarse, 1, 2, 0)]).toBe(1);
  });

  it('leaves target voxels outside the source grid unset', () => {
    const far: Grid = { ...fine, originMm: [100, 0, 0] };
    expect(resampleMaskNearest(fine, new Uint8Array(512).fill(1), far).some((v) => v !== 0)).toBe(false);
  });
});
