import { type Grid, ijkToIndex } from '@cxcr4pet/volume';
import { describe, expect, it } from 'vitest';
import { ImagingError } from './errors.ts';
import { boxMask, PEAK_SPHERE_RADIUS_MM, sphereMask, sphereOffsets } from './sphere.ts';

const grid1mm: Grid = {
  dims: [9, 9, 9],
  spacingMm: [1, 1, 1],
  originMm: [0, 0, 0],
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
};

function count(mask: Uint8Array): number {
  return mask.reduce((sum, v) => sum + v, 0);
}

describe('sphere offsets', () => {
  it('counts lattice points of a 1 mm grid within radius 1, √2, √3 and 2 (7, 19, 27, 33)', () => {
    // Integer points with a²+b²+c² ≤ r²: shells 0:1, 1:6, 2:12, 3:8, 4:6.
    expect(sphereOffsets(grid1mm, 1).count).toBe(7);
    expect(sphereOffsets(grid1mm, Math.SQRT2).count).toBe(19);
    expect(sphereOffsets(grid1mm, Math.sqrt(3)).count).toBe(27);
    expect(sphereOffsets(grid1mm, 2).count).toBe(33);
  });

  it('uses anisotropic spacing: 2×2×3 mm voxels within 3 mm give 11 voxels', () => {
    // centre 1; ±i, ±j at 2 mm: 4; ±k at 3 mm (on the surface, counted): 2; in-plane diagonals √8 mm: 4.
    const grid: Grid = { ...grid1mm, spacingMm: [2, 2, 3] };
    expect(sphereOffsets(grid, 3).count).toBe(11);
  });

  it('makes the IBSI 1 cm³ sphere of radius 6.2035 mm hold 123 voxels on a 2 mm grid', () => {
    // a²+b²+c² ≤ (6.2035/2)² = 9.62: shells 0:1, 1:6, 2:12, 3:8, 4:6, 5:24, 6:24, 8:12, 9:30 → 123.
    expect(PEAK_SPHERE_RADIUS_MM).toBeCloseTo(6.2035, 4);
    expect(sphereOffsets({ ...grid1mm, spacingMm: [2, 2, 2] }, PEAK_SPHERE_RADIUS_MM).count).toBe(123);
  });
});

describe('sphereMask', () => {
  it('takes the 8 voxels around a centre placed on a voxel corner', () => {
    // Centres of the 8 surrounding voxels lie √0.75 = 0.866 mm away; the next ones ≥ 1.66 mm.
    const mask = sphereMask(grid1mm, [3.5, 3.5, 3.5], 0.9);
    expect(count(mask)).toBe(8);
    expect(mask[ijkToIndex(grid1mm, 3, 3, 3)]).toBe(1);
    expect(mask[ijkToIndex(grid1mm, 4, 4, 4)]).toBe(1);
  });

  it('clips a sphere at the volume border', () => {
    // Radius 1 at the corner voxel (0,0,0): itself and its 3 inward face neighbours.
    expect(count(sphereMask(grid1mm, [0, 0, 0], 1))).toBe(4);
  });

  it('refuses a sphere that holds no voxel, naming the VOI', () => {
    expect(() => sphereMask(grid1mm, [100, 0, 0], 5, 'ref liver')).toThrow(ImagingError);
    expect(() => sphereMask(grid1mm, [100, 0, 0], 5, 'ref liver')).toThrow(/ref liver sphere/);
  });
});

describe('boxMask', () => {
  it('includes voxel centres on the faces of an axis-aligned box', () => {
    // x 1..3, y 2..2, z 0..1 → 3 × 1 × 2 = 6 voxels.
    expect(count(boxMask(grid1mm, [3, 2, 1], [1, 2, 0]))).toBe(6);
  });

  it('follows LPS axes on a rotated grid', () => {
    // i along +y, j along −x: the voxel (i, j, k) sits at x = −j, y = i, z = k.
    const rotated: Grid = { ...grid1mm, direction: [0, 1, 0, -1, 0, 0, 0, 0, 1] };
    const mask = boxMask(rotated, [-2, 1, 0], [-1, 1, 0]); // x −2..−1 → j 1..2; y 1 → i 1; z 0 → k 0
    expect(count(mask)).toBe(2);
    expect(mask[ijkToIndex(rotated, 1, 1, 0)]).toBe(1);
    expect(mask[ijkToIndex(rotated, 1, 2, 0)]).toBe(1);
  });
});
