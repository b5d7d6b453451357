import type { Vec3 } from '@cxcr4pet/volume';
import { describe, expect, it } from 'vitest';
import { lcg } from '../test-volumes.ts';
import { minimumCostAssignment } from './assignment.ts';
import { matchLesions } from './lesion-matching.ts';

const at = (name: string, centroidMm: Vec3) => ({ name, centroidMm });
const names = (
  m: ReturnType<typeof matchLesions<{ name: string; centroidMm: Vec3 }, { name: string; centroidMm: Vec3 }>>,
) => ({
  pairs: m.pairs.map((p) => `${p.a.name}-${p.b.name}`),
  onlyA: m.onlyA.map((l) => l.name),
  onlyB: m.onlyB.map((l) => l.name),
});

/** Every permutation of 0..n−1 (n ≤ 7 here). */
function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) =>
    Array.from({ length: n }, (_, at) => [...p.slice(0, at), n - 1, ...p.slice(at)]),
  );
}

describe('minimumCostAssignment (Hungarian algorithm)', () => {
  it('finds the cheapest assignment of a 3 × 3 matrix worked by hand', () => {
    // Rows take columns 1, 0, 2: 1 + 2 + 2 = 5; the diagonal costs 4 + 5 + 2 = 11, greedy row by row 1 + 3 + 8.
    expect(
      minimumCostAssignment([
        [4, 1, 3],
        [2, 5, 3],
        [3, 2, 2],
      ]),
    ).toEqual([1, 0, 2]);
  });

  it('gives the minimum that brute force over every permutation gives, on 200 random matrices', () => {
    const random = lcg(42);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + (trial % 7);
      const cost = Array.from({ length: n }, () =>
        Array.from({ length: n }, () => Math.round(random() * 50)),
      );
      const total = (assignment: readonly number[]) =>
        assignment.reduce((s, column, row) => s + ((cost[row] as number[])[column] as number), 0);
      const best = Math.min(...permutations(n).map(total));
      const found = minimumCostAssignment(cost);
      expect(new Set(found).size, JSON.stringify(cost)).toBe(n);
      expect(total(found), JSON.stringify(cost)).toBe(best);
    }
  });

  it('refuses a matrix that is not square or has a non-finite cost', () => {
    expect(() => minimumCostAssignment([[1, 2]])).toThrow(RangeError);
    expect(() => minimumCostAssignment([[Number.POSITIVE_INFINITY]])).toThrow(RangeError);
  });
});

describe('matchLesions', () => {
  it('pairs where nearest-first would strand a lesion (greedy takes A2–B1 at 4 mm, leaving A1 18 mm from B2)', () => {
    const a = [at('A1', [0, 0, 0]), at('A2', [10, 0, 0])];
    const b = [at('B1', [6, 0, 0]), at('B2', [18, 0, 0])];
    const m = matchLesions(a, b, { maxDistanceMm: 15 });
    expect(names(m)).toEqual({ pairs: ['A1-B1', 'A2-B2'], onlyA: [], onlyB: [] });
    expect(m.pairs.map((p) => p.distanceMm)).toEqual([6, 8]);
  });

  it('prefers the pairing of least total distance when the count is the same (greedy: 1 + 9, optimal: 3 + 3)', () => {
    // A1 (0) and A2 (4); B1 (1) and B2 (-3)... laid out so that nearest-first takes A1–B1 (1 mm) then A2–B2 (7 mm).
    const a = [at('A1', [0, 0, 0]), at('A2', [4, 0, 0])];
    const b = [at('B1', [1, 0, 0]), at('B2', [-3, 0, 0])];
    const m = matchLesions(a, b, { maxDistanceMm: 10 });
    // A1–B1 + A2–B2 = 1 + 7 = 8; A1–B2 + A2–B1 = 3 + 3 = 6.
    expect(names(m).pairs).toEqual(['A1-B2', 'A2-B1']);
  });

  it('leaves lesions farther apart than the maximum distance unpaired', () => {
    const a = [at('A1', [0, 0, 0]), at('A2', [100, 0, 0])];
    const b = [at('B1', [0, 14.9, 0]), at('B2', [100, 0, 15.1]), at('B3', [-50, 0, 0])];
    expect(names(matchLesions(a, b, { maxDistanceMm: 15 }))).toEqual({
      pairs: ['A1-B1'],
      onlyA: ['A2'],
      onlyB: ['B2', 'B3'],
    });
  });

  it('maps A through the registration before measuring distances', () => {
    // B is A shifted by (30, 0, 0) and turned 90° about z around (0, 0, 0): (10, 0, 0) → (0, 10, 0) → (30, 10, 0).
    const transform = { translationMm: [30, 0, 0], rotationDeg: [0, 0, 90], centreMm: [0, 0, 0] } as const;
    const a = [at('A1', [10, 0, 0]), at('A2', [0, 20, 0])];
    const b = [at('B1', [10, 0, 0]), at('B2', [31, 10, 0])];
    const m = matchLesions(a, b, { transform, maxDistanceMm: 5 });
    expect(names(m)).toEqual({ pairs: ['A1-B2', 'A2-B1'], onlyA: [], onlyB: [] });
    expect(m.pairs[0]?.distanceMm).toBeCloseTo(1, 12);
    expect(m.pairs[1]?.distanceMm).toBeCloseTo(0, 12);
  });

  it('handles empty studies and rejects a non-positive distance', () => {
    expect(names(matchLesions([], [at('B1', [0, 0, 0])]))).toEqual({ pairs: [], onlyA: [], onlyB: ['B1'] });
    expect(names(matchLesions([at('A1', [0, 0, 0])], []))).toEqual({ pairs: [], onlyA: ['A1'], onlyB: [] });
    expect(() => matchLesions([], [], { maxDistanceMm: 0 })).toThrow(/must be > 0 mm/);
  });
});
