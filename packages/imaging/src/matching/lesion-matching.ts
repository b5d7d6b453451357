import type { Vec3 } from '@cxcr4pet/volume';
import { ImagingError } from '../errors.ts';
import { pointTransformLps, type RigidTransform } from '../registration/rigid-transform.ts';
import { minimumCostAssignment } from './assignment.ts';

/** Default largest distance (mm) between a lesion of A, mapped into B, and its partner in B. */
export const DEFAULT_MATCH_DISTANCE_MM = 15;

/** Anything with a centroid in its own study's patient LPS mm (an analysed lesion). */
export interface Located {
  readonly centroidMm: Vec3;
}

export interface LesionPair<A, B> {
  readonly a: A;
  readonly b: B;
  /** Distance (mm) between B's centroid and A's centroid mapped into B. */
  readonly distanceMm: number;
}

export interface LesionMatching<A, B> {
  readonly pairs: readonly LesionPair<A, B>[];
  readonly onlyA: readonly A[];
  readonly onlyB: readonly B[];
}

/**
 * Pairs the lesions of study A with those of study B one-to-one. A's centroids are first mapped
 * into B's coordinates by `transform` (A → B, from `registerRigid`; identity when absent). The pairs
 * are the optimal assignment (Hungarian algorithm) that minimises
 *   Σ over pairs of their distance + (maxDistanceMm / 2) × (number of lesions left unpaired),
 * with no pair farther apart than `maxDistanceMm`: two lesions within reach of each other are paired
 * unless pairing them would cost a better pair elsewhere (a greedy nearest-first choice can strand a
 * lesion that had a partner; this cannot). Pairs come in A's order, singles in their study's order.
 */
export function matchLesions<A extends Located, B extends Located>(
  lesionsA: readonly A[],
  lesionsB: readonly B[],
  options: { readonly transform?: RigidTransform; readonly maxDistanceMm?: number } = {},
): LesionMatching<A, B> {
  const maxDistanceMm = options.maxDistanceMm ?? DEFAULT_MATCH_DISTANCE_MM;
  if (!(Number.isFinite(maxDistanceMm) && maxDistanceMm > 0))
    throw new ImagingError(
      'invalid-parameter',
      `maximum match distance must be > 0 mm, got ${maxDistanceMm}`,
      {
        field: 'maxDistanceMm',
      },
    );
  const toB = options.transform === undefined ? (p: Vec3) => p : pointTransformLps(options.transform);
  const mapped = lesionsA.map((lesion) => toB(lesion.centroidMm));
  const distance = (i: number, j: number): number => {
    const p = mapped[i] as Vec3;
    const q = (lesionsB[j] as B).centroidMm;
    return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
  };
  const nA = lesionsA.length;
  const nB = lesionsB.length;
  // Square matrix: rows A lesions then one "B lesion left alone" per B lesion; columns B lesions then
  // one "A lesion left alone" per A lesion. Forbidden cells cost more than any allowed solution.
  const alone = maxDistanceMm / 2;
  const forbidden = (nA + nB + 1) * maxDistanceMm * 4;
  const n = nA + nB;
  const cost = Array.from({ length: n }, (_, row) =>
    Array.from({ length: n }, (_, column) => {
      if (row < nA && column < nB) {
        const d = distance(row, column);
        return d <= maxDistanceMm ? d : forbidden;
      }
      if (row < nA) return column - nB === row ? alone : forbidden;
      if (column < nB) return row - nA === column ? alone : forbidden;
      return 0;
    }),
  );
  const columnOfRow = minimumCostAssignment(cost);
  const pairs: LesionPair<A, B>[] = [];
  const onlyA: A[] = [];
  const pairedB = new Set<number>();
  for (let i = 0; i < nA; i++) {
    const j = columnOfRow[i] as number;
    if (j < nB && distance(i, j) <= maxDistanceMm) {
      pairs.push({ a: lesionsA[i] as A, b: lesionsB[j] as B, distanceMm: distance(i, j) });
      pairedB.add(j);
    } else onlyA.push(lesionsA[i] as A);
  }
  return { pairs, onlyA, onlyB: lesionsB.filter((_, j) => !pairedB.has(j)) };
}
