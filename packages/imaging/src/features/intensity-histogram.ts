import { ImagingError } from '../errors.ts';
import type { DiscretisedValues } from './discretisation.ts';
import { intensityStatistics } from './intensity-statistics.ts';

/**
 * IBSI 1 intensity histogram features (reference manual "Intensity histogram features", family ZVCW),
 * on discretised levels 1..Ng (no unit: levels are bin numbers). Codes as in the IBSI table; the table
 * gives 1PR8 to both the minimum and the 10th percentile.
 */
export interface IntensityHistogramFeatures {
  /** X6K6 mean discretised intensity. */
  readonly mean: number;
  /** CH89 variance (denominator n). */
  readonly variance: number;
  /** 88K1 skewness. */
  readonly skewness: number;
  /** C3I7 excess kurtosis. */
  readonly kurtosis: number;
  /** WIFQ median. */
  readonly median: number;
  /** 1PR8 minimum. */
  readonly minimum: number;
  /** 1PR8 (as printed by IBSI) 10th percentile. */
  readonly percentile10: number;
  /** GPMT 90th percentile. */
  readonly percentile90: number;
  /** 3NCY maximum. */
  readonly maximum: number;
  /** AMMC mode: the most frequent level; on a tie, the one closest to the mean (then the lower). */
  readonly mode: number;
  /** WR0O interquartile range. */
  readonly interquartileRange: number;
  /** 5Z3W range. */
  readonly range: number;
  /** D2ZX mean absolute deviation. */
  readonly meanAbsoluteDeviation: number;
  /** WRZB robust mean absolute deviation (P10..P90). */
  readonly robustMeanAbsoluteDeviation: number;
  /** 4RNL median absolute deviation (mean of |X − median|). */
  readonly medianAbsoluteDeviation: number;
  /** CWYJ coefficient of variation. */
  readonly coefficientOfVariation: number;
  /** SLWD quartile coefficient of dispersion. */
  readonly quartileCoefficientOfDispersion: number;
  /** TLU2 entropy −Σ p log2 p (bits). */
  readonly entropy: number;
  /** BJ5W uniformity Σ p². */
  readonly uniformity: number;
  /** 12CE maximum histogram gradient (voxels per level). */
  readonly maximumGradient: number;
  /** 8E6O level of the maximum gradient. */
  readonly maximumGradientLevel: number;
  /** VQB3 minimum histogram gradient. */
  readonly minimumGradient: number;
  /** RHQZ level of the minimum gradient. */
  readonly minimumGradientLevel: number;
}

/** Voxel count per level 1..Ng (index 0 is level 1). */
export function levelHistogram(discretised: DiscretisedValues): Float64Array {
  const counts = new Float64Array(discretised.levelCount);
  for (const level of discretised.levels) counts[level - 1] = (counts[level - 1] ?? 0) + 1;
  return counts;
}

/**
 * The IBSI intensity histogram features of discretised ROI intensities. The histogram gradient is
 * H(2) − H(1) at the first level, (H(i+1) − H(i−1)) / 2 inside and H(Ng) − H(Ng−1) at the last, over
 * every level 1..Ng (also empty ones); the first level wins ties. Throws `ImagingError('empty-region')`
 * when there are no values.
 * @see IBSI reference manual, "Intensity histogram features".
 */
export function intensityHistogramFeatures(discretised: DiscretisedValues): IntensityHistogramFeatures {
  const n = discretised.levels.length;
  if (n === 0) {
    throw new ImagingError('empty-region', 'The region for intensity histogram features has no voxels.', {
      field: 'levels',
    });
  }
  // The moment, percentile and deviation features are the intensity statistics of the levels.
  const s = intensityStatistics(Float64Array.from(discretised.levels));
  const mean = s.mean;
  const counts = levelHistogram(discretised);
  let mode = 1;
  let entropy = 0;
  let uniformity = 0;
  for (let i = 0; i < counts.length; i++) {
    const count = counts[i] as number;
    const best = counts[mode - 1] as number;
    if (count > best || (count === best && Math.abs(i + 1 - mean) < Math.abs(mode - mean))) mode = i + 1;
    if (count > 0) {
      const p = count / n;
      entropy -= p * Math.log2(p);
      uniformity += p * p;
    }
  }
  const gradient = histogramGradient(counts);
  let maxAt = 0;
  let minAt = 0;
  for (let i = 1; i < gradient.length; i++) {
    if ((gradient[i] as number) > (gradient[maxAt] as number)) maxAt = i;
    if ((gradient[i] as number) < (gradient[minAt] as number)) minAt = i;
  }
  return {
    mean,
    variance: s.variance,
    skewness: s.skewness,
    kurtosis: s.kurtosis,
    median: s.median,
    minimum: s.minimum,
    percentile10: s.percentile10,
    percentile90: s.percentile90,
    maximum: s.maximum,
    mode,
    interquartileRange: s.interquartileRange,
    range: s.range,
    meanAbsoluteDeviation: s.meanAbsoluteDeviation,
    robustMeanAbsoluteDeviation: s.robustMeanAbsoluteDeviation,
    medianAbsoluteDeviation: s.medianAbsoluteDeviation,
    coefficientOfVariation: s.coefficientOfVariation,
    quartileCoefficientOfDispersion: s.quartileCoefficientOfDispersion,
    entropy,
    uniformity,
    maximumGradient: gradient[maxAt] as number,
    maximumGradientLevel: maxAt + 1,
    minimumGradient: gradient[minAt] as number,
    minimumGradientLevel: minAt + 1,
  };
}

function histogramGradient(counts: Float64Array): Float64Array {
  const g = counts.length;
  const gradient = new Float64Array(g);
  if (g === 1) return gradient;
  for (let i = 0; i < g; i++) {
    if (i === 0) gradient[i] = (counts[1] as number) - (counts[0] as number);
    else if (i === g - 1) gradient[i] = (counts[g - 1] as number) - (counts[g - 2] as number);
    else gradient[i] = ((counts[i + 1] as number) - (counts[i - 1] as number)) / 2;
  }
  return gradient;
}
