import { describe, expect, it } from 'vitest';
import { consortScreening } from './consort.ts';
import { assessEligibility, type EligibilityInput } from './eligibility.ts';
import type { Screening } from './records/screening.ts';

// A participant who meets every criterion of NCT04504526 (inclusion: 18–80 years, suspected or confirmed
// untreated lymphoproliferative disease, FDG PET/CT within two weeks, signed consent; exclusion:
// pregnancy, breastfeeding, known Pentixafor allergy).
const screening: Screening = {
  participantId: 'CX-001',
  screeningDate: '2024-03-01',
  lymphoproliferativeDisease: { kind: 'confirmed', source: 'pathology report P-123' },
  priorTreatment: { kind: 'no', source: 'patient interview' },
  fdgPetCtDate: { kind: 'known', date: '2024-02-26' },
  pentixaforPetCtDate: { kind: 'known', date: '2024-03-04' },
  pregnant: { kind: 'no', source: 'serum beta-hCG negative' },
  breastfeeding: { kind: 'no' },
  pentixaforAllergy: { kind: 'no' },
};
const base: EligibilityInput = {
  screening,
  birthDate: '1960-07-15',
  consents: [
    { participantId: 'CX-001', consentFormVersion: '2.1', signedDate: '2024-03-01', obtainedBy: 'inv01' },
  ],
};
const statusOf = (input: EligibilityInput, id: string) =>
  assessEligibility(input).criteria.find((c) => c.criterion === id)?.status;

describe('eligibility', () => {
  it('finds a participant meeting every criterion eligible, with evidence and the protocol version', () => {
    const v = assessEligibility(base);
    expect(v.kind).toBe('eligible');
    expect(v.protocol).toEqual({ id: 'NCT04504526', version: '2023-09-15' });
    expect(v.criteria).toHaveLength(7);
    expect(statusOf(base, 'age-18-to-80')).toEqual({
      kind: 'met',
      evidence: '63 completed years on 2024-03-01 (born 1960-07-15)',
    });
    expect(statusOf(base, 'fdg-pet-ct-within-14-days')).toMatchObject({ kind: 'met' });
  });

  it('includes 18- and 80-year-olds and excludes 17- and 81-year-olds (age in completed years at screening)', () => {
    expect(statusOf({ ...base, birthDate: '2006-03-01' }, 'age-18-to-80')?.kind).toBe('met'); // 18th birthday
    expect(statusOf({ ...base, birthDate: '2006-03-02' }, 'age-18-to-80')?.kind).toBe('not-met'); // 17
    expect(statusOf({ ...base, birthDate: '1943-03-02' }, 'age-18-to-80')?.kind).toBe('met'); // 80, one day before 81
    const old = assessEligibility({ ...base, birthDate: '1943-03-01' }); // 81st birthday
    expect(old.kind).toBe('ineligible');
    expect(old.reasons).toEqual([
      'Inclusion "Age 18 to 80 years at screening": not met (81 completed years on 2024-03-01 (born 1943-03-01))',
    ]);
  });

  it('excludes previously treated disease and absent disease', () => {
    const treated = {
      ...base,
      screening: { ...screening, priorTreatment: { kind: 'yes' as const, source: 'R-CHOP x2 in 2023' } },
    };
    expect(assessEligibility(treated).kind).toBe('ineligible');
    expect(statusOf(treated, 'untreated-lymphoproliferative-disease')).toMatchObject({ kind: 'not-met' });
    const none = {
      ...base,
      screening: { ...screening, lymphoproliferativeDisease: { kind: 'absent' as const } },
    };
    expect(assessEligibility(none).kind).toBe('ineligible');
  });

  it('accepts suspected disease', () => {
    const suspected = {
      ...base,
      screening: { ...screening, lymphoproliferativeDisease: { kind: 'suspected' as const } },
    };
    expect(assessEligibility(suspected).kind).toBe('eligible');
  });

  it('allows 14 days between the scans in either order and fails 15', () => {
    const at = (fdg: string, pet: string): EligibilityInput => ({
      ...base,
      screening: {
        ...screening,
        fdgPetCtDate: { kind: 'known', date: fdg },
        pentixaforPetCtDate: { kind: 'known', date: pet },
      },
    });
    expect(statusOf(at('2024-02-20', '2024-03-05'), 'fdg-pet-ct-within-14-days')?.kind).toBe('met');
    expect(statusOf(at('2024-03-19', '2024-03-05'), 'fdg-pet-ct-within-14-days')?.kind).toBe('met');
    expect(statusOf(at('2024-02-19', '2024-03-05'), 'fdg-pet-ct-within-14-days')?.kind).toBe('not-met');
  });

  it('requires consent signed on or before screening and not withdrawn', () => {
    expect(statusOf({ ...base, consents: [] }, 'signed-consent')).toEqual({
      kind: 'not-met',
      evidence: 'no signed consent recorded',
    });
    const someoneElse = {
      ...base,
      consents: [{ ...base.consents[0], participantId: 'CX-777' } as (typeof base.consents)[0]],
    };
    expect(statusOf(someoneElse, 'signed-consent')).toEqual({
      kind: 'not-met',
      evidence: 'no signed consent recorded',
    });
    const late = {
      ...base,
      consents: [{ ...base.consents[0], signedDate: '2024-03-02' } as (typeof base.consents)[0]],
    };
    expect(statusOf(late, 'signed-consent')).toEqual({
      kind: 'not-met',
      evidence: 'consent signed 2024-03-02, after the screening date 2024-03-01',
    });
    const withdrawn = {
      ...base,
      consents: [{ ...base.consents[0], withdrawnDate: '2024-03-01' } as (typeof base.consents)[0]],
    };
    expect(statusOf(withdrawn, 'signed-consent')).toEqual({ kind: 'not-met', evidence: 'consent withdrawn' });
  });

  it('excludes pregnancy, breastfeeding and known Pentixafor allergy', () => {
    for (const field of ['pregnant', 'breastfeeding', 'pentixaforAllergy'] as const) {
      const v = assessEligibility({ ...base, screening: { ...screening, [field]: { kind: 'yes' } } });
      expect(v.kind).toBe('ineligible');
      expect(v.reasons[0]).toMatch(/^Exclusion/);
    }
  });

  it('treats pregnancy as not applicable for a man, with the reason as evidence', () => {
    const male = {
      ...base,
      screening: { ...screening, pregnant: { kind: 'not-applicable' as const, reason: 'male participant' } },
    };
    expect(statusOf(male, 'pregnancy')).toEqual({
      kind: 'not-met',
      evidence: 'not applicable: male participant',
    });
    expect(assessEligibility(male).kind).toBe('eligible');
  });

  it('leaves the verdict incomplete while an answer is unknown, giving the reason', () => {
    const pending = {
      ...base,
      screening: { ...screening, pregnant: { kind: 'unknown' as const, reason: 'beta-hCG pending' } },
    };
    const v = assessEligibility(pending);
    expect(v.kind).toBe('incomplete');
    expect(v.reasons).toEqual(['Exclusion "Pregnancy": unknown (beta-hCG pending)']);
    expect(assessEligibility({ ...base, birthDate: undefined }).kind).toBe('incomplete');
  });

  it('prefers ineligible over incomplete: a failed criterion decides even if another is unknown', () => {
    const v = assessEligibility({
      ...base,
      birthDate: undefined,
      screening: { ...screening, pentixaforAllergy: { kind: 'yes' } },
    });
    expect(v.kind).toBe('ineligible');
    expect(v.reasons).toHaveLength(1);
  });
});

describe('CONSORT screening flow', () => {
  it('counts each participant once by their latest verdict and lists failures by criterion', () => {
    const eligible = assessEligibility(base);
    const old = assessEligibility({
      ...base,
      birthDate: '1930-01-01',
      screening: { ...screening, participantId: 'CX-002', pregnant: { kind: 'yes' } },
    });
    const incomplete = assessEligibility({
      ...base,
      birthDate: undefined,
      screening: { ...screening, participantId: 'CX-003' },
    });
    const rescreened = assessEligibility({
      ...base,
      consents: [
        { participantId: 'CX-003', consentFormVersion: '2.1', signedDate: '2024-03-02', obtainedBy: 'inv01' },
      ],
      screening: { ...screening, participantId: 'CX-003', screeningDate: '2024-03-02' },
    });
    const flow = consortScreening([eligible, old, incomplete, rescreened]);
    expect(flow).toEqual({
      assessed: 3,
      eligible: 2,
      ineligible: 1,
      incomplete: 0,
      // CX-002 fails three criteria (age 94, pregnancy, and no consent of its own): counted under each.
      failuresByCriterion: { 'age-18-to-80': 1, pregnancy: 1, 'signed-consent': 1 },
    });
  });
});
