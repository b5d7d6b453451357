import { incompleteGamma } from './gamma.ts';

/**
 * Standard normal distribution function Φ(x) (R's `pnorm(x)`), through erfc(z) = Q(½, z²), so
 * that the lower tail keeps full relative precision down to 1e-300.
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const q = 0.5 * incompleteGamma(0.5, 0.5 * x * x).upper;
  return x < 0 ? q : 1 - q;
}

/** Upper tail 1 − Φ(x) without cancellation (R's `pnorm(x, lower.tail = FALSE)`). */
export function normalUpper(x: number): number {
  return normalCdf(-x);
}

/** Standard normal density φ(x). */
export function normalDensity(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

/**
 * Standard normal quantile Φ⁻¹(p) (R's `qnorm(p)`): the rational starting value of Abramowitz &
 * Stegun 26.2.23 refined by Newton steps on log Φ, which converge to double precision.
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p === 0.5) return 0;
  if (p > 0.5) return -normalQuantile(1 - p);
  const t = Math.sqrt(-2 * Math.log(p));
  let x = -(
    t -
    (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t ** 3)
  );
  const logP = Math.log(p);
  for (let i = 0; i < 100; i++) {
    const cdf = normalCdf(x);
    // d/dx log Φ(x) = φ(x) / Φ(x)
    const step = (Math.log(cdf) - logP) / (normalDensity(x) / cdf);
    x -= step;
    if (Math.abs(step) <= 1e-15 * Math.max(1, Math.abs(x))) break;
  }
  return x;
}
