import type { Grid } from '@cxcr4pet/volume';
import { ImagingError } from './errors.ts';

/**
 * Which voxels touch: 6 = shared faces, 18 = faces or edges, 26 = faces, edges or corners.
 * 26 is the default everywhere in this room (the usual choice for PET lesions).
 */
export type Connectivity = 6 | 18 | 26;

export const DEFAULT_CONNECTIVITY: Connectivity = 26;

/** The neighbour offsets of a connectivity on one grid, as parallel typed arrays (no per-voxel objects). */
export interface Neighbourhood {
  readonly count: number;
  readonly di: Int32Array;
  readonly dj: Int32Array;
  readonly dk: Int32Array;
  /** Linear index step of each offset on the grid it was made for. */
  readonly linear: Int32Array;
}

/** Throws `ImagingError` unless `value` is 6, 18 or 26. */
export function checkConnectivity(value: number): Connectivity {
  if (value === 6 || value === 18 || value === 26) return value;
  throw new ImagingError('invalid-parameter', `Connectivity ${value} is not one of 6, 18, 26.`, {
    field: 'connectivity',
  });
}

/** The neighbour offsets (excluding the voxel itself) for `connectivity` on `grid`. */
export function neighbourhood(grid: Grid, connectivity: Connectivity): Neighbourhood {
  checkConnectivity(connectivity);
  const [nx, ny] = grid.dims;
  const di: number[] = [];
  const dj: number[] = [];
  const dk: number[] = [];
  for (let c = -1; c <= 1; c++) {
    for (let b = -1; b <= 1; b++) {
      for (let a = -1; a <= 1; a++) {
        const order = Math.abs(a) + Math.abs(b) + Math.abs(c); // 1 face, 2 edge, 3 corner
        if (order === 0) continue;
        if (connectivity === 6 && order > 1) continue;
        if (connectivity === 18 && order > 2) continue;
        di.push(a);
        dj.push(b);
        dk.push(c);
      }
    }
  }
  const linear = di.map((a, n) => a + nx * ((dj[n] ?? 0) + ny * (dk[n] ?? 0)));
  return {
    count: di.length,
    di: Int32Array.from(di),
    dj: Int32Array.from(dj),
    dk: Int32Array.from(dk),
    linear: Int32Array.from(linear),
  };
}
