import { ImagingError } from '../errors.ts';

/**
 * IBSI intensity discretisation (reference manual "Intensity discretisation"). Closed set:
 * - `fixed-bin-number`: Ng bins spread over the ROI's own range, bin = ⌊Ng (X − Xmin) / (Xmax − Xmin)⌋ + 1,
 *   the maximum put in bin Ng;
 * - `fixed-bin-size`: bins of `binWidth` from `lowerBound`, bin = ⌊(X − lowerBound) / binWidth⌋ + 1
 *   (IBSI: the lower bound is the re-segmentation range's lower bound, else the ROI minimum).
 */
export type Discretisation =
  | { readonly kind: 'fixed-bin-number'; readonly bins: number }
  | { readonly kind: 'fixed-bin-size'; readonly binWidth: number; readonly lowerBound: number };

/** Discretised levels (1, 2, …) of `values` and the number of levels Ng the histogram spans. */
export interface DiscretisedValues {
  readonly levels: Int32Array;
  /** Ng: the number of bins (fixed bin number) or the highest level present (fixed bin size). */
  readonly levelCount: number;
}

/**
 * Discretises `values` by `method`. Throws `ImagingError('invalid-parameter')` for a non-positive bin
 * count or width, or a value below a fixed-bin-size lower bound.
 */
export function discretise(values: Float64Array, method: Discretisation): DiscretisedValues {
  const levels = new Int32Array(values.length);
  if (method.kind === 'fixed-bin-number') {
    if (!Number.isInteger(method.bins) || method.bins < 1) {
      throw new ImagingError('invalid-parameter', `Bin count ${method.bins} must be a positive integer.`, {
        field: 'bins',
      });
    }
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const x of values) {
      if (x < min) min = x;
      if (x > max) max = x;
    }
    for (let n = 0; n < values.length; n++) {
      const x = values[n] as number;
      levels[n] =
        max === min ? 1 : Math.min(method.bins, Math.floor((method.bins * (x - min)) / (max - min)) + 1);
    }
    return { levels, levelCount: method.bins };
  }
  if (!(method.binWidth > 0)) {
    throw new ImagingError('invalid-parameter', `Bin width ${method.binWidth} must be positive.`, {
      field: 'binWidth',
    });
  }
  let highest = 1;
  for (let n = 0; n < values.length; n++) {
    const x = values[n] as number;
    if (x < method.lowerBound) {
      throw new ImagingError(
        'invalid-parameter',
        `Value ${x} lies below the bin lower bound ${method.lowerBound}.`,
        {
          field: 'lowerBound',
        },
      );
    }
    const level = Math.floor((x - method.lowerBound) / method.binWidth) + 1;
    levels[n] = level;
    if (level > highest) highest = level;
  }
  return { levels, levelCount: highest };
}
