import { StatsError } from '../errors.ts';
import { betaQuantile } from '../special/beta.ts';
import { normalQuantile } from '../special/normal.ts';

/** A proportion x / n with a confidence interval. */
export interface Proportion {
  readonly x: number;
  readonly n: number;
  /** x / n; NaN when n = 0. */
  readonly estimate: number;
  readonly wilson: readonly [number, number];
  readonly clopperPearson: readonly [number, number];
}

/**
 * Wilson score interval without continuity correction, as R's `prop.test(x, n, correct = FALSE)$conf.int`.
 * @see Wilson, JASA 1927; Newcombe, Stat Med 1998 (method 3).
 */
export function wilsonInterval(x: number, n: number, confLevel = 0.95): [number, number] {
  const z = normalQuantile((1 + confLevel) / 2);
  const p = x / n;
  const z22n = (z * z) / (2 * n);
  const spread = (pc: number): number => z * Math.sqrt((pc * (1 - pc)) / n + z22n / (2 * n));
  const upper = p >= 1 ? 1 : (p + z22n + spread(p)) / (1 + 2 * z22n);
  const lower = p <= 0 ? 0 : (p + z22n - spread(p)) / (1 + 2 * z22n);
  return [Math.max(lower, 0), Math.min(upper, 1)];
}

/**
 * Clopper–Pearson "exact" interval from beta quantiles, as R's `binom.test(x, n)$conf.int`.
 * @see Clopper & Pearson, Biometrika 1934.
 */
export function clopperPearsonInterval(x: number, n: number, confLevel = 0.95): [number, number] {
  const alpha = (1 - confLevel) / 2;
  const lower = x === 0 ? 0 : betaQuantile(alpha, x, n - x + 1);
  const upper = x === n ? 1 : betaQuantile(1 - alpha, x + 1, n - x);
  return [lower, upper];
}

/** A proportion with both intervals; `field` names the quantity in errors. */
export function proportion(x: number, n: number, field = 'proportion', confLevel = 0.95): Proportion {
  if (!Number.isInteger(x) || !Number.isInteger(n) || x < 0 || n < x)
    throw new StatsError('invalid-value', `${field} needs integer counts 0 ≤ x ≤ n, got ${x} of ${n}.`, {
      field,
    });
  if (n === 0)
    return {
      x,
      n,
      estimate: Number.NaN,
      wilson: [Number.NaN, Number.NaN],
      clopperPearson: [Number.NaN, Number.NaN],
    };
  return {
    x,
    n,
    estimate: x / n,
    wilson: wilsonInterval(x, n, confLevel),
    clopperPearson: clopperPearsonInterval(x, n, confLevel),
  };
}
