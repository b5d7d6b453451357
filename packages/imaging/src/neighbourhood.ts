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

/**
 * Walks the neighbours of one voxel at a time without allocating: `moveTo(index)` then `at(n)` for
 * n in 0..count−1. Voxels away from the border skip the bounds checks.
 */
export class NeighbourCursor {
  readonly count: number;
  private readonly hood: Neighbourhood;
  private readonly nx: number;
  private readonly ny: number;
  private readonly nz: number;
  private index = 0;
  private i = 0;
  private j = 0;
  private k = 0;
  private interior = false;

  constructor(grid: Grid, connectivity: Connectivity) {
    this.hood = neighbourhood(grid, connectivity);
    this.count = this.hood.count;
    [this.nx, this.ny, this.nz] = grid.dims;
  }

  moveTo(index: number): void {
    const { nx, ny, nz } = this;
    this.index = index;
    this.i = index % nx;
    const rest = (index - this.i) / nx;
    this.j = rest % ny;
    this.k = (rest - this.j) / ny;
    this.interior =
      this.i > 0 && this.i < nx - 1 && this.j > 0 && this.j < ny - 1 && this.k > 0 && this.k < nz - 1;
  }

  /** Linear index of neighbour `n` of the current voxel, or −1 when it lies beyond the grid. */
  at(n: number): number {
    const hood = this.hood;
    if (!this.interior) {
      const a = this.i + (hood.di[n] as number);
      const b = this.j + (hood.dj[n] as number);
      const c = this.k + (hood.dk[n] as number);
      if (a < 0 || a >= this.nx || b < 0 || b >= this.ny || c < 0 || c >= this.nz) return -1;
    }
    return this.index + (hood.linear[n] as number);
  }
}
