import type { Grid } from '@cxcr4pet/volume';
import type { DiscretisedValues } from './discretisation.ts';
import { ijkBounds, voxelIjk } from './region-geometry.ts';

/**
 * A region's discretised levels on its bounding box padded by one voxel on every side (0 = outside the
 * ROI), so texture walks need no bounds checks: a step off the region always lands on a 0.
 */
export interface LevelBox {
  /** Levels, x fastest: `levels[x + dims[0] * (y + dims[1] * z)]`. */
  readonly levels: Int32Array;
  readonly dims: readonly [number, number, number];
  /** Box index of each region voxel, in the order of the region's voxel list. */
  readonly boxIndex: Int32Array;
}

/** Builds the `LevelBox` of a region (voxel indices on `grid`, levels in the same order). */
export function levelBox(grid: Grid, voxels: Int32Array, discretised: DiscretisedValues): LevelBox {
  const ijk = voxelIjk(grid, voxels);
  const { lo, hi } = ijkBounds(ijk);
  const bx = hi[0] - lo[0] + 3;
  const by = hi[1] - lo[1] + 3;
  const bz = hi[2] - lo[2] + 3;
  const levels = new Int32Array(bx * by * bz);
  const boxIndex = new Int32Array(voxels.length);
  for (let n = 0; n < voxels.length; n++) {
    const b =
      (ijk[3 * n] as number) -
      lo[0] +
      1 +
      bx * ((ijk[3 * n + 1] as number) - lo[1] + 1 + by * ((ijk[3 * n + 2] as number) - lo[2] + 1));
    boxIndex[n] = b;
    levels[b] = discretised.levels[n] as number;
  }
  return { levels, dims: [bx, by, bz], boxIndex };
}

/** Linear box step of a direction (di, dj, dk). */
export function boxStep(box: LevelBox, direction: readonly [number, number, number]): number {
  return direction[0] + box.dims[0] * (direction[1] + box.dims[1] * direction[2]);
}
