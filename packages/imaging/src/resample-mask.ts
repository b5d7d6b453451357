import { type Grid, ijkToLps, lpsToIjk, type Mask } from '@cxcr4pet/volume';
import { ImagingError } from './errors.ts';

/**
 * A mask on `source` carried onto `target` by nearest neighbour: a target voxel is set when the source
 * voxel nearest to its centre (rounding the fractional source index) is set; centres outside the source
 * grid are not set. On identical grids this is the identity. Both grids in patient LPS mm.
 */
export function resampleMaskNearest(source: Grid, mask: Mask, target: Grid): Mask {
  const [nx, ny, nz] = target.dims;
  return resampleNearest(source, mask, target, new Uint8Array(nx * ny * nz), 'mask');
}

/**
 * A label map (e.g. anatomical regions read from NIfTI) carried onto `target` by nearest neighbour, as
 * `resampleMaskNearest` does for masks; values are kept (truncated to integers), outside is 0.
 */
export function resampleLabelsNearest(source: Grid, labels: ArrayLike<number>, target: Grid): Int32Array {
  const [nx, ny, nz] = target.dims;
  return resampleNearest(source, labels, target, new Int32Array(nx * ny * nz), 'label map');
}

function resampleNearest<T extends Uint8Array | Int32Array>(
  source: Grid,
  values: ArrayLike<number>,
  target: Grid,
  out: T,
  field: string,
): T {
  const [sx, sy, sz] = source.dims;
  if (values.length !== sx * sy * sz) {
    throw new ImagingError(
      'grid-mismatch',
      `The ${field} has ${values.length} voxels but its grid ${sx * sy * sz}.`,
      {
        field,
      },
    );
  }
  const [nx, ny, nz] = target.dims;
  // Source index of target voxel (0,0,0) and its steps along target i, j, k (the map is affine).
  const origin = lpsToIjk(source, ijkToLps(target, [0, 0, 0]));
  const step = (axis: 0 | 1 | 2) => {
    const to = lpsToIjk(
      source,
      ijkToLps(target, [axis === 0 ? 1 : 0, axis === 1 ? 1 : 0, axis === 2 ? 1 : 0]),
    );
    return [to[0] - origin[0], to[1] - origin[1], to[2] - origin[2]] as const;
  };
  const di = step(0);
  const dj = step(1);
  const dk = step(2);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const a0 = origin[0] + j * dj[0] + k * dk[0];
      const b0 = origin[1] + j * dj[1] + k * dk[1];
      const c0 = origin[2] + j * dj[2] + k * dk[2];
      const row = nx * (j + ny * k);
      for (let i = 0; i < nx; i++) {
        const a = Math.round(a0 + i * di[0]);
        const b = Math.round(b0 + i * di[1]);
        const c = Math.round(c0 + i * di[2]);
        if (a < 0 || b < 0 || c < 0 || a >= sx || b >= sy || c >= sz) continue;
        const value = values[a + sx * (b + sy * c)] as number;
        if (value !== 0 && !Number.isNaN(value)) out[row + i] = Math.trunc(value);
      }
    }
  }
  return out;
}
