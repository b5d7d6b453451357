import { describe, expect, it } from 'vitest';
import { isRelated, summariseAdverseEvents } from './adverse-events.ts';
import { type AdverseEvent, adverseEventSchema } from './records/adverse-event.ts';

const ae: AdverseEvent = {
  aeId: 'AE-1',
  participantId: 'CX-001',
  ctcaeVersion: '5.0',
  ctcaeTerm: 'Injection site reaction',
  meddraCode: '10022095',
  grade: 1,
  onsetDate: '2024-03-01',
  resolvedDate: '2024-03-02',
  attributedTo: 'pentixafor',
  relatedness: 'probable',
  serious: { kind: 'no' },
  outcome: 'recovered',
};

describe('adverse events', () => {
  it('accepts a mild injection-site reaction', () => {
    expect(adverseEventSchema.safeParse(ae).success).toBe(true);
  });

  it('ties grade 5 to a fatal outcome and the death seriousness criterion', () => {
    const fatal = { ...ae, grade: 5, outcome: 'fatal', serious: { kind: 'yes', criteria: ['death'] } };
    expect(adverseEventSchema.safeParse(fatal).success).toBe(true);
    expect(adverseEventSchema.safeParse({ ...fatal, outcome: 'recovered' }).error?.issues[0]?.path).toEqual([
      'outcome',
    ]);
    expect(
      adverseEventSchema.safeParse({ ...fatal, serious: { kind: 'yes', criteria: ['hospitalisation'] } })
        .error?.issues[0]?.path,
    ).toEqual(['serious']);
  });

  it('requires grade 4 events to be serious and grades within 1-5', () => {
    expect(adverseEventSchema.safeParse({ ...ae, grade: 4 }).success).toBe(false);
    expect(adverseEventSchema.safeParse({ ...ae, grade: 6 }).success).toBe(false);
    expect(adverseEventSchema.safeParse({ ...ae, grade: 0 }).success).toBe(false);
  });

  it('rejects resolution before onset and a serious event without criteria', () => {
    expect(adverseEventSchema.safeParse({ ...ae, resolvedDate: '2024-02-28' }).success).toBe(false);
    expect(adverseEventSchema.safeParse({ ...ae, serious: { kind: 'yes', criteria: [] } }).success).toBe(
      false,
    );
  });

  it('counts possible, probable and definite as related', () => {
    const rel = (['not-related', 'unlikely', 'possible', 'probable', 'definite'] as const).map(
      (relatedness) => isRelated({ ...ae, relatedness }),
    );
    expect(rel).toEqual([false, false, true, true, true]);
  });

  it('summarises the worst grade and seriousness per participant', () => {
    const s = summariseAdverseEvents([
      ae,
      {
        ...ae,
        aeId: 'AE-2',
        grade: 3,
        attributedTo: 'none',
        relatedness: 'not-related',
        serious: { kind: 'yes', criteria: ['hospitalisation'] },
      },
      { ...ae, aeId: 'AE-3', participantId: 'CX-002', attributedTo: 'fdg' },
    ]);
    expect(s).toEqual([
      { participantId: 'CX-001', eventCount: 2, worstGrade: 3, anySerious: true, anyPentixaforRelated: true },
      {
        participantId: 'CX-002',
        eventCount: 1,
        worstGrade: 1,
        anySerious: false,
        anyPentixaforRelated: false,
      },
    ]);
  });
});
