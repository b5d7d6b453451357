import { describe, expect, it } from 'vitest';
import { ageAdjustedIpi, cnsIpi, ipi } from './ipi.ts';

// Definitions: IPI and age-adjusted IPI, N Engl J Med 1993;329:987-994 (Table 2: factors age > 60,
// stage III/IV, ECOG >= 2, LDH > normal, > 1 extranodal site; risk groups 0-1, 2, 3, 4-5; age-adjusted:
// stage, LDH, ECOG with groups 0, 1, 2, 3). CNS-IPI: Schmitz et al., J Clin Oncol 2016;34:3150 (IPI
// factors + kidney/adrenal; 0-1 low, 2-3 intermediate, 4-6 high). The patients below are worked by hand
// against those tables.
const patient = {
  ageYears: 67,
  annArborStage: 4 as const,
  ecogPerformanceStatus: 1 as const,
  ldhUPerL: 310,
  ldhUpperLimitUPerL: 250,
  extranodalSiteCount: 2,
  kidneyOrAdrenalInvolved: true,
};

describe('IPI', () => {
  it('scores a 67-year-old with stage IV, ECOG 1, LDH 310/250 U/L and 2 extranodal sites as 4 points, high risk', () => {
    // age 67 > 60 (1) + stage IV (1) + ECOG 1 (0) + LDH 310 > 250 (1) + 2 sites > 1 (1) = 4 → high.
    const r = ipi(patient);
    expect(r).toMatchObject({ kind: 'scored', group: 'high', points: 4 });
    if (r.kind !== 'scored') return;
    expect(r.factors.map((f) => f.points)).toEqual([1, 1, 0, 1, 1]);
    expect(r.system.version).toMatch(/1993;329:987/);
  });

  it('does not count age 60, ECOG 1, LDH at the limit or a single extranodal site', () => {
    // Every factor exactly at its cut-off → 0 points → low.
    const r = ipi({
      ageYears: 60,
      annArborStage: 2,
      ecogPerformanceStatus: 1,
      ldhUPerL: 250,
      ldhUpperLimitUPerL: 250,
      extranodalSiteCount: 1,
    });
    expect(r).toMatchObject({ group: 'low', points: 0 });
  });

  it('maps 2 and 3 points to low-intermediate and high-intermediate', () => {
    expect(ipi({ ...patient, ageYears: 50, extranodalSiteCount: 0 })).toMatchObject({
      points: 2,
      group: 'low-intermediate',
    });
    expect(ipi({ ...patient, ageYears: 50 })).toMatchObject({ points: 3, group: 'high-intermediate' });
  });

  it('names the missing fields instead of guessing', () => {
    const { ldhUpperLimitUPerL: _, extranodalSiteCount: __, ...partial } = patient;
    expect(ipi(partial)).toEqual({
      kind: 'missing',
      system: expect.objectContaining({ id: 'ipi' }),
      missing: ['ldhUpperLimitUPerL', 'extranodalSiteCount'],
      message: 'IPI cannot be computed: missing ldhUpperLimitUPerL, extranodalSiteCount.',
    });
  });

  it('rejects a negative age naming the field', () => {
    expect(() => ipi({ ...patient, ageYears: -1 })).toThrow(
      /IPI: field 'ageYears' must be a finite non-negative number/,
    );
  });
});

describe('age-adjusted IPI', () => {
  it('scores stage IV with raised LDH and ECOG 1 as 2 points, high-intermediate, without needing age', () => {
    const { ageYears: _, ...noAge } = patient;
    expect(ageAdjustedIpi(noAge)).toMatchObject({ kind: 'scored', points: 2, group: 'high-intermediate' });
    expect(ageAdjustedIpi({ ...patient, ecogPerformanceStatus: 3 })).toMatchObject({
      points: 3,
      group: 'high',
    });
  });
});

describe('CNS-IPI', () => {
  it('adds kidney/adrenal involvement to the IPI factors: 5 points, high risk', () => {
    expect(cnsIpi(patient)).toMatchObject({ kind: 'scored', points: 5, group: 'high' });
    // 4 IPI points and no kidney/adrenal → 4, still high (4-6).
    expect(cnsIpi({ ...patient, kidneyOrAdrenalInvolved: false })).toMatchObject({
      points: 4,
      group: 'high',
    });
    // 60 years, stage II, ECOG 0, LDH normal, 0 sites, kidney involved → 1 → low.
    expect(
      cnsIpi({
        ageYears: 60,
        annArborStage: 2,
        ecogPerformanceStatus: 0,
        ldhUPerL: 200,
        ldhUpperLimitUPerL: 250,
        extranodalSiteCount: 0,
        kidneyOrAdrenalInvolved: true,
      }),
    ).toMatchObject({ points: 1, group: 'low' });
    expect(cnsIpi({ ...patient, ageYears: 50, ldhUPerL: 100, kidneyOrAdrenalInvolved: false })).toMatchObject(
      { points: 2, group: 'intermediate' },
    );
  });

  it('needs the kidney/adrenal field', () => {
    const { kidneyOrAdrenalInvolved: _, ...rest } = patient;
    expect(cnsIpi(rest)).toMatchObject({ kind: 'missing', missing: ['kidneyOrAdrenalInvolved'] });
  });
});
