import { forChunks } from './chunks.ts';

/** A triple of numbers: a voxel index, a size or a position, depending on the name it carries. */
export type Vec3 = readonly [number, number, number];

/**
 * Nine numbers: the unit vectors of the i, j and k voxel axes in patient LPS coordinates,
 * in that order (`[ix, iy, iz, jx, jy, jz, kx, ky, kz]`).
 * For an axial DICOM series: i = ImageOrientationPatient[0..2] (along a row), j = [3..5] (down a column),
 * k = the direction in which slice positions increase.
 */
export type Direction = readonly [number, number, number, number, number, number, number, number, number];

/**
 * A 3-D scalar image on a regular grid.
 * Voxel (i, j, k) sits at `data[i + nx * (j + ny * k)]`; its centre is at
 * `originMm + i·spacingMm[0]·dirI + j·spacingMm[1]·dirJ + k·spacingMm[2]·dirK` (patient LPS, mm).
 * The unit of `data` is not part of the type: names at the use site say it (Bq/ml, SUV, HU).
 */
export interface Volume {
  /** [nx, ny, nz] voxels. */
  readonly dims: Vec3;
  /** Centre-to-centre voxel spacing along i, j, k in mm. */
  readonly spacingMm: Vec3;
  /** LPS position (mm) of the centre of voxel (0, 0, 0). */
  readonly originMm: Vec3;
  readonly direction: Direction;
  readonly data: Float32Array;
}

/** A binary mask (0 or 1 per voxel) on the grid of a volume. */
export type Mask = Uint8Array;

/** A label map (0 = background, 1..n = regions) on the grid of a volume. */
export type LabelMap = Int32Array;

/** The grid of a volume without its data: enough to place masks and convert coordinates. */
export type Grid = Pick<Volume, 'dims' | 'spacingMm' | 'originMm' | 'direction'>;

export const AXIAL_DIRECTION: Direction = [1, 0, 0, 0, 1, 0, 0, 0, 1];

export function voxelCount(grid: Grid): number {
  return grid.dims[0] * grid.dims[1] * grid.dims[2];
}

/** Volume of one voxel in millilitres (1 ml = 1000 mm³). */
export function voxelVolumeMl(grid: Grid): number {
  return (grid.spacingMm[0] * grid.spacingMm[1] * grid.spacingMm[2]) / 1000;
}

/** Linear index of voxel (i, j, k). */
export function ijkToIndex(grid: Grid, i: number, j: number, k: number): number {
  return i + grid.dims[0] * (j + grid.dims[1] * k);
}

/** Voxel indices of a linear index. */
export function indexToIjk(grid: Grid, index: number): Vec3 {
  const nx = grid.dims[0];
  const ny = grid.dims[1];
  const i = index % nx;
  const rest = (index - i) / nx;
  const j = rest % ny;
  return [i, j, (rest - j) / ny];
}

/** Patient LPS position (mm) of a (possibly fractional) voxel index. */
export function ijkToLps(grid: Grid, ijk: Vec3): Vec3 {
  const [si, sj, sk] = grid.spacingMm;
  const d = grid.direction;
  const a = ijk[0] * si;
  const b = ijk[1] * sj;
  const c = ijk[2] * sk;
  return [
    grid.originMm[0] + a * d[0] + b * d[3] + c * d[6],
    grid.originMm[1] + a * d[1] + b * d[4] + c * d[7],
    grid.originMm[2] + a * d[2] + b * d[5] + c * d[8],
  ];
}

/**
 * Fractional voxel index of a patient LPS position (mm). Assumes orthonormal direction vectors,
 * which DICOM guarantees for ImageOrientationPatient and the slice normal.
 */
export function lpsToIjk(grid: Grid, lps: Vec3): Vec3 {
  const d = grid.direction;
  const x = lps[0] - grid.originMm[0];
  const y = lps[1] - grid.originMm[1];
  const z = lps[2] - grid.originMm[2];
  return [
    (x * d[0] + y * d[1] + z * d[2]) / grid.spacingMm[0],
    (x * d[3] + y * d[4] + z * d[5]) / grid.spacingMm[1],
    (x * d[6] + y * d[7] + z * d[8]) / grid.spacingMm[2],
  ];
}

/** A new volume on the same grid with each voxel multiplied by `factor` (e.g. Bq/ml → SUV). */
export function scaleVolume(volume: Volume, factor: number): Volume {
  const source = volume.data;
  const data = new Float32Array(source.length);
  forChunks(source.length, (start, end) => {
    for (let n = start; n < end; n++) data[n] = (source[n] as number) * factor;
  });
  return { ...volume, data };
}
