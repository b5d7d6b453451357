import { describe, expect, it } from 'vitest';
import { ielsg, mskcc } from './cns-lymphoma.ts';

// MSKCC: Abrey et al., J Clin Oncol 2006;24:5711 (class 1 age <= 50; class 2 age > 50 and KPS >= 70;
// class 3 age > 50 and KPS < 70). IELSG: Ferreri et al., J Clin Oncol 2003;21:266 (age > 60, ECOG > 1,
// LDH elevated, CSF protein elevated — > 45 mg/dL up to 60 years, > 60 mg/dL above — and deep structures;
// 0-1 / 2-3 / 4-5). Worked by hand below.
describe('MSKCC model', () => {
  it('puts a 50-year-old in class 1 without asking for KPS', () => {
    expect(mskcc({ ageYears: 50 })).toMatchObject({ kind: 'scored', group: 'class-1' });
  });

  it('separates patients over 50 at KPS 70', () => {
    expect(mskcc({ ageYears: 51, karnofskyPerformanceStatus: 70 })).toMatchObject({ group: 'class-2' });
    expect(mskcc({ ageYears: 72, karnofskyPerformanceStatus: 60 })).toMatchObject({ group: 'class-3' });
  });

  it('asks for KPS only when age is over 50', () => {
    expect(mskcc({ ageYears: 65 })).toMatchObject({
      kind: 'missing',
      missing: ['karnofskyPerformanceStatus'],
    });
    expect(mskcc({})).toMatchObject({ kind: 'missing', missing: ['ageYears'] });
  });
});

describe('IELSG score', () => {
  it('scores a 66-year-old, ECOG 2, LDH 300/250, CSF protein 70 mg/dL, periventricular disease as 5, high', () => {
    const r = ielsg({
      ageYears: 66,
      ecogPerformanceStatus: 2,
      ldhUPerL: 300,
      ldhUpperLimitUPerL: 250,
      csfProteinMgPerDl: 70,
      deepStructuresInvolved: true,
    });
    expect(r).toMatchObject({ kind: 'scored', points: 5, group: 'high' });
  });

  it('uses the age-dependent CSF protein limit: 50 mg/dL counts at 55 years, not at 65', () => {
    const base = {
      ecogPerformanceStatus: 0 as const,
      ldhUPerL: 100,
      ldhUpperLimitUPerL: 250,
      csfProteinMgPerDl: 50,
      deepStructuresInvolved: false,
    };
    // 55 years: CSF 50 > 45 → 1 point → low.
    expect(ielsg({ ...base, ageYears: 55 })).toMatchObject({ points: 1, group: 'low' });
    // 65 years: age (1) + CSF 50 <= 60 (0) → 1 point.
    const older = ielsg({ ...base, ageYears: 65 });
    expect(older).toMatchObject({ points: 1 });
    expect(older.kind === 'scored' && older.factors[3]?.present).toBe(false);
    // 65 years, ECOG 2, deep → 3 → intermediate.
    expect(
      ielsg({ ...base, ageYears: 65, ecogPerformanceStatus: 2, deepStructuresInvolved: true }),
    ).toMatchObject({ points: 3, group: 'intermediate' });
  });

  it('reports a missing CSF protein rather than assuming it normal', () => {
    expect(
      ielsg({
        ageYears: 66,
        ecogPerformanceStatus: 2,
        ldhUPerL: 300,
        ldhUpperLimitUPerL: 250,
        deepStructuresInvolved: true,
      }),
    ).toMatchObject({
      kind: 'missing',
      missing: ['csfProteinMgPerDl'],
    });
  });
});
