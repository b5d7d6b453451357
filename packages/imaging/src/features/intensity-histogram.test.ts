import { describe, expect, it } from 'vitest';
import { type Discretisation, discretise } from './discretisation.ts';
import { expectReference, ibsiPhantom } from './ibsi-phantom.ts';
import { intensityHistogramFeatures } from './intensity-histogram.ts';
import { intensityVolumeHistogramFeatures } from './intensity-volume-histogram.ts';
import { regionValues } from './region-geometry.ts';

// IBSI's digital phantom needs no discretisation: its intensities are already the levels 1..6. Both
// IBSI discretisations reproduce them exactly (fixed bin size 1 from 1; fixed bin number 6 over the
// range 1..6: ⌊6 (X − 1)/5⌋ + 1 maps 1, 3, 4, 6 to 1, 3, 4, 6), so the features are checked with each.
const methods: readonly Discretisation[] = [
  { kind: 'fixed-bin-size', binWidth: 1, lowerBound: 1 },
  { kind: 'fixed-bin-number', bins: 6 },
];

for (const method of methods) {
  describe(`intensity histogram features on the IBSI digital phantom (${method.kind})`, () => {
    const { image, roi } = ibsiPhantom();
    const values = regionValues(image, roi);
    const discretised = discretise(values, method);

    it('reproduces the phantom levels exactly', () => {
      expect(Array.from(discretised.levels)).toEqual(Array.from(values));
      expect(discretised.levelCount).toBe(6);
    });

    const h = intensityHistogramFeatures(discretised);
    const cases: readonly (readonly [string, number, number])[] = [
      ['X6K6', h.mean, 0],
      ['CH89', h.variance, 0],
      ['88K1', h.skewness, 0],
      ['C3I7', h.kurtosis, 0],
      ['WIFQ', h.median, 0],
      ['1PR8', h.minimum, 0],
      ['1PR8', h.percentile10, 1],
      ['GPMT', h.percentile90, 0],
      ['3NCY', h.maximum, 0],
      ['AMMC', h.mode, 0],
      ['WR0O', h.interquartileRange, 0],
      ['5Z3W', h.range, 0],
      ['D2ZX', h.meanAbsoluteDeviation, 0],
      ['WRZB', h.robustMeanAbsoluteDeviation, 0],
      ['4RNL', h.medianAbsoluteDeviation, 0],
      ['CWYJ', h.coefficientOfVariation, 0],
      ['SLWD', h.quartileCoefficientOfDispersion, 0],
      ['TLU2', h.entropy, 0],
      ['BJ5W', h.uniformity, 0],
      ['12CE', h.maximumGradient, 0],
      ['8E6O', h.maximumGradientLevel, 0],
      ['VQB3', h.minimumGradient, 0],
      ['RHQZ', h.minimumGradientLevel, 0],
    ];
    for (const [code, actual, which] of cases) {
      it(`matches the IBSI consensus value of ${code}${which === 0 ? '' : ` (row ${which + 1})`}`, () => {
        expectReference(code, actual, '', which);
      });
    }

    const v = intensityVolumeHistogramFeatures(discretised);
    const ivh: readonly (readonly [string, number, number])[] = [
      ['BC2M', v.volumeAtIntensityFraction10, 0],
      ['BC2M', v.volumeAtIntensityFraction90, 1],
      ['GBPN', v.intensityAtVolumeFraction10, 0],
      ['GBPN', v.intensityAtVolumeFraction90, 1],
      ['DDTU', v.volumeFractionDifference, 0],
      ['CNV2', v.intensityFractionDifference, 0],
    ];
    for (const [code, actual, which] of ivh) {
      it(`matches the IBSI consensus intensity-volume value of ${code} (row ${which + 1})`, () => {
        expectReference(code, actual, '', which);
      });
    }
  });
}

describe('discretise', () => {
  it('rejects a bin width of zero naming the field', () => {
    expect(() =>
      discretise(Float64Array.from([1]), { kind: 'fixed-bin-size', binWidth: 0, lowerBound: 0 }),
    ).toThrow(/Bin width 0/);
  });
});
