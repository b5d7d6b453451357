import { ijkToIndex } from '@cxcr4pet/volume';
import { describe, expect, it } from 'vitest';
import { rasteriseContours } from './contour-mask.ts';
import { blankVolume } from './test-volumes.ts';

/** A closed square in the plane z (LPS mm) with corners (x0, y0) and (x1, y1). */
function square(x0: number, y0: number, x1: number, y1: number, z: number) {
  return { pointsLps: [x0, y0, z, x1, y0, z, x1, y1, z, x0, y1, z] };
}

function count(mask: Uint8Array): number {
  return mask.reduce((n, v) => n + v, 0);
}

describe('rasteriseContours', () => {
  // 1 mm voxels with centres at integer mm (origin 0): a square from 1.5 to 5.5 mm holds the centres
  // 2, 3, 4, 5 along each axis: 16 voxels, on slice z = 2 only.
  const grid = blankVolume([10, 10, 5]);

  it('takes the voxels whose centres lie inside the polygon', () => {
    const { mask, planesOutside } = rasteriseContours(grid, [square(1.5, 1.5, 5.5, 5.5, 2)]);
    expect(count(mask)).toBe(16);
    expect(planesOutside).toBe(0);
    expect(mask[ijkToIndex(grid, 2, 2, 2)]).toBe(1);
    expect(mask[ijkToIndex(grid, 5, 5, 2)]).toBe(1);
    expect(mask[ijkToIndex(grid, 6, 5, 2)]).toBe(0);
    expect(mask[ijkToIndex(grid, 2, 2, 1)]).toBe(0);
  });

  it('counts a centre on the left or lower edge as inside and on the right or upper edge as outside', () => {
    // Square 2..5 mm: centres 2, 3, 4 along each axis (5 lies on the far edge): 9 voxels.
    expect(count(rasteriseContours(grid, [square(2, 2, 5, 5, 2)]).mask)).toBe(9);
  });

  it('makes a hole where a second contour of the same plane lies inside the first (even-odd)', () => {
    const { mask } = rasteriseContours(grid, [square(0.5, 0.5, 8.5, 8.5, 2), square(2.5, 2.5, 5.5, 5.5, 2)]);
    expect(count(mask)).toBe(64 - 9);
    expect(mask[ijkToIndex(grid, 4, 4, 2)]).toBe(0);
  });

  it('gives each slice the contour plane nearest its centre within half a slice', () => {
    // Planes at z = 1.2 and 1.4 both round to slice 1; the nearer (1.2, the small square) is drawn.
    const { mask } = rasteriseContours(grid, [
      square(1.5, 1.5, 3.5, 3.5, 1.2),
      square(0.5, 0.5, 8.5, 8.5, 1.4),
    ]);
    expect(count(mask)).toBe(4);
  });

  it('reports planes beyond the grid instead of drawing them', () => {
    expect(rasteriseContours(grid, [square(1.5, 1.5, 5.5, 5.5, 9)]).planesOutside).toBe(1);
  });

  it('rejects a contour that is not parallel to the slices', () => {
    const tilted = { pointsLps: [1, 1, 1, 5, 1, 2, 5, 5, 2, 1, 5, 1] };
    expect(() => rasteriseContours(grid, [tilted], 'voi GTV')).toThrow(
      /voi GTV contour 1 spans 1\.000 slices/,
    );
  });
});
