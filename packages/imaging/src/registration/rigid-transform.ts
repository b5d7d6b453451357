import type { Vec3 } from '@cxcr4pet/volume';

/**
 * A rigid transform of patient LPS space (mm), 6 degrees of freedom:
 *
 *   q = R · (p − centreMm) + centreMm + translationMm
 *
 * with R = Rz(γ) · Ry(β) · Rx(α) for `rotationDeg` = [α, β, γ] (degrees, right-handed rotations about
 * the fixed LPS x, y and z axes, applied in the order x, then y, then z). Rotating about `centreMm`
 * rather than the LPS origin keeps translation and rotation nearly independent for a patient whose
 * middle is far from the origin (z ≈ 500 mm on a whole-body scan).
 */
export interface RigidTransform {
  readonly translationMm: Vec3;
  readonly rotationDeg: Vec3;
  readonly centreMm: Vec3;
}

/** Nine numbers, row-major: `[r11, r12, r13, r21, …, r33]`. */
export type Matrix3 = readonly [number, number, number, number, number, number, number, number, number];

export const IDENTITY_TRANSFORM: RigidTransform = {
  translationMm: [0, 0, 0],
  rotationDeg: [0, 0, 0],
  centreMm: [0, 0, 0],
};

const RAD = Math.PI / 180;

/** R = Rz(γ) · Ry(β) · Rx(α) for [α, β, γ] in degrees (see `RigidTransform`). */
export function rotationMatrixDeg(rotationDeg: Vec3): Matrix3 {
  const [a, b, c] = [rotationDeg[0] * RAD, rotationDeg[1] * RAD, rotationDeg[2] * RAD];
  const [ca, sa, cb, sb, cc, sc] = [
    Math.cos(a),
    Math.sin(a),
    Math.cos(b),
    Math.sin(b),
    Math.cos(c),
    Math.sin(c),
  ];
  return [
    cc * cb,
    cc * sb * sa - sc * ca,
    cc * sb * ca + sc * sa,
    sc * cb,
    sc * sb * sa + cc * ca,
    sc * sb * ca - cc * sa,
    -sb,
    cb * sa,
    cb * ca,
  ];
}

/** The angles [α, β, γ] (degrees, β in [−90°, 90°]) of a rotation matrix, inverse of `rotationMatrixDeg`. */
export function eulerDegFromMatrix(r: Matrix3): Vec3 {
  const beta = Math.asin(Math.max(-1, Math.min(1, -r[6])));
  return [Math.atan2(r[7], r[8]) / RAD, beta / RAD, Math.atan2(r[3], r[0]) / RAD];
}

/** m · v. */
export function multiplyMatrixVector(m: Matrix3, v: Vec3): Vec3 {
  return [
    m[0] * v[0] + m[1] * v[1] + m[2] * v[2],
    m[3] * v[0] + m[4] * v[1] + m[5] * v[2],
    m[6] * v[0] + m[7] * v[1] + m[8] * v[2],
  ];
}

/** a · b. */
export function multiplyMatrices(a: Matrix3, b: Matrix3): Matrix3 {
  const out: number[] = [];
  for (let row = 0; row < 3; row++)
    for (let col = 0; col < 3; col++)
      out.push(
        (a[row * 3] as number) * (b[col] as number) +
          (a[row * 3 + 1] as number) * (b[3 + col] as number) +
          (a[row * 3 + 2] as number) * (b[6 + col] as number),
      );
  return out as unknown as Matrix3;
}

/** The transpose (= inverse, for a rotation). */
export function transposeMatrix(m: Matrix3): Matrix3 {
  return [m[0], m[3], m[6], m[1], m[4], m[7], m[2], m[5], m[8]];
}

/** The transform as a function of a point (LPS mm), its rotation matrix worked out once. */
export function pointTransformLps(transform: RigidTransform): (p: Vec3) => Vec3 {
  const r = rotationMatrixDeg(transform.rotationDeg);
  const c = transform.centreMm;
  const t = transform.translationMm;
  return (p) => {
    const u = multiplyMatrixVector(r, [p[0] - c[0], p[1] - c[1], p[2] - c[2]]);
    return [u[0] + c[0] + t[0], u[1] + c[1] + t[1], u[2] + c[2] + t[2]];
  };
}

/** The inverse transform as a function of a point: the point that the transform takes to `q`. */
export function inversePointTransformLps(transform: RigidTransform): (q: Vec3) => Vec3 {
  const rt = transposeMatrix(rotationMatrixDeg(transform.rotationDeg));
  const c = transform.centreMm;
  const t = transform.translationMm;
  return (q) => {
    const u = multiplyMatrixVector(rt, [q[0] - c[0] - t[0], q[1] - c[1] - t[1], q[2] - c[2] - t[2]]);
    return [u[0] + c[0], u[1] + c[1], u[2] + c[2]];
  };
}

/** Where the transform takes point `p` (LPS mm). */
export function transformPointLps(transform: RigidTransform, p: Vec3): Vec3 {
  return pointTransformLps(transform)(p);
}

/** The point that the transform takes to `q` (the inverse transform applied to `q`). */
export function inverseTransformPointLps(transform: RigidTransform, q: Vec3): Vec3 {
  return inversePointTransformLps(transform)(q);
}

/**
 * The same transform written about another centre: the translation changes so that every point
 * goes to the same place (t' = R·(c' − c) + c + t − c').
 */
export function recentreTransform(transform: RigidTransform, centreMm: Vec3): RigidTransform {
  const moved = transformPointLps(transform, centreMm);
  return {
    rotationDeg: transform.rotationDeg,
    centreMm,
    translationMm: [moved[0] - centreMm[0], moved[1] - centreMm[1], moved[2] - centreMm[2]],
  };
}
