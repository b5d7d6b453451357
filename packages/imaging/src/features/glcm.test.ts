import { describe, it } from 'vitest';
import { discretise } from './discretisation.ts';
import { type GlcmAggregation, type GlcmFeatures, glcmFeatures } from './glcm.ts';
import { expectReference, ibsiPhantom } from './ibsi-phantom.ts';
import { regionValues } from './region-geometry.ts';

const codes: readonly (readonly [keyof GlcmFeatures, string])[] = [
  ['jointMaximum', 'GYBY'],
  ['jointAverage', '60VM'],
  ['jointVariance', 'UR99'],
  ['jointEntropy', 'TU9B'],
  ['differenceAverage', 'TF7R'],
  ['differenceVariance', 'D3YU'],
  ['differenceEntropy', 'NTRS'],
  ['sumAverage', 'ZGXS'],
  ['sumVariance', 'OEEB'],
  ['sumEntropy', 'P6QZ'],
  ['angularSecondMoment', '8ZQL'],
  ['contrast', 'ACUI'],
  ['dissimilarity', '8S9J'],
  ['inverseDifference', 'IB1Z'],
  ['normalisedInverseDifference', 'NDRX'],
  ['inverseDifferenceMoment', 'WF0Z'],
  ['normalisedInverseDifferenceMoment', '1QCO'],
  ['inverseVariance', 'E8JP'],
  ['correlation', 'NI2N'],
  ['autocorrelation', 'QWB0'],
  ['clusterTendency', 'DG8W'],
  ['clusterShade', '7NFM'],
  ['clusterProminence', 'AE86'],
  ['informationCorrelation1', 'R8DG'],
  ['informationCorrelation2', 'JN9H'],
];

// The phantom's intensities are its levels 1..6 (fixed bin size 1 from 1 leaves them unchanged).
for (const aggregation of ['averaged', 'merged'] as readonly GlcmAggregation[]) {
  describe(`3D ${aggregation} GLCM features on the IBSI digital phantom`, () => {
    const { image, roi } = ibsiPhantom();
    const levels = discretise(regionValues(image, roi), {
      kind: 'fixed-bin-size',
      binWidth: 1,
      lowerBound: 1,
    });
    const f = glcmFeatures(image, roi, levels, aggregation);
    for (const [key, code] of codes) {
      it(`matches the IBSI consensus value of ${code} (${key})`, () => {
        expectReference(code, f[key], `3D, ${aggregation}`);
      });
    }
  });
}
