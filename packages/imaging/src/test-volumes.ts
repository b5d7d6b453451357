// Builders for hand-made test volumes. Used by tests only; not exported from the package.
import { AXIAL_DIRECTION, type Vec3, type Volume } from '@cxcr4pet/volume';

/** An axial volume of zeros (or `fill`) with origin (0, 0, 0). */
export function blankVolume(dims: Vec3, spacingMm: Vec3 = [1, 1, 1], fill = 0): Volume {
  const data = new Float32Array(dims[0] * dims[1] * dims[2]);
  data.fill(fill);
  return { dims, spacingMm, originMm: [0, 0, 0], direction: AXIAL_DIRECTION, data };
}

/** Sets every voxel of the inclusive ijk box [lo, hi] to `value` (in place: for building fixtures). */
export function paintBox(volume: Volume, lo: Vec3, hi: Vec3, value: number): void {
  const [nx, ny] = volume.dims;
  for (let k = lo[2]; k <= hi[2]; k++)
    for (let j = lo[1]; j <= hi[1]; j++)
      for (let i = lo[0]; i <= hi[0]; i++) volume.data[i + nx * (j + ny * k)] = value;
}

/** Sets one voxel (in place: for building fixtures). */
export function paintVoxel(volume: Volume, ijk: Vec3, value: number): void {
  paintBox(volume, ijk, ijk, value);
}
