// Rigid (6 degrees of freedom) CT-to-CT registration, written here because no JavaScript library
// registers 3-D medical volumes (ITK/elastix/ANTs are C++; their WebAssembly builds ship no rigid
// optimiser usable from Node without a toolchain). It is the textbook method (Lucas–Kanade /
// Gauss–Newton on the sum of squared differences, as ITK's and elastix's "AdvancedMeanSquares"
// with a Levenberg–Marquardt step), kept small: one pass over the samples gives the cost, its
// gradient and the Gauss–Newton matrix at once.
import { lpsToIjk, type Vec3, type Volume } from '@cxcr4pet/volume';
import { ImagingError } from '../errors.ts';
import { solveLinearSystem } from './linear-solve.ts';
import { clampVolume, imagePyramid } from './pyramid.ts';
import {
  eulerDegFromMatrix,
  type Matrix3,
  multiplyMatrices,
  multiplyMatrixVector,
  pointTransformLps,
  type RigidTransform,
} from './rigid-transform.ts';
import { distanceToMaskMm, surfaceMask, voxelCentreLps } from './surface-distance.ts';

/** How to register; every field has a default (see `DEFAULT_REGISTRATION`). */
export interface RegistrationOptions {
  /**
   * HU window [low, high] the similarity is computed on. Default [−400, 1000]: air and lung become one
   * value (lung density changes with breathing between two scans and should not drive a rigid fit),
   * soft tissue keeps its contrast to air (the body outline), bone up to 1000 HU (the skeleton, the
   * most rigid structure) and contrast agent or metal saturate instead of dominating the squares.
   */
  readonly windowHu?: readonly [number, number];
  /** Largest voxel spacing of the coarsest pyramid level (mm, default 16). */
  readonly coarsestSpacingMm?: number;
  /** At most this many samples per pass on any level: a regular voxel stride thins a larger level (default 1.5 M). */
  readonly maxSamples?: number;
  /** Levenberg–Marquardt iterations per level at most (default 40). */
  readonly maxIterations?: number;
  /** Centre of rotation (LPS mm, default: the centre of mass of the fixed image's body, HU > −400). */
  readonly centreMm?: Vec3;
}

export const DEFAULT_REGISTRATION = {
  windowHu: [-400, 1000] as const,
  coarsestSpacingMm: 16,
  maxSamples: 1_500_000,
  maxIterations: 40,
} as const;

/** One pyramid level's work, for the record. */
export interface RegistrationLevel {
  readonly spacingMm: Vec3;
  /** Voxel stride of the samples on the fixed image (1 = every voxel). */
  readonly stride: number;
  readonly samples: number;
  readonly iterations: number;
  /** Mean squared difference (HU², in the window) at the end of the level. */
  readonly msdHu2: number;
}

/**
 * The rigid transform that takes a point of the fixed image (A) to the same anatomy in the moving
 * image (B), both in their own patient LPS millimetres: q_B = R·(p_A − c) + c + t (see
 * `RigidTransform` for R's angle convention).
 */
export interface RigidRegistration {
  readonly transform: RigidTransform;
  readonly translationMm: Vec3;
  readonly rotationDeg: Vec3;
  readonly centreMm: Vec3;
  /**
   * Fit quality in mm: the mean distance from A's surfaces (body outline, lung borders, bone; voxels
   * at ≥ −200 or ≥ 200 HU beside one below), mapped into B, to B's nearest surface voxel (exact
   * Euclidean distance map, interpolated), on the finest pyramid level of ≤ 4 M voxels. 0 for two
   * identical scans; about a third of a voxel where the same body was voxelised turned (1.4 mm on 4 mm
   * voxels); it grows with the misfit (6.4 mm for that body turned 3° about two axes, before the fit).
   */
  readonly residualMm: number;
  readonly similarity: {
    readonly measure: 'mean-squared-difference';
    readonly windowHu: readonly [number, number];
    /** Mean squared difference after centre-of-mass alignment and at the end (HU²). */
    readonly initialMsdHu2: number;
    readonly finalMsdHu2: number;
  };
  readonly levels: readonly RegistrationLevel[];
}

/** `residualMm` is measured on the finest pyramid level of at most this many voxels. */
const RESIDUAL_MAX_VOXELS = 4_000_000;
/** … from at most this many of A's surface voxels (a regular subset). */
const RESIDUAL_MAX_POINTS = 200_000;

/**
 * Mean distance (mm) from A's surface voxels (body outline, lung borders, bone: `surfaceMask`), mapped
 * by the transform, to the nearest surface voxel of B (distance map, trilinear), over the points that
 * land inside B. NaN when B has no surface.
 */
function surfaceResidualMm(
  fixedLevels: readonly Volume[],
  movingLevels: readonly Volume[],
  transform: RigidTransform,
): number {
  let level = 0;
  while (
    level + 1 < Math.min(fixedLevels.length, movingLevels.length) &&
    (movingLevels[level] as Volume).data.length > RESIDUAL_MAX_VOXELS
  )
    level++;
  const fixed = fixedLevels[level] as Volume;
  const moving = movingLevels[level] as Volume;
  const distance = distanceToMaskMm(moving, surfaceMask(moving));
  const surface = surfaceMask(fixed);
  let count = 0;
  for (const v of surface) count += v;
  const every = Math.max(1, Math.ceil(count / RESIDUAL_MAX_POINTS));
  const toB = pointTransformLps(transform);
  const [mx, my, mz] = moving.dims;
  let sum = 0;
  let used = 0;
  let seen = 0;
  for (let n = 0; n < surface.length; n++) {
    if (!surface[n] || seen++ % every !== 0) continue;
    const [x, y, z] = lpsToIjk(moving, toB(voxelCentreLps(fixed, n)));
    if (!(x >= 0 && y >= 0 && z >= 0 && x <= mx - 1 && y <= my - 1 && z <= mz - 1)) continue;
    sampleWithGradient(distance, mx, my, mz, x, y, z, sampled);
    const d = sampled[0] as number;
    if (!Number.isFinite(d)) continue;
    sum += d;
    used++;
  }
  return used > 0 ? sum / used : Number.NaN;
}

/**
 * Registers the moving CT (B) to the fixed CT (A) rigidly. Method, all of it stated in the result:
 * 1. both images clamped to the HU window, then an image pyramid (2 × 2 × 2 block means) down to
 *    ~16 mm voxels;
 * 2. start: translation = difference of the body centres of mass (HU > −400), no rotation;
 * 3. on each level, coarse to fine: Levenberg–Marquardt on the mean squared difference, sampled at the
 *    fixed image's voxel centres that map inside B (trilinear interpolation of B and of its gradient),
 *    with the rotation updated multiplicatively (R ← exp([ω]×)·R) so that the angles never gimbal;
 *    stop when a step moves no point of a 200 mm ball by more than 0.005 mm, or after maxIterations.
 * Mean squared difference suits two CTs of one patient: HU are calibrated, so the same tissue has the
 * same number in both scans and the minimum lies at the alignment; it is cheaper than normalised
 * cross-correlation or mutual information and its Gauss–Newton matrix comes for free.
 */
export function registerRigid(
  fixedHu: Volume,
  movingHu: Volume,
  options: RegistrationOptions = {},
): RigidRegistration {
  const windowHu = options.windowHu ?? DEFAULT_REGISTRATION.windowHu;
  const coarsest = options.coarsestSpacingMm ?? DEFAULT_REGISTRATION.coarsestSpacingMm;
  const maxSamples = options.maxSamples ?? DEFAULT_REGISTRATION.maxSamples;
  const maxIterations = options.maxIterations ?? DEFAULT_REGISTRATION.maxIterations;
  if (!(windowHu[1] > windowHu[0]))
    throw new ImagingError('invalid-parameter', `registration window ${windowHu.join('..')} HU is empty`, {
      field: 'windowHu',
    });
  for (const [name, volume] of [
    ['fixed', fixedHu],
    ['moving', movingHu],
  ] as const)
    if (volume.dims.some((n) => n < 2))
      throw new ImagingError(
        'invalid-parameter',
        `the ${name} CT is ${volume.dims.join(' × ')} voxels: registration needs at least 2 along every axis`,
        { field: name },
      );
  const fixedComMm = bodyCentreOfMass(fixedHu, 'fixed');
  const movingComMm = bodyCentreOfMass(movingHu, 'moving');
  const centreMm = options.centreMm ?? fixedComMm;
  const fixedLevels = imagePyramid(clampVolume(fixedHu, windowHu[0], windowHu[1]), coarsest);
  const movingLevels = imagePyramid(clampVolume(movingHu, windowHu[0], windowHu[1]), coarsest);
  const levelCount = Math.min(fixedLevels.length, movingLevels.length);

  let rotation: Matrix3 = [1, 0, 0, 0, 1, 0, 0, 0, 1];
  // With R = I the centre of mass of A must go to that of B: t = com_B − com_A.
  let translation: Vec3 = [
    movingComMm[0] - fixedComMm[0],
    movingComMm[1] - fixedComMm[1],
    movingComMm[2] - fixedComMm[2],
  ];
  const levels: RegistrationLevel[] = [];
  const strideOf = (volume: Volume): number =>
    Math.max(1, Math.ceil(Math.cbrt((volume.dims[0] * volume.dims[1] * volume.dims[2]) / maxSamples)));
  const finestFixed = fixedLevels[0] as Volume;
  const finestMoving = movingLevels[0] as Volume;
  const initialMsdHu2 = gaussNewtonPass(
    finestFixed,
    finestMoving,
    rotation,
    translation,
    centreMm,
    strideOf(finestFixed),
  ).msd;
  let finalMsdHu2 = Number.NaN;
  for (let level = levelCount - 1; level >= 0; level--) {
    const fixed = fixedLevels[level] as Volume;
    const moving = movingLevels[level] as Volume;
    const stride = strideOf(fixed);
    const pass = (r: Matrix3, t: Vec3): PassResult => gaussNewtonPass(fixed, moving, r, t, centreMm, stride);
    let current = pass(rotation, translation);
    let lambda = 1e-3;
    let iterations = 0;
    while (iterations < maxIterations) {
      iterations++;
      const step = levenbergMarquardtStep(current, lambda);
      if (step === undefined) break;
      const nextRotation = multiplyMatrices(rotationFromVector(step.omega), rotation);
      const nextTranslation: Vec3 = [
        translation[0] + step.delta[0],
        translation[1] + step.delta[1],
        translation[2] + step.delta[2],
      ];
      const trial = pass(nextRotation, nextTranslation);
      // Largest move of a point within 200 mm of the centre: |δt| + 200·|ω|.
      const moveMm = Math.hypot(...step.delta) + 200 * Math.hypot(...step.omega);
      if (trial.samples > 0 && trial.msd <= current.msd) {
        rotation = nextRotation;
        translation = nextTranslation;
        current = trial;
        lambda = Math.max(lambda / 4, 1e-7);
        if (moveMm < 0.005) break;
      } else {
        lambda *= 8;
        if (lambda > 1e6 || moveMm < 0.005) break;
      }
    }
    levels.push({
      spacingMm: fixed.spacingMm,
      stride,
      samples: current.samples,
      iterations,
      msdHu2: current.msd,
    });
    finalMsdHu2 = current.msd;
  }
  const rotationDeg = eulerDegFromMatrix(rotation);
  const transform: RigidTransform = { translationMm: translation, rotationDeg, centreMm };
  return {
    transform,
    translationMm: translation,
    rotationDeg,
    centreMm,
    residualMm: surfaceResidualMm(fixedLevels, movingLevels, transform),
    similarity: {
      measure: 'mean-squared-difference',
      windowHu: [windowHu[0], windowHu[1]],
      initialMsdHu2,
      finalMsdHu2,
    },
    levels,
  };
}

/** Centre of mass (LPS mm) of the voxels with HU > −400 (the body, lungs excluded). */
export function bodyCentreOfMass(ctHu: Volume, name: string): Vec3 {
  const [nx, ny, nz] = ctHu.dims;
  let si = 0;
  let sj = 0;
  let sk = 0;
  let n = 0;
  const data = ctHu.data;
  for (let k = 0, index = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, index++)
        if ((data[index] as number) > -400) {
          si += i;
          sj += j;
          sk += k;
          n++;
        }
  if (n === 0)
    throw new ImagingError('empty-region', `the ${name} CT has no voxel above −400 HU: no body to register`, {
      field: name,
    });
  const [a, b, c] = [
    (si / n) * ctHu.spacingMm[0],
    (sj / n) * ctHu.spacingMm[1],
    (sk / n) * ctHu.spacingMm[2],
  ];
  const d = ctHu.direction;
  const o = ctHu.originMm;
  return [
    o[0] + a * d[0] + b * d[3] + c * d[6],
    o[1] + a * d[1] + b * d[4] + c * d[7],
    o[2] + a * d[2] + b * d[5] + c * d[8],
  ];
}

interface PassResult {
  readonly samples: number;
  readonly msd: number;
  /** Upper triangle of JᵀJ / n (21 numbers, row by row) and Jᵀr / n (6). */
  readonly jtj: Float64Array;
  readonly jtr: Float64Array;
}

/**
 * One pass over the fixed samples: residual r = B(T(p)) − A(p) and its Jacobian
 * J = [∇B, u × ∇B] (∂r/∂t and ∂r/∂ω for q = exp([ω]×)·u + c + t + δt, u = R·(p − c)), accumulated.
 * Fixed voxel → moving continuous index is affine, so it is stepped, not recomputed, along a row.
 */
function gaussNewtonPass(
  fixed: Volume,
  moving: Volume,
  rotation: Matrix3,
  translation: Vec3,
  centreMm: Vec3,
  stride: number,
): PassResult {
  const [fx, fy, fz] = fixed.dims;
  const [mx, my, mz] = moving.dims;
  const fd = fixed.direction;
  const fs = fixed.spacingMm;
  // Columns of the fixed grid's ijk → LPS matrix.
  const fixedAxes: Matrix3 = [
    fd[0] * fs[0],
    fd[3] * fs[1],
    fd[6] * fs[2],
    fd[1] * fs[0],
    fd[4] * fs[1],
    fd[7] * fs[2],
    fd[2] * fs[0],
    fd[5] * fs[1],
    fd[8] * fs[2],
  ];
  // LPS → moving ijk: diag(1/s)·Dᵀ (orthonormal direction cosines).
  const md = moving.direction;
  const ms = moving.spacingMm;
  const toMoving: Matrix3 = [
    md[0] / ms[0],
    md[1] / ms[0],
    md[2] / ms[0],
    md[3] / ms[1],
    md[4] / ms[1],
    md[5] / ms[1],
    md[6] / ms[2],
    md[7] / ms[2],
    md[8] / ms[2],
  ];
  const u0 = multiplyMatrixVector(rotation, [
    fixed.originMm[0] - centreMm[0],
    fixed.originMm[1] - centreMm[1],
    fixed.originMm[2] - centreMm[2],
  ]);
  const axesU = multiplyMatrices(rotation, fixedAxes); // columns: u per step in i, j, k
  const axesX = multiplyMatrices(toMoving, axesU); // columns: moving index per step in i, j, k
  const x0 = multiplyMatrixVector(toMoving, [
    u0[0] + centreMm[0] + translation[0] - moving.originMm[0],
    u0[1] + centreMm[1] + translation[1] - moving.originMm[1],
    u0[2] + centreMm[2] + translation[2] - moving.originMm[2],
  ]);
  const [ui0, ui1, ui2] = [axesU[0] * stride, axesU[3] * stride, axesU[6] * stride];
  const [xi0, xi1, xi2] = [axesX[0] * stride, axesX[3] * stride, axesX[6] * stride];
  const geometry = new Float64Array([
    mx,
    my,
    mz,
    toMoving[0],
    toMoving[1],
    toMoving[2],
    toMoving[3],
    toMoving[4],
    toMoving[5],
    toMoving[6],
    toMoving[7],
    toMoving[8],
    ui0,
    ui1,
    ui2,
    xi0,
    xi1,
    xi2,
  ]);
  // acc: 0–20 JᵀJ upper triangle, 21–26 Jᵀr, 27 Σr², 28 samples.
  const acc = new Float64Array(29);
  const start = new Float64Array(6);
  for (let k = 0; k < fz; k += stride) {
    for (let j = 0; j < fy; j += stride) {
      start[0] = u0[0] + j * axesU[1] + k * axesU[2];
      start[1] = u0[1] + j * axesU[4] + k * axesU[5];
      start[2] = u0[2] + j * axesU[7] + k * axesU[8];
      start[3] = x0[0] + j * axesX[1] + k * axesX[2];
      start[4] = x0[1] + j * axesX[4] + k * axesX[5];
      start[5] = x0[2] + j * axesX[7] + k * axesX[8];
      const row = fx * (j + fy * k);
      accumulateRow(fixed.data, row, fx, stride, moving.data, geometry, start, acc);
    }
  }
  const samples = acc[28] as number;
  const sse = acc[27] as number;
  const scale = samples > 0 ? 1 / samples : 0;
  const jtj = acc.slice(0, 21).map((v) => v * scale);
  const jtr = acc.slice(21, 27).map((v) => v * scale);
  return { samples, msd: samples > 0 ? sse * scale : Number.POSITIVE_INFINITY, jtj, jtr };
}

/**
 * Trilinear interpolation of `b` at the continuous index (x, y, z), known to lie inside the grid, with
 * its index-space gradient; writes [value, ∂/∂i, ∂/∂j, ∂/∂k] to `out`.
 */
function sampleWithGradient(
  b: Float32Array,
  mx: number,
  my: number,
  mz: number,
  x: number,
  y: number,
  z: number,
  out: Float64Array,
): void {
  // The last voxel interpolates within the cell before it (t = 1).
  const i0 = Math.min(Math.floor(x), mx - 2);
  const j0 = Math.min(Math.floor(y), my - 2);
  const k0 = Math.min(Math.floor(z), mz - 2);
  const tx = x - i0;
  const ty = y - j0;
  const tz = z - k0;
  const mxy = mx * my;
  const n000 = i0 + mx * j0 + mxy * k0;
  const c000 = b[n000] as number;
  const c100 = b[n000 + 1] as number;
  const c010 = b[n000 + mx] as number;
  const c110 = b[n000 + mx + 1] as number;
  const c001 = b[n000 + mxy] as number;
  const c101 = b[n000 + mxy + 1] as number;
  const c011 = b[n000 + mxy + mx] as number;
  const c111 = b[n000 + mxy + mx + 1] as number;
  // Along x first, then y, then z; the derivatives from the same corners.
  const c00 = c000 + tx * (c100 - c000);
  const c10 = c010 + tx * (c110 - c010);
  const c01 = c001 + tx * (c101 - c001);
  const c11 = c011 + tx * (c111 - c011);
  const c0 = c00 + ty * (c10 - c00);
  const c1 = c01 + ty * (c11 - c01);
  const dx0 = c100 - c000 + ty * (c110 - c010 - c100 + c000);
  const dx1 = c101 - c001 + ty * (c111 - c011 - c101 + c001);
  out[0] = c0 + tz * (c1 - c0);
  out[1] = dx0 + tz * (dx1 - dx0);
  out[2] = c10 - c00 + tz * (c11 - c01 - c10 + c00);
  out[3] = c1 - c0;
}

const sampled = new Float64Array(4);

/** One row of fixed samples into `acc` (see `gaussNewtonPass`); `start` holds u and x at i = 0. */
function accumulateRow(
  a: Float32Array,
  row: number,
  fx: number,
  stride: number,
  b: Float32Array,
  geometry: Float64Array,
  start: Float64Array,
  acc: Float64Array,
): void {
  const mx = geometry[0] as number;
  const my = geometry[1] as number;
  const mz = geometry[2] as number;
  const [m0, m1, m2, m3, m4, m5, m6, m7, m8] = [
    geometry[3] as number,
    geometry[4] as number,
    geometry[5] as number,
    geometry[6] as number,
    geometry[7] as number,
    geometry[8] as number,
    geometry[9] as number,
    geometry[10] as number,
    geometry[11] as number,
  ];
  let u0 = start[0] as number;
  let u1 = start[1] as number;
  let u2 = start[2] as number;
  let x = start[3] as number;
  let y = start[4] as number;
  let z = start[5] as number;
  const du0 = geometry[12] as number;
  const du1 = geometry[13] as number;
  const du2 = geometry[14] as number;
  const dx = geometry[15] as number;
  const dy = geometry[16] as number;
  const dz = geometry[17] as number;
  // Row sums in locals (registers), added to `acc` once per row.
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0,
    s4 = 0,
    s5 = 0,
    s6 = 0,
    s7 = 0,
    s8 = 0,
    s9 = 0,
    s10 = 0,
    s11 = 0,
    s12 = 0,
    s13 = 0,
    s14 = 0,
    s15 = 0,
    s16 = 0,
    s17 = 0,
    s18 = 0,
    s19 = 0,
    s20 = 0,
    s21 = 0,
    s22 = 0,
    s23 = 0,
    s24 = 0,
    s25 = 0,
    s26 = 0,
    s27 = 0,
    s28 = 0;
  for (let i = 0; i < fx; i += stride) {
    if (x >= 0 && y >= 0 && z >= 0 && x <= mx - 1 && y <= my - 1 && z <= mz - 1) {
      sampleWithGradient(b, mx, my, mz, x, y, z, sampled);
      const di = sampled[1] as number;
      const dj = sampled[2] as number;
      const dk = sampled[3] as number;
      // ∇ in LPS = (LPS → index matrix)ᵀ · ∇ in index space.
      const gx = m0 * di + m3 * dj + m6 * dk;
      const gy = m1 * di + m4 * dj + m7 * dk;
      const gz = m2 * di + m5 * dj + m8 * dk;
      const r = (sampled[0] as number) - (a[row + i] as number);
      const wx = u1 * gz - u2 * gy;
      const wy = u2 * gx - u0 * gz;
      const wz = u0 * gy - u1 * gx;
      s0 += gx * gx;
      s1 += gx * gy;
      s2 += gx * gz;
      s3 += gx * wx;
      s4 += gx * wy;
      s5 += gx * wz;
      s6 += gy * gy;
      s7 += gy * gz;
      s8 += gy * wx;
      s9 += gy * wy;
      s10 += gy * wz;
      s11 += gz * gz;
      s12 += gz * wx;
      s13 += gz * wy;
      s14 += gz * wz;
      s15 += wx * wx;
      s16 += wx * wy;
      s17 += wx * wz;
      s18 += wy * wy;
      s19 += wy * wz;
      s20 += wz * wz;
      s21 += gx * r;
      s22 += gy * r;
      s23 += gz * r;
      s24 += wx * r;
      s25 += wy * r;
      s26 += wz * r;
      s27 += r * r;
      s28 += 1;
    }
    u0 += du0;
    u1 += du1;
    u2 += du2;
    x += dx;
    y += dy;
    z += dz;
  }
  const sums = [
    s0,
    s1,
    s2,
    s3,
    s4,
    s5,
    s6,
    s7,
    s8,
    s9,
    s10,
    s11,
    s12,
    s13,
    s14,
    s15,
    s16,
    s17,
    s18,
    s19,
    s20,
    s21,
    s22,
    s23,
    s24,
    s25,
    s26,
    s27,
    s28,
  ];
  for (let n = 0; n < 29; n++) acc[n] = (acc[n] as number) + (sums[n] as number);
}

/** Solves (JᵀJ + λ·diag(JᵀJ))·x = −Jᵀr; x = [δt (mm), ω (rad)], or undefined when singular. */
function levenbergMarquardtStep(
  pass: PassResult,
  lambda: number,
): { readonly delta: Vec3; readonly omega: Vec3 } | undefined {
  if (pass.samples === 0) return undefined;
  const m: number[][] = Array.from({ length: 6 }, () => new Array<number>(6).fill(0));
  let n = 0;
  for (let r = 0; r < 6; r++)
    for (let c = r; c < 6; c++) {
      const v = pass.jtj[n++] as number;
      (m[r] as number[])[c] = v;
      (m[c] as number[])[r] = v;
    }
  for (let d = 0; d < 6; d++) {
    const row = m[d] as number[];
    row[d] = (row[d] as number) * (1 + lambda) + 1e-12;
  }
  const x = solveLinearSystem(
    m,
    Array.from(pass.jtr, (v) => -v),
  );
  if (x === undefined || x.some((v) => !Number.isFinite(v))) return undefined;
  return { delta: [x[0] ?? 0, x[1] ?? 0, x[2] ?? 0], omega: [x[3] ?? 0, x[4] ?? 0, x[5] ?? 0] };
}

/** exp([ω]×): the rotation by |ω| radians about ω (Rodrigues' formula). */
function rotationFromVector(omega: Vec3): Matrix3 {
  const theta = Math.hypot(omega[0], omega[1], omega[2]);
  if (theta < 1e-15) return [1, 0, 0, 0, 1, 0, 0, 0, 1];
  const [x, y, z] = [omega[0] / theta, omega[1] / theta, omega[2] / theta];
  const s = Math.sin(theta);
  const c1 = 1 - Math.cos(theta);
  return [
    1 + c1 * (x * x - 1),
    -s * z + c1 * x * y,
    s * y + c1 * x * z,
    s * z + c1 * x * y,
    1 + c1 * (y * y - 1),
    -s * x + c1 * y * z,
    -s * y + c1 * x * z,
    s * x + c1 * y * z,
    1 + c1 * (z * z - 1),
  ];
}
