import { ImagingError } from '../errors.ts';

/**
 * IBSI 1 intensity-based statistical features (reference manual "Intensity-based statistical features",
 * family UHIW), in the unit of the image (e.g. SUV) unless said otherwise. Each field carries its code.
 */
export interface IntensityStatistics {
  /** Q4LE mean. */
  readonly mean: number;
  /** ECT3 variance, denominator n (unit²). */
  readonly variance: number;
  /** KE2A skewness m3 / m2^{3/2} (no unit). */
  readonly skewness: number;
  /** IPH6 excess kurtosis m4 / m2² − 3 (no unit). */
  readonly kurtosis: number;
  /** Y12H median. */
  readonly median: number;
  /** 1GSF minimum. */
  readonly minimum: number;
  /** QG58 10th percentile. */
  readonly percentile10: number;
  /** 8DWT 90th percentile. */
  readonly percentile90: number;
  /** 84IY maximum. */
  readonly maximum: number;
  /** SALO interquartile range P75 − P25. */
  readonly interquartileRange: number;
  /** 2OJQ range max − min. */
  readonly range: number;
  /** 4FUA mean absolute deviation from the mean. */
  readonly meanAbsoluteDeviation: number;
  /** 1128 robust mean absolute deviation: the same over the voxels with P10 ≤ X ≤ P90, about their mean. */
  readonly robustMeanAbsoluteDeviation: number;
  /** N72L median absolute deviation: mean of |X − median| (IBSI's definition). */
  readonly medianAbsoluteDeviation: number;
  /** 7TET coefficient of variation σ / mean, σ with denominator n (no unit). */
  readonly coefficientOfVariation: number;
  /** 9S40 quartile coefficient of dispersion (P75 − P25) / (P75 + P25) (no unit). */
  readonly quartileCoefficientOfDispersion: number;
  /** N8CA energy Σ X² (unit²). */
  readonly energy: number;
  /** 5ZWQ root mean square √(Σ X² / n). */
  readonly rootMeanSquare: number;
}

/**
 * Percentile `p` (0..100) of ascending `sorted` values by linear interpolation between order statistics
 * (Hyndman & Fan type 7, R's and numpy's default; IBSI does not fix the interpolation). NaN when empty.
 */
export function percentile(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const position = (p / 100) * (n - 1);
  const below = Math.floor(position);
  const above = Math.min(n - 1, below + 1);
  const fraction = position - below;
  return (sorted[below] as number) * (1 - fraction) + (sorted[above] as number) * fraction;
}

/**
 * Mean, variance (denominator n), skewness and excess kurtosis of `values` (IBSI Q4LE, ECT3, KE2A,
 * IPH6 and their discretised twins). Skewness and kurtosis are NaN when the variance is 0.
 */
export function moments(values: Float64Array): {
  readonly mean: number;
  readonly variance: number;
  readonly skewness: number;
  readonly kurtosis: number;
} {
  const n = values.length;
  let mean = 0;
  for (const x of values) mean += x;
  mean /= n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (const x of values) {
    const d = x - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  return { mean, variance: m2, skewness: m3 / m2 ** 1.5, kurtosis: m4 / (m2 * m2) - 3 };
}

/** Mean of |X − centre| over `values`. */
export function meanAbsoluteDeviationAbout(values: ArrayLike<number>, centre: number): number {
  let sum = 0;
  for (let n = 0; n < values.length; n++) sum += Math.abs((values[n] as number) - centre);
  return sum / values.length;
}

/** Robust mean absolute deviation (IBSI 1128 / WRZB): over values with P10 ≤ X ≤ P90, about their mean. */
export function robustMeanAbsoluteDeviation(values: Float64Array, p10: number, p90: number): number {
  const kept = values.filter((x) => x >= p10 && x <= p90);
  let mean = 0;
  for (const x of kept) mean += x;
  mean /= kept.length;
  return meanAbsoluteDeviationAbout(kept, mean);
}

/**
 * The IBSI intensity-based statistics of `values` (the intensities of the ROI's voxels, e.g. from
 * `regionValues`). Throws `ImagingError('empty-region')` when there are none.
 * @see IBSI reference manual, "Intensity-based statistical features".
 */
export function intensityStatistics(values: Float64Array): IntensityStatistics {
  if (values.length === 0) {
    throw new ImagingError('empty-region', 'The region for intensity statistics has no voxels.', {
      field: 'values',
    });
  }
  const sorted = Float64Array.from(values).sort();
  const { mean, variance, skewness, kurtosis } = moments(values);
  const median = percentile(sorted, 50);
  const p10 = percentile(sorted, 10);
  const p25 = percentile(sorted, 25);
  const p75 = percentile(sorted, 75);
  const p90 = percentile(sorted, 90);
  const minimum = sorted[0] as number;
  const maximum = sorted[sorted.length - 1] as number;
  let energy = 0;
  for (const x of values) energy += x * x;
  return {
    mean,
    variance,
    skewness,
    kurtosis,
    median,
    minimum,
    percentile10: p10,
    percentile90: p90,
    maximum,
    interquartileRange: p75 - p25,
    range: maximum - minimum,
    meanAbsoluteDeviation: meanAbsoluteDeviationAbout(values, mean),
    robustMeanAbsoluteDeviation: robustMeanAbsoluteDeviation(values, p10, p90),
    medianAbsoluteDeviation: meanAbsoluteDeviationAbout(values, median),
    coefficientOfVariation: Math.sqrt(variance) / mean,
    quartileCoefficientOfDispersion: (p75 - p25) / (p75 + p25),
    energy,
    rootMeanSquare: Math.sqrt(energy / values.length),
  };
}
