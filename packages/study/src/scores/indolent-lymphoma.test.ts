import { describe, expect, it } from 'vitest';
import { flipi, mzlIpi } from './indolent-lymphoma.ts';

// FLIPI: Solal-Celigny et al., Blood 2004;104:1258 (age > 60, stage III-IV, Hb < 12 g/dL, LDH > ULN,
// > 4 nodal areas; 0-1 low, 2 intermediate, >= 3 high). MZL-IPI: Alderuccio et al., Blood 2022;139:1149
// (LDH > ULN, Hb < 12 g/dL, ALC < 1 x 10^9/L, platelets < 100 x 10^9/L, nodal or disseminated MZL;
// 0 low, 1-2 intermediate, >= 3 high). Patients worked by hand.
describe('FLIPI', () => {
  const fl = {
    ageYears: 62,
    annArborStage: 3 as const,
    hemoglobinGPerDl: 12.5,
    ldhUPerL: 200,
    ldhUpperLimitUPerL: 250,
    flipiNodalAreaCount: 6,
  };

  it('scores a 62-year-old, stage III, Hb 12.5, normal LDH, 6 nodal areas as 3 points, high risk', () => {
    expect(flipi(fl)).toMatchObject({ kind: 'scored', points: 3, group: 'high' });
  });

  it('does not count Hb of exactly 12 g/dL or exactly 4 nodal areas', () => {
    expect(flipi({ ...fl, hemoglobinGPerDl: 12, flipiNodalAreaCount: 4 })).toMatchObject({
      points: 2,
      group: 'intermediate',
    });
    expect(
      flipi({ ...fl, hemoglobinGPerDl: 11.9, flipiNodalAreaCount: 4, ageYears: 40, annArborStage: 2 }),
    ).toMatchObject({ points: 1, group: 'low' });
  });
});

describe('MZL-IPI', () => {
  const mzl = {
    ldhUPerL: 180,
    ldhUpperLimitUPerL: 250,
    hemoglobinGPerDl: 13,
    absoluteLymphocytesE9PerL: 1.5,
    plateletsE9PerL: 220,
    marginalZoneType: 'extranodal-malt' as const,
  };

  it('scores gastric MALT lymphoma with normal blood counts and LDH as 0, low risk', () => {
    expect(mzlIpi(mzl)).toMatchObject({ kind: 'scored', points: 0, group: 'low' });
  });

  it('counts nodal or disseminated MZL and the blood-count cut-offs', () => {
    expect(mzlIpi({ ...mzl, marginalZoneType: 'nodal' })).toMatchObject({ points: 1, group: 'intermediate' });
    // disseminated (1) + Hb 11 (1) + ALC 0.8 (1) → 3 → high.
    expect(
      mzlIpi({
        ...mzl,
        marginalZoneType: 'disseminated',
        hemoglobinGPerDl: 11,
        absoluteLymphocytesE9PerL: 0.8,
      }),
    ).toMatchObject({ points: 3, group: 'high' });
    // splenic MZL with platelets exactly 100 (0) and LDH 260 > 250 (1) → 1.
    expect(
      mzlIpi({ ...mzl, marginalZoneType: 'splenic', plateletsE9PerL: 100, ldhUPerL: 260 }),
    ).toMatchObject({ points: 1 });
  });

  it('needs the MZL subtype', () => {
    const { marginalZoneType: _, ...rest } = mzl;
    expect(mzlIpi(rest)).toMatchObject({ kind: 'missing', missing: ['marginalZoneType'] });
  });
});
