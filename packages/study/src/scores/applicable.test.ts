import { describe, expect, it } from 'vitest';
import { applicableScores } from './applicable.ts';
import { ipi } from './ipi.ts';

const labs = {
  participantId: 'CX-001',
  sampledDate: '2024-03-01',
  ldhUPerL: 310,
  ldhUpperLimitUPerL: 250,
  hemoglobinGPerDl: 11.2,
  plateletsE9PerL: 150,
};
const clinical = {
  participantId: 'CX-001',
  assessedDate: '2024-03-01',
  ecogPerformanceStatus: 1 as const,
  annArborStage: 4 as const,
  extranodalSiteCount: 2,
  kidneyOrAdrenalInvolved: false,
};

describe('applicable scores', () => {
  it('computes IPI, age-adjusted IPI and CNS-IPI for DLBCL from the records, equal to calling IPI directly', () => {
    const results = applicableScores({
      disease: { family: 'lymphoma', subtype: 'dlbcl' },
      ageYears: 67,
      labs,
      clinical,
      cytogenetics: undefined,
    });
    expect(results.map((r) => [r.system.id, r.kind === 'scored' ? r.group : r.kind])).toEqual([
      ['ipi', 'high'],
      ['aa-ipi', 'high-intermediate'],
      ['cns-ipi', 'high'],
    ]);
    expect(results[0]).toEqual(
      ipi({
        ageYears: 67,
        annArborStage: 4,
        ecogPerformanceStatus: 1,
        ldhUPerL: 310,
        ldhUpperLimitUPerL: 250,
        extranodalSiteCount: 2,
      }),
    );
  });

  it('lists the myeloma scores and says which inputs are missing', () => {
    const results = applicableScores({
      disease: { family: 'plasma-cell', subtype: 'multiple-myeloma' },
      ageYears: 60,
      labs: {
        participantId: 'CX-002',
        sampledDate: '2024-03-01',
        beta2MicroglobulinMgPerL: 6.1,
        albuminGPerDl: 3.0,
      },
      clinical: undefined,
      cytogenetics: undefined,
    });
    expect(results.map((r) => r.system.id)).toEqual([
      'iss',
      'r-iss',
      'r2-iss',
      'durie-salmon',
      'durie-salmon-plus',
    ]);
    expect(results[0]).toMatchObject({ kind: 'scored', group: 'III' });
    expect(results[1]).toMatchObject({
      kind: 'missing',
      missing: ['ldhUPerL', 'ldhUpperLimitUPerL', 'del17p', 't4p14', 't14p16'],
    });
  });

  it('uses the MZL subtype of the diagnosis and returns nothing for diseases without a score here', () => {
    const mzl = applicableScores({
      disease: { family: 'lymphoma', subtype: 'marginal-zone', marginalZoneType: 'nodal' },
      ageYears: 55,
      labs: { ...labs, absoluteLymphocytesE9PerL: 1.2 },
      clinical: undefined,
      cytogenetics: undefined,
    });
    // LDH 310 > 250 (1) + Hb 11.2 (1) + nodal (1) = 3 → high.
    expect(mzl[0]).toMatchObject({ kind: 'scored', points: 3, group: 'high' });
    expect(
      applicableScores({
        disease: { family: 'leukemia', subtype: 'aml' },
        ageYears: 50,
        labs,
        clinical,
        cytogenetics: undefined,
      }),
    ).toEqual([]);
  });
});
