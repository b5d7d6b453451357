import type { Grid, Volume } from '@cxcr4pet/volume';

/**
 * Voxel-centre positions (mm) of a region in the grid's own frame (i, j, k scaled by the spacing):
 * x, y, z per voxel, in the order of `voxels`. Distances and volumes do not depend on patient orientation.
 */
export function voxelPositionsMm(grid: Grid, voxels: Int32Array): Float64Array {
  const [nx, ny] = grid.dims;
  const [sx, sy, sz] = grid.spacingMm;
  const positions = new Float64Array(voxels.length * 3);
  for (let n = 0; n < voxels.length; n++) {
    const index = voxels[n] as number;
    const i = index % nx;
    const rest = (index - i) / nx;
    const j = rest % ny;
    const k = (rest - j) / ny;
    positions[3 * n] = i * sx;
    positions[3 * n + 1] = j * sy;
    positions[3 * n + 2] = k * sz;
  }
  return positions;
}

/** Intensities of a region, in the order of `voxels`. */
export function regionValues(volume: Volume, voxels: Int32Array): Float64Array {
  const values = new Float64Array(voxels.length);
  for (let n = 0; n < voxels.length; n++) values[n] = volume.data[voxels[n] as number] as number;
  return values;
}
