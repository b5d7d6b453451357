import { uniformStream } from '../noise.ts';

/** Seeded random draws for the cohort, all from one SplitMix32 stream (`uniformStream`). */
export interface Random {
  /** Uniform in (0, 1). */
  readonly uniform: () => number;
  /** Uniform in [lo, hi). */
  readonly between: (lo: number, hi: number) => number;
  /** A whole number in [lo, hi], both inclusive. */
  readonly integer: (lo: number, hi: number) => number;
  readonly normal: (mean: number, sd: number) => number;
  readonly bernoulli: (p: number) => boolean;
  readonly pick: <T>(items: readonly T[]) => T;
  /** A new array in random order (Fisher–Yates). */
  readonly shuffle: <T>(items: readonly T[]) => T[];
}

/** A `Random` whose every draw is fixed by the seed. */
export function seededRandom(seed: number): Random {
  const uniform = uniformStream(seed);
  const integer = (lo: number, hi: number) => lo + Math.floor(uniform() * (hi - lo + 1));
  return {
    uniform,
    between: (lo, hi) => lo + (hi - lo) * uniform(),
    integer,
    // Box–Muller, one value per call (the spare is dropped to keep the stream simple to follow).
    normal: (mean, sd) => mean + sd * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()),
    bernoulli: (p) => uniform() < p,
    pick: (items) => {
      const item = items[integer(0, items.length - 1)];
      if (item === undefined) throw new RangeError('pick from an empty list');
      return item;
    },
    shuffle: (items) => {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = integer(0, i);
        [out[i], out[j]] = [out[j] as (typeof out)[number], out[i] as (typeof out)[number]];
      }
      return out;
    },
  };
}

/**
 * Splits `size` into whole counts proportional to `weights` (largest remainder, ties to the earlier key),
 * so that a stated mix is met as closely as whole people allow.
 */
export function quotas<K extends string>(
  size: number,
  weights: Readonly<Record<K, number>>,
): Record<K, number> {
  const keys = Object.keys(weights) as K[];
  const total = keys.reduce((s, k) => s + weights[k], 0);
  const exact = keys.map((k) => (size * weights[k]) / total);
  const counts = exact.map(Math.floor);
  let left = size - counts.reduce((s, c) => s + c, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
    left--;
  }
  return Object.fromEntries(keys.map((k, i) => [k, counts[i] ?? 0])) as Record<K, number>;
}
