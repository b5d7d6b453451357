import { describe, expect, it } from 'vitest';
import { expectReference, ibsiPhantom } from './ibsi-phantom.ts';
import { intensityStatistics, percentile } from './intensity-statistics.ts';
import { regionValues } from './region-geometry.ts';

describe('intensity-based statistics on the IBSI digital phantom', () => {
  const { image, roi } = ibsiPhantom();
  const s = intensityStatistics(regionValues(image, roi));
  const cases: readonly (readonly [string, number])[] = [
    ['Q4LE', s.mean],
    ['ECT3', s.variance],
    ['KE2A', s.skewness],
    ['IPH6', s.kurtosis],
    ['Y12H', s.median],
    ['1GSF', s.minimum],
    ['QG58', s.percentile10],
    ['8DWT', s.percentile90],
    ['84IY', s.maximum],
    ['SALO', s.interquartileRange],
    ['2OJQ', s.range],
    ['4FUA', s.meanAbsoluteDeviation],
    ['1128', s.robustMeanAbsoluteDeviation],
    ['N72L', s.medianAbsoluteDeviation],
    ['7TET', s.coefficientOfVariation],
    ['9S40', s.quartileCoefficientOfDispersion],
    ['N8CA', s.energy],
    ['5ZWQ', s.rootMeanSquare],
  ];
  for (const [code, actual] of cases) {
    it(`matches the IBSI consensus value of ${code}`, () => {
      expectReference(code, actual);
    });
  }
});

describe('percentile', () => {
  // Hand calculation (type 7): for 1, 2, 3, 4 the 25th percentile sits at position 0.75 → 1.75.
  it('interpolates linearly between order statistics', () => {
    expect(percentile(Float64Array.from([1, 2, 3, 4]), 25)).toBeCloseTo(1.75, 12);
    expect(percentile(Float64Array.from([1, 2, 3, 4]), 100)).toBe(4);
  });
});
