/**
 * The error function erf(x). Hand-written because no well-kept npm package offers it alone
 * (Math has none); this is the Chebyshev fit of erfc from Numerical Recipes (Press et al.,
 * 3rd ed., §6.2, `erfccheb`-style fit `erfcc`), fractional error below 1.2e-7 everywhere —
 * far below what the partial-volume maths here needs (1e-4).
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const erfc =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - erfc : erfc - 1;
}

/** Standard normal cumulative distribution Φ(x) = (1 + erf(x / √2)) / 2. */
export function normalCdf(x: number): number {
  return 0.5 * (1 + erf(x / Math.SQRT2));
}
