import { type Grid, lpsToIjk, type Mask, type Vec3 } from '@cxcr4pet/volume';
import { ImagingError } from './errors.ts';

/**
 * Radius (mm) of a 1 cm³ sphere: (3 / (4π))^(1/3) cm ≈ 6.2035 mm, the IBSI 1 intensity-peak sphere
 * (@see IBSI reference manual, "Local intensity peak", VJGA).
 */
export const PEAK_SPHERE_RADIUS_MM = 10 * Math.cbrt(3 / (4 * Math.PI));

/**
 * Partial-voxel rule used for every sphere in this room: a voxel belongs to the sphere when its centre
 * lies within or on the sphere (distance ≤ radius, with a relative slack of 1e-9 for rounding); it then
 * counts with full weight, otherwise not at all. This is the IBSI rule for the intensity peak.
 */
function inside(distanceSquaredMm2: number, radiusMm: number): boolean {
  return distanceSquaredMm2 <= radiusMm * radiusMm * (1 + 1e-9);
}

/**
 * Voxel offsets of a sphere centred on a voxel centre, computed once per grid and radius and reused for
 * every centre (SUVpeak over a lesion evaluates thousands of centres).
 */
export interface SphereOffsets {
  readonly radiusMm: number;
  readonly count: number;
  readonly di: Int32Array;
  readonly dj: Int32Array;
  readonly dk: Int32Array;
  /** Linear index step of each offset on the grid the table was made for. */
  readonly linear: Int32Array;
  /** Largest |di|, |dj|, |dk|: a centre this far from every border needs no bounds checks. */
  readonly reach: Vec3;
}

function checkRadius(radiusMm: number, field: string): void {
  if (!(Number.isFinite(radiusMm) && radiusMm >= 0)) {
    throw new ImagingError('invalid-parameter', `Sphere radius ${radiusMm} mm is not a number ≥ 0.`, {
      field,
    });
  }
}

/**
 * The offsets (di, dj, dk) of every voxel whose centre lies within `radiusMm` of a voxel centre on `grid`.
 * Assumes orthonormal direction vectors (as `Volume` does), so distances use the spacing only.
 */
export function sphereOffsets(grid: Grid, radiusMm: number): SphereOffsets {
  checkRadius(radiusMm, 'radiusMm');
  const [sx, sy, sz] = grid.spacingMm;
  const [nx, ny] = grid.dims;
  const ri = Math.floor(radiusMm / sx);
  const rj = Math.floor(radiusMm / sy);
  const rk = Math.floor(radiusMm / sz);
  const di: number[] = [];
  const dj: number[] = [];
  const dk: number[] = [];
  for (let c = -rk; c <= rk; c++) {
    for (let b = -rj; b <= rj; b++) {
      for (let a = -ri; a <= ri; a++) {
        if (inside((a * sx) ** 2 + (b * sy) ** 2 + (c * sz) ** 2, radiusMm)) {
          di.push(a);
          dj.push(b);
          dk.push(c);
        }
      }
    }
  }
  return {
    radiusMm,
    count: di.length,
    di: Int32Array.from(di),
    dj: Int32Array.from(dj),
    dk: Int32Array.from(dk),
    linear: Int32Array.from(di.map((a, n) => a + nx * ((dj[n] ?? 0) + ny * (dk[n] ?? 0)))),
    reach: [ri, rj, rk],
  };
}

/** Inclusive voxel index ranges along i, j, k, clamped to the grid; empty when lo > hi. */
type IjkRange = readonly [number, number, number, number, number, number];

function clampRange(grid: Grid, lo: Vec3, hi: Vec3): IjkRange {
  const [nx, ny, nz] = grid.dims;
  return [
    Math.max(0, Math.ceil(lo[0])),
    Math.min(nx - 1, Math.floor(hi[0])),
    Math.max(0, Math.ceil(lo[1])),
    Math.min(ny - 1, Math.floor(hi[1])),
    Math.max(0, Math.ceil(lo[2])),
    Math.min(nz - 1, Math.floor(hi[2])),
  ];
}

/**
 * The voxels of a spherical VOI, as ascending linear indices: every voxel whose centre lies within
 * `radiusMm` of `centreLps` (patient LPS, mm; need not be a voxel centre). Partial voxels: see the rule
 * above (centre inside → full voxel). Touches only the sphere's bounding box, not the whole volume.
 * Throws `ImagingError` ('outside-volume') when no voxel centre falls inside.
 * @param field names the VOI in error messages (e.g. `ref liver`).
 */
export function sphereVoxels(grid: Grid, centreLps: Vec3, radiusMm: number, field = 'sphere'): Int32Array {
  checkRadius(radiusMm, field);
  const [si, sj, sk] = grid.spacingMm;
  const [nx, ny] = grid.dims;
  const c = lpsToIjk(grid, centreLps);
  const range = clampRange(
    grid,
    [c[0] - radiusMm / si, c[1] - radiusMm / sj, c[2] - radiusMm / sk],
    [c[0] + radiusMm / si, c[1] + radiusMm / sj, c[2] + radiusMm / sk],
  );
  const voxels: number[] = [];
  for (let k = range[4]; k <= range[5]; k++) {
    const dz2 = ((k - c[2]) * sk) ** 2;
    for (let j = range[2]; j <= range[3]; j++) {
      const dyz2 = dz2 + ((j - c[1]) * sj) ** 2;
      const row = nx * (j + ny * k);
      for (let i = range[0]; i <= range[1]; i++) {
        if (inside(dyz2 + ((i - c[0]) * si) ** 2, radiusMm)) voxels.push(row + i);
      }
    }
  }
  if (voxels.length === 0) {
    throw new ImagingError(
      'outside-volume',
      `The ${field} sphere (centre ${centreLps.join(',')} mm, radius ${radiusMm} mm) contains no voxel of the volume.`,
      { field },
    );
  }
  return Int32Array.from(voxels);
}

/** The spherical VOI of `sphereVoxels` as a mask on the grid. */
export function sphereMask(grid: Grid, centreLps: Vec3, radiusMm: number, field = 'sphere'): Mask {
  const mask = new Uint8Array(grid.dims[0] * grid.dims[1] * grid.dims[2]);
  for (const index of sphereVoxels(grid, centreLps, radiusMm, field)) mask[index] = 1;
  return mask;
}

/**
 * A box VOI with faces along the patient LPS axes: every voxel whose centre lies within (or on) the box
 * spanned by two opposite corners (LPS mm, in any order). Throws `ImagingError` ('outside-volume') when
 * the box holds no voxel centre.
 */
export function boxMask(grid: Grid, cornerALps: Vec3, cornerBLps: Vec3, field = 'box'): Mask {
  const lo: Vec3 = [
    Math.min(cornerALps[0], cornerBLps[0]),
    Math.min(cornerALps[1], cornerBLps[1]),
    Math.min(cornerALps[2], cornerBLps[2]),
  ];
  const hi: Vec3 = [
    Math.max(cornerALps[0], cornerBLps[0]),
    Math.max(cornerALps[1], cornerBLps[1]),
    Math.max(cornerALps[2], cornerBLps[2]),
  ];
  // Bounding range in ijk of the 8 corners (the grid may be rotated against LPS).
  const ijkLo = [Infinity, Infinity, Infinity];
  const ijkHi = [-Infinity, -Infinity, -Infinity];
  for (let corner = 0; corner < 8; corner++) {
    const p: Vec3 = [corner & 1 ? hi[0] : lo[0], corner & 2 ? hi[1] : lo[1], corner & 4 ? hi[2] : lo[2]];
    const q = lpsToIjk(grid, p);
    for (let axis = 0; axis < 3; axis++) {
      ijkLo[axis] = Math.min(ijkLo[axis] ?? Infinity, (q[axis] ?? 0) - 1e-6);
      ijkHi[axis] = Math.max(ijkHi[axis] ?? -Infinity, (q[axis] ?? 0) + 1e-6);
    }
  }
  const range = clampRange(
    grid,
    [ijkLo[0] ?? 0, ijkLo[1] ?? 0, ijkLo[2] ?? 0],
    [ijkHi[0] ?? -1, ijkHi[1] ?? -1, ijkHi[2] ?? -1],
  );
  const [nx, ny] = grid.dims;
  const [si, sj, sk] = grid.spacingMm;
  const d = grid.direction;
  const o = grid.originMm;
  const slack = 1e-6; // mm: a centre exactly on a face counts as inside despite rounding
  const mask = new Uint8Array(grid.dims[0] * grid.dims[1] * grid.dims[2]);
  let count = 0;
  for (let k = range[4]; k <= range[5]; k++) {
    for (let j = range[2]; j <= range[3]; j++) {
      for (let i = range[0]; i <= range[1]; i++) {
        const a = i * si;
        const b = j * sj;
        const c = k * sk;
        const x = o[0] + a * d[0] + b * d[3] + c * d[6];
        const y = o[1] + a * d[1] + b * d[4] + c * d[7];
        const z = o[2] + a * d[2] + b * d[5] + c * d[8];
        if (
          x >= lo[0] - slack &&
          x <= hi[0] + slack &&
          y >= lo[1] - slack &&
          y <= hi[1] + slack &&
          z >= lo[2] - slack &&
          z <= hi[2] + slack
        ) {
          mask[i + nx * (j + ny * k)] = 1;
          count++;
        }
      }
    }
  }
  if (count === 0) {
    throw new ImagingError(
      'outside-volume',
      `The ${field} (corners ${cornerALps.join(',')} and ${cornerBLps.join(',')} mm) contains no voxel of the volume.`,
      { field },
    );
  }
  return mask;
}
