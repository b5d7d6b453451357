import type { Grid, Vec3, Volume } from '@cxcr4pet/volume';

/** Voxel indices i, j, k per voxel of a region, in the order of `voxels`. */
export function voxelIjk(grid: Grid, voxels: Int32Array): Int32Array {
  const [nx, ny] = grid.dims;
  const ijk = new Int32Array(voxels.length * 3);
  for (let n = 0; n < voxels.length; n++) {
    const index = voxels[n] as number;
    const i = index % nx;
    const rest = (index - i) / nx;
    const j = rest % ny;
    ijk[3 * n] = i;
    ijk[3 * n + 1] = j;
    ijk[3 * n + 2] = (rest - j) / ny;
  }
  return ijk;
}

/** Smallest and largest i, j, k (inclusive) of `ijk` triples; lo > hi when there are none. */
export function ijkBounds(ijk: Int32Array): { readonly lo: Vec3; readonly hi: Vec3 } {
  const lo = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
  const hi = [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (let n = 0; n < ijk.length; n++) {
    const axis = n % 3;
    const x = ijk[n] as number;
    if (x < (lo[axis] as number)) lo[axis] = x;
    if (x > (hi[axis] as number)) hi[axis] = x;
  }
  return { lo: [lo[0] ?? 0, lo[1] ?? 0, lo[2] ?? 0], hi: [hi[0] ?? 0, hi[1] ?? 0, hi[2] ?? 0] };
}

/**
 * Voxel-centre positions (mm) of a region in the grid's own frame (i, j, k scaled by the spacing):
 * x, y, z per voxel, in the order of `voxels`. Distances and volumes do not depend on patient orientation.
 */
export function voxelPositionsMm(grid: Grid, voxels: Int32Array): Float64Array {
  const ijk = voxelIjk(grid, voxels);
  const positions = new Float64Array(ijk.length);
  for (let n = 0; n < ijk.length; n++) positions[n] = (ijk[n] as number) * (grid.spacingMm[n % 3] as number);
  return positions;
}

/** Intensities of a region, in the order of `voxels`. */
export function regionValues(volume: Volume, voxels: Int32Array): Float64Array {
  const values = new Float64Array(voxels.length);
  for (let n = 0; n < voxels.length; n++) values[n] = volume.data[voxels[n] as number] as number;
  return values;
}
