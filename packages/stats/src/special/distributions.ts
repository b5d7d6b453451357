import { incompleteBeta } from './beta.ts';
import { incompleteGamma, logChoose } from './gamma.ts';

/** Upper tail of the chi-square distribution, P(X > x) (R's `pchisq(x, df, lower.tail = FALSE)`). */
export function chiSquareUpper(x: number, df: number): number {
  if (x <= 0) return 1;
  return incompleteGamma(df / 2, x / 2).upper;
}

/** Student t distribution function P(T ≤ t) (R's `pt(t, df)`). */
export function studentTCdf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  const t2 = t * t;
  // P(|T| > |t|) = I_{df/(df+t²)}(df/2, 1/2); 1 − x is passed exactly as t²/(df+t²).
  const tail = 0.5 * incompleteBeta(df / (df + t2), df / 2, 0.5, t2 / (df + t2)).lower;
  return t < 0 ? tail : 1 - tail;
}

/** Upper tail P(T > t) of Student's t without cancellation (R's `pt(t, df, lower.tail = FALSE)`). */
export function studentTUpper(t: number, df: number): number {
  return studentTCdf(-t, df);
}

/** Binomial probability P(X = k) for X ~ Bin(n, p) (R's `dbinom`). */
export function binomialPmf(k: number, n: number, p: number): number {
  if (k < 0 || k > n || !Number.isInteger(k)) return 0;
  if (p === 0) return k === 0 ? 1 : 0;
  if (p === 1) return k === n ? 1 : 0;
  return Math.exp(logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

/** Binomial distribution function P(X ≤ k) (R's `pbinom(k, n, p)`), via I_{1−p}(n − k, k + 1). */
export function binomialCdf(k: number, n: number, p: number): number {
  const kk = Math.floor(k);
  if (kk < 0) return 0;
  if (kk >= n) return 1;
  return incompleteBeta(p, kk + 1, n - kk).upper;
}

/**
 * Hypergeometric probability of x white balls in k draws from an urn of m white and n black
 * (R's `dhyper(x, m, n, k)`).
 */
export function hypergeometricPmf(x: number, m: number, n: number, k: number): number {
  if (x < Math.max(0, k - n) || x > Math.min(k, m)) return 0;
  return Math.exp(logChoose(m, x) + logChoose(n, k - x) - logChoose(m + n, k));
}
