// Hand-written (see gamma.ts for why): regularized incomplete beta by the continued fraction of
// Numerical Recipes §6.4 with modified Lentz, both tails computed directly.
import { logGamma, type Tails } from './gamma.ts';

const EPS = 1e-16;
const TINY = 1e-300;
const MAX_ITER = 100_000;

/** log B(a, b). */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

function continuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < MAX_ITER; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return h;
}

/**
 * Regularized incomplete beta I_x(a, b) (`lower`, R's `pbeta(x, a, b)`) and 1 − I_x(a, b)
 * (`upper`), the small one computed without cancellation. `y` = 1 − x may be passed when the
 * caller knows it more precisely than `1 - x`. NaN for a ≤ 0, b ≤ 0 or x outside [0, 1].
 */
export function incompleteBeta(x: number, a: number, b: number, y: number = 1 - x): Tails {
  if (!(a > 0) || !(b > 0) || !(x >= 0) || !(x <= 1)) return { lower: Number.NaN, upper: Number.NaN };
  if (x === 0) return { lower: 0, upper: 1 };
  if (y === 0) return { lower: 1, upper: 0 };
  const logFront = a * Math.log(x) + b * Math.log(y) - logBeta(a, b);
  if (x < (a + 1) / (a + b + 2)) {
    const lower = (Math.exp(logFront) * continuedFraction(x, a, b)) / a;
    return { lower, upper: 1 - lower };
  }
  const upper = (Math.exp(logFront) * continuedFraction(y, b, a)) / b;
  return { lower: 1 - upper, upper };
}

/**
 * Quantile of the beta distribution (R's `qbeta(p, a, b)`), by bisection on `incompleteBeta`
 * until the bracket is as narrow as double precision allows. Bisection is slow but cannot
 * diverge; this is only called for confidence limits.
 */
export function betaQuantile(p: number, a: number, b: number): number {
  if (!(p >= 0 && p <= 1) || !(a > 0) || !(b > 0)) return Number.NaN;
  if (p === 0) return 0;
  if (p === 1) return 1;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 2000; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (incompleteBeta(mid, a, b).lower < p) lo = mid;
    else hi = mid;
    if (hi - lo <= 1e-16 * hi) break;
  }
  return 0.5 * (lo + hi);
}
