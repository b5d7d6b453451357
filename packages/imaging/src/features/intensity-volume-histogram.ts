import { ImagingError } from '../errors.ts';
import type { DiscretisedValues } from './discretisation.ts';
import { levelHistogram } from './intensity-histogram.ts';

/**
 * IBSI 1 intensity-volume histogram features (reference manual "Intensity-volume histogram features",
 * family P88C) on discretised levels 1..Ng. Volume fractions have no unit; intensities are levels.
 */
export interface IntensityVolumeHistogramFeatures {
  /** BC2M volume fraction at intensity fraction 10 %. */
  readonly volumeAtIntensityFraction10: number;
  /** BC2M volume fraction at intensity fraction 90 %. */
  readonly volumeAtIntensityFraction90: number;
  /** GBPN intensity (level) at volume fraction 10 %. */
  readonly intensityAtVolumeFraction10: number;
  /** GBPN intensity (level) at volume fraction 90 %. */
  readonly intensityAtVolumeFraction90: number;
  /** DDTU V10 − V90. */
  readonly volumeFractionDifference: number;
  /** CNV2 I10 − I90. */
  readonly intensityFractionDifference: number;
}

/**
 * The IBSI intensity-volume histogram features. For level i: intensity fraction γ_i = (i − 1)/(Ng − 1);
 * volume fraction ν_i = share of voxels with level ≥ i. V_x = ν at the lowest level with γ ≥ x;
 * I_x = the lowest level with ν < x (levels without voxels count: the histogram spans 1..Ng).
 * Throws `ImagingError('empty-region')` when there are no values.
 * @see IBSI reference manual, "Intensity-volume histogram features".
 */
export function intensityVolumeHistogramFeatures(
  discretised: DiscretisedValues,
): IntensityVolumeHistogramFeatures {
  const n = discretised.levels.length;
  if (n === 0) {
    throw new ImagingError(
      'empty-region',
      'The region for intensity-volume histogram features has no voxels.',
      {
        field: 'levels',
      },
    );
  }
  const counts = levelHistogram(discretised);
  const g = counts.length;
  // ν_i for i = 1..g: voxels at level ≥ i over all voxels.
  const volumeFraction = new Float64Array(g);
  let atOrAbove = 0;
  for (let i = g - 1; i >= 0; i--) {
    atOrAbove += counts[i] as number;
    volumeFraction[i] = atOrAbove / n;
  }
  const volumeAt = (x: number) => {
    for (let i = 0; i < g; i++) if ((g === 1 ? 0 : i / (g - 1)) >= x) return volumeFraction[i] as number;
    return 0;
  };
  const intensityAt = (x: number) => {
    for (let i = 0; i < g; i++) if ((volumeFraction[i] as number) < x) return i + 1;
    return g + 1;
  };
  const v10 = volumeAt(0.1);
  const v90 = volumeAt(0.9);
  const i10 = intensityAt(0.1);
  const i90 = intensityAt(0.9);
  return {
    volumeAtIntensityFraction10: v10,
    volumeAtIntensityFraction90: v90,
    intensityAtVolumeFraction10: i10,
    intensityAtVolumeFraction90: i90,
    volumeFractionDifference: v10 - v90,
    intensityFractionDifference: i10 - i90,
  };
}
