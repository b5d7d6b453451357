import { describe, expect, it } from 'vitest';
import { binet, cllIpi, rai, raiRiskGroup } from './cll.ts';

// Rai: Blood 1975;46:219 (0 lymphocytosis; I + nodes; II + spleen/liver; III + Hb < 11 g/dL; IV + platelets
// < 100 x 10^9/L). Binet: Cancer 1981;48:198 (A < 3 areas; B >= 3 areas; C Hb < 10 g/dL and/or platelets
// < 100 x 10^9/L). CLL-IPI: Lancet Oncol 2016;17:779 (TP53 4, IGHV unmutated 2, B2M > 3.5 mg/L 2,
// Binet B-C / Rai I-IV 1, age > 65 1; 0-1 / 2-3 / 4-6 / 7-10). Patients worked by hand.
const cll = {
  ageYears: 70,
  hemoglobinGPerDl: 13,
  plateletsE9PerL: 180,
  lymphadenopathy: true,
  splenomegaly: true,
  hepatomegaly: false,
  binetNodalAreas: ['head-neck', 'axillary'] as const,
  tp53Aberrant: false,
  ighvUnmutated: true,
  beta2MicroglobulinMgPerL: 4.2,
};

describe('Rai', () => {
  it('stages nodes plus spleen as II (intermediate risk) and takes the highest criterion present', () => {
    expect(rai(cll)).toMatchObject({ kind: 'scored', group: 'II' });
    expect(raiRiskGroup('II')).toBe('intermediate');
    // Platelets 99 without anything else is still IV.
    expect(rai({ ...cll, lymphadenopathy: false, splenomegaly: false, plateletsE9PerL: 99 })).toMatchObject({
      group: 'IV',
    });
    expect(rai({ ...cll, hemoglobinGPerDl: 10.9 })).toMatchObject({ group: 'III' });
    expect(rai({ ...cll, lymphadenopathy: false, splenomegaly: false })).toMatchObject({ group: '0' });
  });
});

describe('Binet', () => {
  it('counts head-neck and axillary nodes plus spleen as 3 areas: stage B', () => {
    const r = binet(cll);
    expect(r).toMatchObject({ kind: 'scored', group: 'B' });
    if (r.kind === 'scored') expect(r.factors[0]?.value).toBe('3 areas: head-neck, axillary, spleen');
  });

  it('stages 2 areas A and any cytopenia C', () => {
    expect(binet({ ...cll, splenomegaly: false })).toMatchObject({ group: 'A' });
    expect(binet({ ...cll, splenomegaly: false, hemoglobinGPerDl: 9.9 })).toMatchObject({ group: 'C' });
    // Hb exactly 10 and platelets exactly 100 are not cytopenias.
    expect(binet({ ...cll, splenomegaly: false, hemoglobinGPerDl: 10, plateletsE9PerL: 100 })).toMatchObject({
      group: 'A',
    });
  });
});

describe('CLL-IPI', () => {
  it('scores IGHV unmutated (2) + B2M 4.2 (2) + Binet B (1) + age 70 (1) = 6, high risk', () => {
    expect(cllIpi(cll)).toMatchObject({ kind: 'scored', points: 6, group: 'high' });
  });

  it('reaches very high with TP53 aberration and low with none of the factors', () => {
    expect(cllIpi({ ...cll, tp53Aberrant: true })).toMatchObject({ points: 10, group: 'very-high' });
    const low = {
      ...cll,
      ageYears: 65,
      ighvUnmutated: false,
      beta2MicroglobulinMgPerL: 3.5,
      splenomegaly: false,
    };
    expect(cllIpi(low)).toMatchObject({ points: 0, group: 'low' });
    expect(cllIpi({ ...low, ighvUnmutated: true, ageYears: 66 })).toMatchObject({
      points: 3,
      group: 'intermediate',
    });
  });

  it('reports missing staging inputs it needs through Binet', () => {
    const { binetNodalAreas: _, ...rest } = cll;
    expect(cllIpi(rest)).toMatchObject({ kind: 'missing', missing: ['binetNodalAreas'] });
  });
});
