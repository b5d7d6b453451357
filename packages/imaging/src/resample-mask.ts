import { type Grid, ijkToLps, lpsToIjk, type Mask } from '@cxcr4pet/volume';
import { ImagingError } from './errors.ts';

/**
 * A mask on `source` carried onto `target` by nearest neighbour: a target voxel is set when the source
 * voxel nearest to its centre (rounding the fractional source index) is set; centres outside the source
 * grid are not set. On identical grids this is the identity. Both grids in patient LPS mm.
 */
export function resampleMaskNearest(source: Grid, mask: Mask, target: Grid): Mask {
  const [sx, sy, sz] = source.dims;
  if (mask.length !== sx * sy * sz) {
    throw new ImagingError(
      'grid-mismatch',
      `The mask has ${mask.length} voxels but its grid ${sx * sy * sz}.`,
      {
        field: 'mask',
      },
    );
  }
  const [nx, ny, nz] = target.dims;
  const out = new Uint8Array(nx * ny * nz);
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
        if (mask[a + sx * (b + sy * c)] !== 0) out[row + i] = 1;
      }
    }
  }
  return out;
}
