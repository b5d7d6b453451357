import { describe, it } from 'vitest';
import { discretise } from './discretisation.ts';
import { type GlrlmFeatures, glrlmFeatures } from './glrlm.ts';
import { type GlszmFeatures, glszmFeatures } from './glszm.ts';
import { expectReference, ibsiPhantom } from './ibsi-phantom.ts';
import { regionValues } from './region-geometry.ts';

const { image, roi } = ibsiPhantom();
// The phantom's intensities are its levels 1..6 (fixed bin size 1 from 1 leaves them unchanged).
const levels = discretise(regionValues(image, roi), { kind: 'fixed-bin-size', binWidth: 1, lowerBound: 1 });

const runCodes: readonly (readonly [keyof GlrlmFeatures, string])[] = [
  ['shortRunsEmphasis', '22OV'],
  ['longRunsEmphasis', 'W4KF'],
  ['lowGreyLevelRunEmphasis', 'V3SW'],
  ['highGreyLevelRunEmphasis', 'G3QZ'],
  ['shortRunLowGreyLevelEmphasis', 'HTZT'],
  ['shortRunHighGreyLevelEmphasis', 'GD3A'],
  ['longRunLowGreyLevelEmphasis', 'IVPO'],
  ['longRunHighGreyLevelEmphasis', '3KUM'],
  ['greyLevelNonUniformity', 'R5YN'],
  ['normalisedGreyLevelNonUniformity', 'OVBL'],
  ['runLengthNonUniformity', 'W92Y'],
  ['normalisedRunLengthNonUniformity', 'IC23'],
  ['runPercentage', '9ZK5'],
  ['greyLevelVariance', '8CE5'],
  ['runLengthVariance', 'SXLW'],
  ['runEntropy', 'HJ9O'],
];

for (const aggregation of ['averaged', 'merged'] as const) {
  describe(`3D ${aggregation} GLRLM features on the IBSI digital phantom`, () => {
    const f = glrlmFeatures(image, roi, levels, aggregation);
    for (const [key, code] of runCodes) {
      it(`matches the IBSI consensus value of ${code} (${key})`, () => {
        expectReference(code, f[key], `3D, ${aggregation}`);
      });
    }
  });
}

// The reference table prints no code for small zone emphasis (IBSI's 5QRC): its row has code ''.
const zoneCodes: readonly (readonly [keyof GlszmFeatures, string])[] = [
  ['smallZoneEmphasis', ''],
  ['largeZoneEmphasis', '48P8'],
  ['lowGreyLevelZoneEmphasis', 'XMSY'],
  ['highGreyLevelZoneEmphasis', '5GN9'],
  ['smallZoneLowGreyLevelEmphasis', '5RAI'],
  ['smallZoneHighGreyLevelEmphasis', 'HW1V'],
  ['largeZoneLowGreyLevelEmphasis', 'YH51'],
  ['largeZoneHighGreyLevelEmphasis', 'J17V'],
  ['greyLevelNonUniformity', 'JNSA'],
  ['normalisedGreyLevelNonUniformity', 'Y1RO'],
  ['zoneSizeNonUniformity', '4JP3'],
  ['normalisedZoneSizeNonUniformity', 'VB3A'],
  ['zonePercentage', 'P30P'],
  ['greyLevelVariance', 'BYLV'],
  ['zoneSizeVariance', '3NSA'],
  ['zoneSizeEntropy', 'GU8N'],
];

describe('3D GLSZM features on the IBSI digital phantom', () => {
  const f = glszmFeatures(image, roi, levels);
  for (const [key, code] of zoneCodes) {
    it(`matches the IBSI consensus value of ${code === '' ? 'small zone emphasis' : code} (${key})`, () => {
      expectReference(code, f[key], '3D');
    });
  }
});
