import { describe, expect, it } from 'vitest';
import { IBSI_FEATURE_CATALOGUE, ibsiFeatures } from './catalogue.ts';
import { ibsiPhantom, ibsiReferenceValues } from './ibsi-phantom.ts';

describe('ibsiFeatures on the IBSI digital phantom', () => {
  const { image, roi } = ibsiPhantom();
  // The phantom's own configuration: its integer grey levels used as they are (bin size 1 from 1).
  const features = ibsiFeatures(image, roi, {
    discretisation: { kind: 'fixed-bin-size', binWidth: 1, lowerBound: 1 },
    maxVoxels: 20000,
  });
  const references = ibsiReferenceValues();

  it('names every value with an IBSI code found in the reference manual', () => {
    // The CSV's 'Small zone emphasis' rows lost their code in parsing; the manual gives 5QRC.
    const known = new Set([...references.map((r) => r.code), '5QRC']);
    for (const f of features) expect(known.has(f.code), `${f.family}.${f.key} ${f.code}`).toBe(true);
    const total = Object.values(IBSI_FEATURE_CATALOGUE).reduce(
      (n, family) => n + Object.keys(family).length,
      0,
    );
    expect(features.length).toBe(total);
  });

  it('matches the consensus value of every feature with a single reference row, within its tolerance', () => {
    // Texture features are compared for the 3D averaged aggregation (what ibsiFeatures computes; GLSZM
    // has only '3D'); codes shared by two features (V10/V90, I10/I90, minimum/P10) are taken in order.
    let compared = 0;
    const seen = new Map<string, number>();
    for (const f of features) {
      const aggregation = ['glcm', 'glrlm'].includes(f.family)
        ? '3D, averaged'
        : f.family === 'glszm'
          ? '3D'
          : '';
      const rows = references.filter((r) => r.code === f.code && r.aggregation === aggregation);
      const which = seen.get(f.code) ?? 0;
      seen.set(f.code, which + 1);
      const row = rows.length === 1 ? rows[0] : rows[which];
      if (row === undefined) continue;
      compared++;
      expect(
        Math.abs(f.value - row.value),
        `${row.feature} (${f.code}) ${f.value} vs ${row.value}`,
      ).toBeLessThanOrEqual(row.tolerance);
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('refuses a region above the voxel limit with a one-line reason', () => {
    expect(() =>
      ibsiFeatures(image, roi, { discretisation: { kind: 'fixed-bin-number', bins: 8 }, maxVoxels: 10 }),
    ).toThrow(/above the 10 for which features are computed/);
  });
});
