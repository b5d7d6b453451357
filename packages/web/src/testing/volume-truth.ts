import type { Vec3, Volume } from '@cxcr4pet/volume';

// Hand calculations on axial grids (direction = identity), the truth the browser tests compare with.

/** Voxel (i, j, k) of an axial grid, by hand: its centre, and its value. */
export function voxel(volume: Volume, ijk: Vec3): { lps: Vec3; value: number } {
  const [i, j, k] = ijk;
  const [nx, ny] = volume.dims;
  const lps: Vec3 = [
    volume.originMm[0] + i * volume.spacingMm[0],
    volume.originMm[1] + j * volume.spacingMm[1],
    volume.originMm[2] + k * volume.spacingMm[2],
  ];
  return { lps, value: volume.data[i + nx * (j + ny * k)] as number };
}

/** Nearest voxel index of an LPS point on an axial grid, by hand. */
export function nearestIjk(volume: Volume, lps: Vec3): Vec3 {
  const index = (a: 0 | 1 | 2) => Math.round((lps[a] - volume.originMm[a]) / volume.spacingMm[a]);
  return [index(0), index(1), index(2)];
}

export function distanceMm(a: Vec3, b: Vec3): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}
