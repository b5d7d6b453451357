// The imaging room's fused lesion pass (findLesionsInActivity: SUV conversion, threshold and foreground
// list in one pass) against its slow path (scaleVolume, then findLesions) on the digital patient of
// both tracers, with the scanner's blur and noise: the same SUV volume and findings to the bit.
import { findLesions, findLesionsInActivity, parseSegmentation } from '@cxcr4pet/imaging';
import { scaleVolume } from '@cxcr4pet/volume';
import { describe, expect, it } from 'vitest';
import { makePhantom } from './phantom.ts';

function sameArray(actual: ArrayLike<number>, expected: ArrayLike<number>): boolean {
  if (actual.length !== expected.length) return false;
  for (let n = 0; n < expected.length; n++) if (!Object.is(actual[n], expected[n])) return false;
  return true;
}

describe('findLesionsInActivity on the phantom', () => {
  for (const tracer of ['pentixafor', 'fdg'] as const) {
    it(`equals scaleVolume + findLesions for PERCIST and suv:4 on the ${tracer} patient`, () => {
      const phantom = makePhantom({ tracer, dims: [80, 56, 192], spacingMm: [5, 5, 5], seed: 11 });
      const factor = phantom.truth.acquisition.suvBwPerBqMl;
      const liver = phantom.truth.organs.find((organ) => organ.name === 'liver');
      if (liver === undefined) throw new Error('the phantom has no liver');
      const percistReference = { kind: 'liver', centreLps: liver.centreMm } as const;
      const suv = scaleVolume(phantom.petBqMl, factor);
      for (const [method, options] of [
        ['percist', { percistReference }],
        ['suv:4', { minVolumeMl: 0.5 }],
      ] as const) {
        const { labels: slowLabels, ...slow } = findLesions(suv, parseSegmentation(method), options);
        const fused = findLesionsInActivity(phantom.petBqMl, factor, parseSegmentation(method), options);
        const { labels, suv: fusedSuv, ...rest } = fused;
        expect(sameArray(fusedSuv.data, suv.data), `${method}: SUV volume`).toBe(true);
        expect(sameArray(labels, slowLabels), `${method}: label map`).toBe(true);
        expect(rest).toEqual(slow);
        // The phantom's lesions are found at all (the comparison is not between two empty results).
        expect(slow.lesions.length, method).toBeGreaterThan(3);
      }
    });
  }
});
