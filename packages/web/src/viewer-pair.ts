import type { Vec3 } from '@cxcr4pet/volume';
import { isViewerId } from './viewer-study.ts';

/**
 * Two studies of one participant for the side-by-side viewer (schema `cxcr4pet-viewer-pair/1`), served
 * as `GET /pairs/<id>/viewer-pair.json`: study A (FDG) and study B (Pentixafor), each a viewer study of
 * its own (`/studies/<id>/viewer.json`), the rigid registration of B's CT to A's, and the engine's
 * one-to-one lesion matching (`matchLesions` of the imaging room, by lesion label). Pure data: the server
 * (or a demo) writes it from `registerRigid` and `matchLesions`, the browser links the two viewers with it.
 */
export const VIEWER_PAIR_SCHEMA = 'cxcr4pet-viewer-pair/1';

export interface ViewerPairSide {
  /** The viewer study (`/studies/<studyId>/viewer.json`). */
  readonly studyId: string;
  /** Shown above its viewports, e.g. `FDG`, `Pentixafor`. */
  readonly label: string;
}

/** Nine numbers, row-major. */
export type Rotation3 = readonly [number, number, number, number, number, number, number, number, number];

export interface ViewerPairRegistration {
  /**
   * A → B as a matrix and an offset: q_B = rotation · p_A + offsetMm (patient LPS mm of each study).
   * The same transform as `translationMm`/`rotationDeg`/`centreMm` below (compare's convention), worked
   * out once by the writer so that the browser needs no angle convention.
   */
  readonly rotation: Rotation3;
  readonly offsetMm: Vec3;
  readonly translationMm: Vec3;
  readonly rotationDeg: Vec3;
  readonly centreMm: Vec3;
  /** Mean surface distance after the fit (mm), as `registerRigid` reports it. */
  readonly residualMm: number;
  readonly method: string;
}

export interface ViewerPairMatching {
  readonly maxDistanceMm: number;
  /** Lesion labels of A and B paired, and their distance (B's centroid to A's mapped into B, mm). */
  readonly pairs: readonly { readonly a: number; readonly b: number; readonly distanceMm: number }[];
  readonly onlyA: readonly number[];
  readonly onlyB: readonly number[];
}

export interface ViewerPair {
  readonly schema: typeof VIEWER_PAIR_SCHEMA;
  readonly id: string;
  readonly title: string;
  readonly a: ViewerPairSide;
  readonly b: ViewerPairSide;
  readonly registration: ViewerPairRegistration;
  readonly matching: ViewerPairMatching;
}

/** Where a point of study A (LPS mm) lies in study B: rotation · p + offset. */
export function mapAToB(registration: Pick<ViewerPairRegistration, 'rotation' | 'offsetMm'>, p: Vec3): Vec3 {
  const r = registration.rotation;
  const o = registration.offsetMm;
  return [
    r[0] * p[0] + r[1] * p[1] + r[2] * p[2] + o[0],
    r[3] * p[0] + r[4] * p[1] + r[5] * p[2] + o[1],
    r[6] * p[0] + r[7] * p[1] + r[8] * p[2] + o[2],
  ];
}

/** The point of study A that `mapAToB` takes to q: rotationᵀ · (q − offset) (a rotation's inverse is its transpose). */
export function mapBToA(registration: Pick<ViewerPairRegistration, 'rotation' | 'offsetMm'>, q: Vec3): Vec3 {
  const r = registration.rotation;
  const d = [
    q[0] - registration.offsetMm[0],
    q[1] - registration.offsetMm[1],
    q[2] - registration.offsetMm[2],
  ];
  const [x, y, z] = d as [number, number, number];
  return [r[0] * x + r[3] * y + r[6] * z, r[1] * x + r[4] * y + r[7] * z, r[2] * x + r[5] * y + r[8] * z];
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const numbers = (v: unknown, n: number): boolean => Array.isArray(v) && v.length === n && v.every(finite);

/**
 * Checks a parsed viewer-pair.json (`source` names it in errors); throws an Error naming the field. The
 * rotation must be one (orthonormal, determinant +1, to 10⁻⁶): a sheared or mirrored matrix would move
 * the linked cursor somewhere the registration never said.
 */
export function parseViewerPair(json: unknown, source: string): ViewerPair {
  const fail = (field: string, why: string): never => {
    throw new Error(`${source}: field '${field}' ${why}`);
  };
  if (typeof json !== 'object' || json === null) throw new Error(`${source}: not a JSON object`);
  const s = json as Record<string, unknown>;
  if (s.schema !== VIEWER_PAIR_SCHEMA) fail('schema', `must be '${VIEWER_PAIR_SCHEMA}'`);
  if (!isViewerId(s.id)) fail('id', 'must be an id of letters, digits, dot, dash or underscore');
  if (typeof s.title !== 'string') fail('title', 'must be a string');
  for (const side of ['a', 'b'] as const) {
    const v = s[side] as Record<string, unknown> | undefined;
    if (!isViewerId(v?.studyId)) fail(`${side}.studyId`, 'must be a study id');
    if (typeof v?.label !== 'string') fail(`${side}.label`, 'must be a string');
  }
  const r = s.registration as Record<string, unknown> | undefined;
  if (typeof r !== 'object' || r === null) return fail('registration', 'must be an object');
  if (!numbers(r.rotation, 9)) fail('registration.rotation', 'must be 9 numbers');
  for (const key of ['offsetMm', 'translationMm', 'rotationDeg', 'centreMm'])
    if (!numbers(r[key], 3)) fail(`registration.${key}`, 'must be 3 numbers');
  if (!finite(r.residualMm)) fail('registration.residualMm', 'must be a number');
  if (typeof r.method !== 'string') fail('registration.method', 'must be a string');
  const m = r.rotation as number[];
  for (let row = 0; row < 3; row++)
    for (let col = 0; col < 3; col++) {
      const dot = [0, 1, 2].reduce(
        (sum, k) => sum + (m[row * 3 + k] as number) * (m[col * 3 + k] as number),
        0,
      );
      if (Math.abs(dot - (row === col ? 1 : 0)) > 1e-6)
        fail('registration.rotation', 'must be a rotation (orthonormal rows)');
    }
  const [a, b, c, d, e, f, g, h, i] = m as unknown as Rotation3;
  if (a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g) < 0)
    fail('registration.rotation', 'must be a rotation (determinant +1, not a mirror)');
  const match = s.matching as Record<string, unknown> | undefined;
  if (typeof match !== 'object' || match === null) return fail('matching', 'must be an object');
  if (!finite(match.maxDistanceMm)) fail('matching.maxDistanceMm', 'must be a number');
  if (!Array.isArray(match.pairs)) fail('matching.pairs', 'must be an array');
  (match.pairs as unknown[]).forEach((pair, n) => {
    const p = pair as Record<string, unknown>;
    for (const key of ['a', 'b', 'distanceMm'])
      if (!finite(p?.[key])) fail(`matching.pairs[${n}].${key}`, 'must be a number');
  });
  for (const key of ['onlyA', 'onlyB'])
    if (!Array.isArray(match[key]) || !(match[key] as unknown[]).every(finite))
      fail(`matching.${key}`, 'must be an array of lesion labels');
  return json as ViewerPair;
}
