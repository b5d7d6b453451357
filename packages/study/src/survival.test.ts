import { describe, expect, it } from 'vitest';
import type { ResponseAssessment } from './records/follow-up.ts';
import type { Participant } from './records/participant.ts';
import { DAYS_PER_MONTH, deriveSurvival, type SurvivalInput } from './survival.ts';

const participant: Participant = {
  participantId: 'CX-001',
  siteId: 'FZ',
  sex: 'female',
  enrolledDate: '2024-01-15',
};
const assessment = (assessedDate: string, category: 'CMR' | 'PMR' | 'PMD'): ResponseAssessment => ({
  participantId: 'CX-001',
  assessedDate,
  timepoint: 'follow-up',
  response: { system: 'lugano-pet', category },
});
const base: SurvivalInput = { participant, responses: [], progressions: [], death: undefined, contacts: [] };

describe('PFS and OS', () => {
  it('takes progression from a PMD assessment and censors OS at the last contact (days worked by hand)', () => {
    // 2024-01-15 → 2024-07-15: 31 + 29 (leap February) + 31 + 30 + 31 + 30 = 182 days.
    // 2024-07-15 → 2024-10-01: 31 + 31 + 16 = 78 days → 260 days.
    const r = deriveSurvival({
      ...base,
      responses: [assessment('2024-04-15', 'PMR'), assessment('2024-07-15', 'PMD')],
      contacts: [{ participantId: 'CX-001', contactDate: '2024-10-01', method: 'phone' }],
    });
    expect(r.pfs).toEqual({
      event: true,
      eventKind: 'progression',
      date: '2024-07-15',
      timeDays: 182,
      timeMonths: 182 / 30.4375,
    });
    expect(r.os).toMatchObject({ event: false, eventKind: 'censored', date: '2024-10-01', timeDays: 260 });
    expect(r.pfs.timeMonths).toBeCloseTo(5.9795, 4);
    expect(r.protocol.id).toBe('NCT04504526');
  });

  it('counts death without progression as a PFS event', () => {
    // 2024-01-15 → 2024-03-01: 31 + 15 = 46 days.
    const r = deriveSurvival({
      ...base,
      death: { participantId: 'CX-001', deathDate: '2024-03-01', cause: 'other' },
    });
    expect(r.pfs).toMatchObject({ eventKind: 'death', timeDays: 46 });
    expect(r.os).toMatchObject({ eventKind: 'death', timeDays: 46, event: true });
  });

  it('takes the earliest progression among records and assessments', () => {
    const r = deriveSurvival({
      ...base,
      responses: [assessment('2024-06-01', 'PMD')],
      progressions: [{ participantId: 'CX-001', progressionDate: '2024-05-20', basis: 'clinical' }],
    });
    expect(r.pfs).toMatchObject({ eventKind: 'progression', date: '2024-05-20' });
  });

  it('censors PFS at the last assessment by default and at the last contact on request', () => {
    const input = {
      ...base,
      responses: [assessment('2024-04-15', 'CMR')],
      contacts: [{ participantId: 'CX-001', contactDate: '2024-09-01', method: 'visit' as const }],
    };
    expect(deriveSurvival(input).pfs).toMatchObject({
      eventKind: 'censored',
      date: '2024-04-15',
      timeDays: 91,
    });
    expect(deriveSurvival(input, { pfsCensoring: 'last-contact' }).pfs).toMatchObject({
      eventKind: 'censored',
      date: '2024-09-01',
    });
    // Nothing after enrolment: censored at day 0.
    expect(deriveSurvival(base).pfs).toMatchObject({ eventKind: 'censored', timeDays: 0 });
  });

  it('reports months as days / 30.4375', () => {
    expect(DAYS_PER_MONTH).toBe(365.25 / 12);
  });

  it('rejects contacts after death, dates before enrolment, other participants and a missing enrolment date', () => {
    const death = { participantId: 'CX-001', deathDate: '2024-03-01', cause: 'unknown' as const };
    expect(() =>
      deriveSurvival({
        ...base,
        death,
        contacts: [{ participantId: 'CX-001', contactDate: '2024-04-01', method: 'phone' }],
      }),
    ).toThrow(
      /death: field 'deathDate' \(2024-03-01\) is before the participant was last known alive \(2024-04-01\)/,
    );
    expect(() => deriveSurvival({ ...base, responses: [assessment('2023-12-01', 'CMR')] })).toThrow(
      /before the enrolment of CX-001/,
    );
    expect(() =>
      deriveSurvival({
        ...base,
        contacts: [{ participantId: 'CX-9', contactDate: '2024-04-01', method: 'phone' }],
      }),
    ).toThrow(/follow-up contact: field 'participantId' is CX-9, expected CX-001/);
    const { enrolledDate: _, ...notEnrolled } = participant;
    expect(() => deriveSurvival({ ...base, participant: notEnrolled })).toThrow(
      /field 'enrolledDate' is needed/,
    );
  });
});
