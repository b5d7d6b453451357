// Hand-written: no maintained npm package offers R-accurate incomplete gamma functions in the
// tail (p-values of 1e-300 must not underflow to 0 through `1 - P`), so both tails are computed
// directly as in Numerical Recipes §6.2 (series for P, Lentz continued fraction for Q).

const LANCZOS_G = 607 / 128;
// Godfrey's coefficients for g = 607/128, n = 15 (relative error ~1e-15 on the positive axis).
const LANCZOS = [
  0.9999999999999971, 57.15623566586292, -59.59796035547549, 14.136097974741746, -0.4919138160976202,
  0.00003399464998481189, 0.00004652362892704858, -0.00009837447530487956, 0.0001580887032249125,
  -0.00021026444172410488, 0.00021743961811521265, -0.0001643181065367639, 0.00008441822398385275,
  -0.000026190838401581408, 0.0000036899182659531625,
] as const;
const HALF_LOG_TWO_PI = 0.9189385332046728;
const EPS = 1e-16;
const TINY = 1e-300;
const MAX_ITER = 100_000;

/**
 * log Γ(x) for x > 0 (Lanczos approximation, Godfrey's coefficients); reflection below 0.5.
 * Returns NaN for x ≤ 0 integers and NaN input. Equals R's `lgamma` to ~1e-14 relative.
 */
export function logGamma(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0.5) {
    if (Number.isInteger(x)) return Number.NaN;
    // Γ(x)Γ(1−x) = π / sin(πx)
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  }
  if (x === 1 || x === 2) return 0;
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += (LANCZOS[i] ?? 0) / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return HALF_LOG_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** log of the binomial coefficient C(n, k) for real n ≥ k ≥ 0. */
export function logChoose(n: number, k: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}

/** Both tails of the regularized incomplete gamma function: `lower` = P(a, x), `upper` = Q(a, x). */
export interface Tails {
  readonly lower: number;
  readonly upper: number;
}

/**
 * Regularized incomplete gamma P(a, x) and Q(a, x) = 1 − P(a, x), each computed directly so that
 * the small one keeps its relative precision (R's `pgamma(x, a)` and `pgamma(x, a, lower = FALSE)`).
 * NaN for a ≤ 0 or x < 0.
 */
export function incompleteGamma(a: number, x: number): Tails {
  if (!(a > 0) || !(x >= 0)) return { lower: Number.NaN, upper: Number.NaN };
  if (x === 0) return { lower: 0, upper: 1 };
  if (x === Number.POSITIVE_INFINITY) return { lower: 1, upper: 0 };
  const logPrefix = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    // Series: P = e^{-x} x^a / Γ(a) · Σ x^n / (a (a+1) … (a+n))
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < MAX_ITER; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPS) break;
    }
    const lower = Math.exp(logPrefix) * sum;
    return { lower, upper: 1 - lower };
  }
  // Continued fraction for Q (modified Lentz).
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  const upper = Math.exp(logPrefix) * h;
  return { lower: 1 - upper, upper };
}
