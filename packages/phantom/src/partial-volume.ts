import { erf } from './erf.ts';

/** FWHM of a Gaussian = σ · 2√(2 ln 2) ≈ 2.3548 σ. */
export const FWHM_PER_SIGMA = 2 * Math.sqrt(2 * Math.LN2);

/**
 * Value at distance `rMm` from the centre of a uniform sphere of value 1 and radius `radiusMm`
 * after convolution with an isotropic 3-D Gaussian PSF of full width at half maximum `fwhmMm`.
 * Closed form (integrate the Gaussian over the sphere in spherical shells):
 *   f(r) = ½[erf((R−r)/(σ√2)) + erf((R+r)/(σ√2))] − σ/(r√(2π)) · [e^{−(R−r)²/2σ²} − e^{−(R+r)²/2σ²}],
 *   f(0) = erf(R/(σ√2)) − √(2/π) (R/σ) e^{−R²/2σ²}.
 * A PSF of FWHM 0 leaves the sphere sharp (1 inside, 0 outside).
 * @see Hoffman EJ, Huang SC, Phelps ME. J Comput Assist Tomogr 1979;3:299–308 (recovery coefficients).
 */
export function blurredSphereProfile(rMm: number, radiusMm: number, fwhmMm: number): number {
  const r = Math.abs(rMm);
  const big = radiusMm;
  if (fwhmMm <= 0) return r <= big ? 1 : 0;
  const sigma = fwhmMm / FWHM_PER_SIGMA;
  const s2 = sigma * Math.SQRT2;
  if (r < 1e-6 * sigma) {
    return (
      erf(big / s2) - Math.sqrt(2 / Math.PI) * (big / sigma) * Math.exp(-(big * big) / (2 * sigma * sigma))
    );
  }
  const gaussTerm =
    (sigma / (r * Math.sqrt(2 * Math.PI))) *
    (Math.exp(-((big - r) ** 2) / (2 * sigma * sigma)) - Math.exp(-((big + r) ** 2) / (2 * sigma * sigma)));
  return 0.5 * (erf((big - r) / s2) + erf((big + r) / s2)) - gaussTerm;
}

/** Partial-volume recovery of a uniform sphere blurred by a Gaussian PSF (fractions of the true value). */
export interface SphereRecovery {
  /** Blurred value at the centre ÷ true value: the recovered SUVmax of an isolated sphere. */
  readonly centre: number;
  /** Mean of the blurred image over the sphere's own volume ÷ true value. */
  readonly meanInSphere: number;
}

/**
 * Recovery coefficients of a uniform sphere (radius `radiusMm`) in a zero background after a
 * Gaussian PSF of FWHM `fwhmMm`: the centre value is the closed form above; the mean over the
 * sphere integrates that closed-form profile, 3/R³ ∫₀ᴿ f(r) r² dr, with composite Simpson's rule
 * (2000 panels; the profile is smooth, so the quadrature error is far below 1e-8).
 */
export function sphereRecovery(radiusMm: number, fwhmMm: number): SphereRecovery {
  if (!(radiusMm > 0) || !(fwhmMm >= 0)) return { centre: Number.NaN, meanInSphere: Number.NaN };
  const centre = blurredSphereProfile(0, radiusMm, fwhmMm);
  const panels = 2000;
  const h = radiusMm / panels;
  let sum = 0;
  for (let n = 0; n <= panels; n++) {
    const r = n * h;
    const weight = n === 0 || n === panels ? 1 : n % 2 === 1 ? 4 : 2;
    sum += weight * blurredSphereProfile(r, radiusMm, fwhmMm) * r * r;
  }
  const integral = (sum * h) / 3;
  return { centre, meanInSphere: (3 * integral) / radiusMm ** 3 };
}

/**
 * Expected measured SUVs of a uniform spherical lesion of true `suv` in a uniform background of
 * `backgroundSuv` (which the PSF leaves unchanged): background + (lesion − background) × recovery.
 * `suvMax` is the noise-free blurred maximum (at the centre); `suvMeanInSphere` the mean of the
 * blurred image over the true sphere volume.
 */
export function expectedSphereSuv(args: {
  readonly radiusMm: number;
  readonly fwhmMm: number;
  readonly suv: number;
  readonly backgroundSuv: number;
}): { readonly suvMax: number; readonly suvMeanInSphere: number } {
  const rc = sphereRecovery(args.radiusMm, args.fwhmMm);
  const contrast = args.suv - args.backgroundSuv;
  return {
    suvMax: args.backgroundSuv + contrast * rc.centre,
    suvMeanInSphere: args.backgroundSuv + contrast * rc.meanInSphere,
  };
}
