import type { Vec3, Volume } from '@cxcr4pet/volume';

/**
 * Surfaces a registration should bring together, as HU thresholds: −200 (the body outline and the lung
 * borders: air and lung below, soft tissue above) and 200 (bone). A voxel is on a surface when it is at
 * or above a threshold and one of its 6 neighbours is below it.
 */
export const SURFACE_THRESHOLDS_HU = [-200, 200] as const;

/** The surface voxels of a CT (see `SURFACE_THRESHOLDS_HU`), as a mask. */
export function surfaceMask(ctHu: Volume): Uint8Array {
  const [nx, ny, nz] = ctHu.dims;
  const data = ctHu.data;
  const mask = new Uint8Array(data.length);
  const steps = [1, nx, nx * ny];
  for (let k = 0, n = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, n++) {
        const value = data[n] as number;
        const ijk = [i, j, k];
        for (const threshold of SURFACE_THRESHOLDS_HU) {
          if (value < threshold) continue;
          let edge = false;
          for (let axis = 0; axis < 3 && !edge; axis++) {
            const step = steps[axis] as number;
            const at = ijk[axis] as number;
            const size = ctHu.dims[axis] as number;
            if (at > 0 && (data[n - step] as number) < threshold) edge = true;
            if (at < size - 1 && (data[n + step] as number) < threshold) edge = true;
          }
          if (edge) mask[n] = 1;
        }
      }
  return mask;
}

/**
 * Euclidean distance (mm) from every voxel centre to the nearest voxel of `mask`, with the grid's
 * spacing (exact, separable: Felzenszwalb & Huttenlocher, "Distance transforms of sampled functions",
 * Theory of Computing 8, 2012). Infinity everywhere when the mask is empty.
 */
export function distanceToMaskMm(grid: Pick<Volume, 'dims' | 'spacingMm'>, mask: Uint8Array): Float32Array {
  const [nx, ny, nz] = grid.dims;
  const squared = new Float64Array(mask.length);
  for (let n = 0; n < mask.length; n++) squared[n] = mask[n] ? 0 : Number.POSITIVE_INFINITY;
  const longest = Math.max(nx, ny, nz);
  const line = new Float64Array(longest);
  const out = new Float64Array(longest);
  const vertices = new Int32Array(longest);
  const bounds = new Float64Array(longest + 1);
  const pass = (count: number, stride: number, spacing: number, starts: Iterable<number>): void => {
    for (const start of starts) {
      for (let q = 0; q < count; q++) line[q] = squared[start + q * stride] as number;
      lowerEnvelope(line, count, spacing, out, vertices, bounds);
      for (let q = 0; q < count; q++) squared[start + q * stride] = out[q] as number;
    }
  };
  pass(nx, 1, grid.spacingMm[0], every(ny * nz, nx));
  pass(ny, nx, grid.spacingMm[1], rowsAlongJ(nx, ny, nz));
  pass(nz, nx * ny, grid.spacingMm[2], every(nx * ny, 1));
  return Float32Array.from(squared, Math.sqrt);
}

/** 0, step, 2·step, … (count numbers): the first voxel of each line along i (step nx) or k (step 1). */
function* every(count: number, step: number): Generator<number> {
  for (let n = 0; n < count; n++) yield n * step;
}

/** The first voxel of each line along j. */
function* rowsAlongJ(nx: number, ny: number, nz: number): Generator<number> {
  for (let k = 0; k < nz; k++) for (let i = 0; i < nx; i++) yield i + nx * ny * k;
}

/**
 * One dimension of the squared distance transform: out[q] = min over p of ((q − p)·spacing)² + f[p].
 * The lower envelope of the parabolas rooted at the finite samples.
 */
function lowerEnvelope(
  f: Float64Array,
  count: number,
  spacing: number,
  out: Float64Array,
  vertices: Int32Array,
  bounds: Float64Array,
): void {
  let k = -1;
  for (let q = 0; q < count; q++) {
    const fq = f[q] as number;
    if (fq === Number.POSITIVE_INFINITY) continue;
    const zq = q * spacing;
    for (;;) {
      if (k < 0) {
        k = 0;
        vertices[0] = q;
        bounds[0] = Number.NEGATIVE_INFINITY;
        break;
      }
      const p = vertices[k] as number;
      const zp = p * spacing;
      const s = (fq + zq * zq - ((f[p] as number) + zp * zp)) / (2 * (zq - zp));
      if (s <= (bounds[k] as number)) {
        k--;
        continue;
      }
      k++;
      vertices[k] = q;
      bounds[k] = s;
      break;
    }
  }
  if (k < 0) {
    out.fill(Number.POSITIVE_INFINITY, 0, count);
    return;
  }
  bounds[k + 1] = Number.POSITIVE_INFINITY;
  let at = 0;
  for (let q = 0; q < count; q++) {
    const z = q * spacing;
    while ((bounds[at + 1] as number) < z) at++;
    const p = vertices[at] as number;
    const d = z - p * spacing;
    out[q] = d * d + (f[p] as number);
  }
}

/** The LPS position (mm) of voxel `index` of an axial-or-oblique grid. */
export function voxelCentreLps(
  grid: Pick<Volume, 'dims' | 'spacingMm' | 'originMm' | 'direction'>,
  index: number,
): Vec3 {
  const [nx, ny] = grid.dims;
  const i = index % nx;
  const j = ((index - i) / nx) % ny;
  const k = (index - i - nx * j) / (nx * ny);
  const [a, b, c] = [i * grid.spacingMm[0], j * grid.spacingMm[1], k * grid.spacingMm[2]];
  const d = grid.direction;
  const o = grid.originMm;
  return [
    o[0] + a * d[0] + b * d[3] + c * d[6],
    o[1] + a * d[1] + b * d[4] + c * d[7],
    o[2] + a * d[2] + b * d[5] + c * d[8],
  ];
}
