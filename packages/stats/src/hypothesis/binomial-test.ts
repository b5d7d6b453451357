import { StatsError } from '../errors.ts';
import { binomialCdf, binomialPmf } from '../special/distributions.ts';

/**
 * Exact two-sided binomial test of x successes in n trials against probability p0, as R's
 * `binom.test(x, n, p0)$p.value`: the probability of outcomes no more likely than x (relative
 * tolerance 1e-7, R's `relErr`).
 */
export function binomialTestP(x: number, n: number, p0 = 0.5): number {
  if (!Number.isInteger(x) || !Number.isInteger(n) || x < 0 || n < x)
    throw new StatsError('invalid-value', `binomial test needs integers 0 ≤ x ≤ n, got x = ${x}, n = ${n}.`, {
      field: 'x',
    });
  if (n === 0) return 1;
  const relErr = 1 + 1e-7;
  const d = binomialPmf(x, n, p0);
  const m = n * p0;
  if (x === m) return 1;
  if (x < m) {
    let y = 0;
    for (let i = Math.ceil(m); i <= n; i++) if (binomialPmf(i, n, p0) <= d * relErr) y++;
    return Math.min(1, binomialCdf(x, n, p0) + (1 - binomialCdf(n - y, n, p0)));
  }
  let y = 0;
  for (let i = 0; i <= Math.floor(m); i++) if (binomialPmf(i, n, p0) <= d * relErr) y++;
  return Math.min(1, binomialCdf(y - 1, n, p0) + (1 - binomialCdf(x - 1, n, p0)));
}
