import type { Grid, Vec3 } from '@cxcr4pet/volume';

/**
 * The rotating MIP as a cine of projections computed once (as reading workstations show it): the
 * maximum of the PET along parallel rays perpendicular to the head–foot axis, for a set of angles about
 * that axis. Pure: a volume in, frames out; the viewer computes them in a web worker and draws the
 * frame of the angle while the MIP turns, and ray-casts the exact angle when it stops.
 *
 * A frame at angle θ looks along n(θ) = Rz(θ)·n₀ (n₀ the view direction at 0°, in the axial plane); its
 * columns run along r(θ) = Rz(θ)·r₀ (screen right at 0°), its rows down the LPS z axis (row 0 at the
 * head). Each voxel's value goes to the bin its centre projects into (max wins): on a grid whose slices
 * are axial every slice fills exactly one row.
 */
export interface MipFrameGeometry {
  /** Bins across (along r) and down (along −z). */
  readonly width: number;
  readonly height: number;
  /** Bin sizes in mm: across, down. */
  readonly binMm: readonly [number, number];
  /** The rotation axis passes through this point (LPS mm); bin column `c` lies at r-offset `uFirstMm + c·binMm[0]`. */
  readonly centreMm: Vec3;
  readonly uFirstMm: number;
  /** z (LPS mm) of row 0's centre; row `w` lies at `zFirstMm − w·binMm[1]`. */
  readonly zFirstMm: number;
}

const corners = (grid: Grid): Vec3[] => {
  const out: Vec3[] = [];
  for (const i of [0, grid.dims[0] - 1])
    for (const j of [0, grid.dims[1] - 1])
      for (const k of [0, grid.dims[2] - 1]) out.push(voxelLps(grid, i, j, k));
  return out;
};

function voxelLps(grid: Grid, i: number, j: number, k: number): Vec3 {
  const [sx, sy, sz] = grid.spacingMm;
  const d = grid.direction;
  const o = grid.originMm;
  return [
    o[0] + i * sx * d[0] + j * sy * d[3] + k * sz * d[6],
    o[1] + i * sx * d[1] + j * sy * d[4] + k * sz * d[7],
    o[2] + i * sx * d[2] + j * sy * d[5] + k * sz * d[8],
  ];
}

/** True when the grid's i and j axes lie in the axial plane (each slice at one z). */
function axialSlices(grid: Grid): boolean {
  return Math.abs(grid.direction[2]) < 1e-6 && Math.abs(grid.direction[5]) < 1e-6;
}

/**
 * The frames' common geometry: wide enough for every angle (the grid's corners at their farthest from
 * the axis), one bin per in-plane voxel spacing across and one per slice down (per the finest spacing
 * for a grid with tilted slices). The bins are laid on the voxel lattice at 0° (a voxel centre at a bin
 * centre), so that no voxel sits on the edge between two bins when the view is along a grid axis.
 */
export function mipFrameGeometry(grid: Grid, centreMm: Vec3, rightAt0: Vec3): MipFrameGeometry {
  const [sx, sy, sz] = grid.spacingMm;
  const binAcross = Math.min(sx, sy);
  const axial = axialSlices(grid);
  const binDown = axial ? sz * Math.abs(grid.direction[8]) : Math.min(sx, sy, sz);
  const points = corners(grid);
  const reach = Math.max(...points.map((p) => Math.hypot(p[0] - centreMm[0], p[1] - centreMm[1])));
  const zs = points.map((p) => p[2]);
  const [zMin, zMax] = [Math.min(...zs), Math.max(...zs)];
  const o = grid.originMm;
  const anchor = (o[0] - centreMm[0]) * rightAt0[0] + (o[1] - centreMm[1]) * rightAt0[1];
  const uFirstMm = anchor - binAcross * Math.ceil((reach + anchor) / binAcross);
  return {
    width: Math.floor((reach - uFirstMm) / binAcross) + 2,
    height: Math.round((zMax - zMin) / binDown) + 1,
    binMm: [binAcross, binDown],
    centreMm,
    uFirstMm,
    zFirstMm: zMax,
  };
}

/** Rz(θ)·v: a vector turned about the LPS z axis by `degrees`. */
export function turnAboutZ(v: Vec3, degrees: number): Vec3 {
  const a = (degrees * Math.PI) / 180;
  const [c, s] = [Math.cos(a), Math.sin(a)];
  return [v[0] * c - v[1] * s, v[0] * s + v[1] * c, v[2]];
}

/**
 * The maximum-intensity projection at `angleDeg`: `geometry.width × geometry.height` values, row by row
 * from the head; bins no voxel projects into are NaN (outside the volume). `rightAt0` is the unit
 * screen-right vector at 0° (perpendicular to z).
 */
export function projectMip(
  volume: Grid & { readonly data: ArrayLike<number> },
  geometry: MipFrameGeometry,
  rightAt0: Vec3,
  angleDeg: number,
): Float32Array {
  const { width, height, centreMm: c, uFirstMm, zFirstMm } = geometry;
  const [binAcross, binDown] = geometry.binMm;
  const out = new Float32Array(width * height);
  const r = turnAboutZ(rightAt0, angleDeg);
  const [nx, ny, nz] = volume.dims;
  const [sx, sy, sz] = volume.spacingMm;
  const d = volume.direction;
  const data = volume.data;
  // Per axis step: how far one voxel moves along r (mm) and along z (mm).
  const uStep = [
    sx * (d[0] * r[0] + d[1] * r[1]),
    sy * (d[3] * r[0] + d[4] * r[1]),
    sz * (d[6] * r[0] + d[7] * r[1]),
  ];
  const zStep = [sx * d[2], sy * d[5], sz * d[8]];
  const origin = volume.originMm;
  const u0 = (origin[0] - c[0]) * r[0] + (origin[1] - c[1]) * r[1] - uFirstMm;
  const z0 = zFirstMm - origin[2];
  const [ui, uj, uk] = uStep as [number, number, number];
  const [zi, zj, zk] = zStep as [number, number, number];
  const invAcross = 1 / binAcross;
  const invDown = 1 / binDown;
  const colStep = ui * invAcross;
  const rowStep = -zi * invDown;
  // Every voxel projects inside the frame (its geometry covers the grid's corners at every angle), so
  // bins are found by truncation; empty bins stay −∞ until the end.
  out.fill(Number.NEGATIVE_INFINITY);
  let n = 0;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++, n += nx) {
      // Column and row (in bins, + ½ to round) of voxel (0, j, k); each step in i moves them by a constant.
      const col0 = (u0 + j * uj + k * uk) * invAcross + 0.5;
      const row0 = (z0 - j * zj - k * zk) * invDown + 0.5;
      if (rowStep === 0) {
        // Axial slices: the whole row of voxels lands in one row of the frame.
        const base = Math.min(height - 1, Math.max(0, Math.floor(row0))) * width;
        let col = col0;
        for (let i = 0; i < nx; i++, col += colStep) {
          const at = base + Math.min(width - 1, col | 0);
          const v = data[n + i] as number;
          if (v > (out[at] as number)) out[at] = v;
        }
      } else {
        let col = col0;
        let row = row0;
        for (let i = 0; i < nx; i++, col += colStep, row += rowStep) {
          const at =
            Math.min(height - 1, Math.max(0, Math.floor(row))) * width + Math.min(width - 1, col | 0);
          const v = data[n + i] as number;
          if (v > (out[at] as number)) out[at] = v;
        }
      }
    }
  for (let m = 0; m < out.length; m++) if (out[m] === Number.NEGATIVE_INFINITY) out[m] = Number.NaN;
  return out;
}
