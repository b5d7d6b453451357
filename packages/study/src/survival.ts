import { StudyError } from './errors.ts';
import { PROTOCOL_STAMP, type ProtocolStamp } from './protocol.ts';
import type { Death, FollowUpContact, Progression, ResponseAssessment } from './records/follow-up.ts';
import type { Participant } from './records/participant.ts';
import { epochDayOf } from './time.ts';

/** Days per month used to report times in months: 365.25 / 12. */
export const DAYS_PER_MONTH = 30.4375;

/** A time-to-event outcome: time from the origin and whether the event happened (else censored). */
export interface TimeToEvent {
  readonly event: boolean;
  readonly eventKind: 'progression' | 'death' | 'censored';
  /** The date of the event, or of censoring. */
  readonly date: string;
  readonly timeDays: number;
  readonly timeMonths: number;
}

export interface SurvivalInput {
  readonly participant: Participant;
  readonly responses: readonly ResponseAssessment[];
  readonly progressions: readonly Progression[];
  readonly death: Death | undefined;
  readonly contacts: readonly FollowUpContact[];
}

export interface SurvivalOutcome {
  readonly participantId: string;
  /** The time origin: the enrolment date. */
  readonly originDate: string;
  readonly pfs: TimeToEvent;
  readonly os: TimeToEvent;
  readonly protocol: ProtocolStamp;
}

/** Whether a response category is progression (Lugano PMD/PD, IMWG PD). */
export function isProgression(assessment: ResponseAssessment): boolean {
  const c = assessment.response.category;
  return c === 'PMD' || c === 'PD';
}

/**
 * Progression-free and overall survival derived from the records, never typed by hand. Origin: the
 * enrolment date. OS: death from any cause, censored at the last date known alive (any contact,
 * assessment or progression). PFS: the first progression (a progression record or a PD/PMD assessment) or
 * death, whichever comes first; censored by default at the last response assessment without progression
 * (the origin when there is none), following the FDA guidance "Clinical Trial Endpoints for the Approval
 * of Cancer Drugs and Biologics" (2018), whose PFS table censors at the last adequate assessment; `pfsCensoring: 'last-contact'`
 * censors at the last date known alive instead. Times are in days and months (days / 30.4375).
 * Records of another participant, dates before enrolment and contacts after death are rejected.
 */
export function deriveSurvival(
  input: SurvivalInput,
  options: { pfsCensoring?: 'last-assessment' | 'last-contact' } = {},
): SurvivalOutcome {
  const { participant } = input;
  const id = participant.participantId;
  if (participant.enrolledDate === undefined) {
    throw new StudyError(
      'invalid-value',
      `participant ${id}: field 'enrolledDate' is needed as the time origin of PFS and OS.`,
      {
        record: 'participant',
        field: 'enrolledDate',
      },
    );
  }
  const origin = participant.enrolledDate;
  const day = dayCounter(id, origin);
  const own = <T extends { participantId: string }>(records: readonly T[], record: string): readonly T[] => {
    const foreign = records.find((r) => r.participantId !== id);
    if (foreign !== undefined) {
      throw new StudyError(
        'participant-mismatch',
        `${record}: field 'participantId' is ${foreign.participantId}, expected ${id}.`,
        { record, field: 'participantId' },
      );
    }
    return records;
  };
  const responses = own(input.responses, 'response assessment');
  const progressions = own(input.progressions, 'progression');
  const contacts = own(input.contacts, 'follow-up contact');
  const death = input.death === undefined ? undefined : own([input.death], 'death')[0];

  const progressionDates = [
    ...progressions.map((p) => ({
      date: p.progressionDate,
      d: day(p.progressionDate, 'progression', 'progressionDate'),
    })),
    ...responses
      .filter(isProgression)
      .map((r) => ({ date: r.assessedDate, d: day(r.assessedDate, 'response assessment', 'assessedDate') })),
  ];
  const assessments = responses.map((r) => ({
    date: r.assessedDate,
    d: day(r.assessedDate, 'response assessment', 'assessedDate'),
  }));
  const alive = [
    { date: origin, d: 0 },
    ...contacts.map((c) => ({
      date: c.contactDate,
      d: day(c.contactDate, 'follow-up contact', 'contactDate'),
    })),
    ...assessments,
    ...progressionDates,
  ];
  const lastAlive = latest(alive);
  const deathDay = death === undefined ? undefined : day(death.deathDate, 'death', 'deathDate');
  if (death !== undefined && deathDay !== undefined && lastAlive.d > deathDay) {
    throw new StudyError(
      'time-order',
      `death: field 'deathDate' (${death.deathDate}) is before the participant was last known alive (${lastAlive.date}).`,
      {
        record: 'death',
        field: 'deathDate',
      },
    );
  }

  const os: TimeToEvent =
    death !== undefined && deathDay !== undefined
      ? outcome('death', death.deathDate, deathDay)
      : outcome('censored', lastAlive.date, lastAlive.d);

  const firstProgression = earliest(progressionDates);
  let pfs: TimeToEvent;
  if (firstProgression !== undefined && (deathDay === undefined || firstProgression.d <= deathDay)) {
    pfs = outcome('progression', firstProgression.date, firstProgression.d);
  } else if (death !== undefined && deathDay !== undefined) {
    pfs = outcome('death', death.deathDate, deathDay);
  } else {
    const censor =
      options.pfsCensoring === 'last-contact' ? lastAlive : latest([{ date: origin, d: 0 }, ...assessments]);
    pfs = outcome('censored', censor.date, censor.d);
  }
  return { participantId: id, originDate: origin, pfs, os, protocol: PROTOCOL_STAMP };
}

function outcome(eventKind: TimeToEvent['eventKind'], date: string, timeDays: number): TimeToEvent {
  return {
    event: eventKind !== 'censored',
    eventKind,
    date,
    timeDays,
    timeMonths: timeDays / DAYS_PER_MONTH,
  };
}

function dayCounter(id: string, origin: string) {
  const originDay = epochDayOf(origin, { record: 'participant', field: 'enrolledDate' });
  return (date: string, record: string, field: string): number => {
    const d = epochDayOf(date, { record, field }) - originDay;
    if (d < 0) {
      throw new StudyError(
        'time-order',
        `${record}: field '${field}' (${date}) is before the enrolment of ${id} (${origin}).`,
        { record, field },
      );
    }
    return d;
  };
}

type Dated = { readonly date: string; readonly d: number };
function latest(xs: readonly Dated[]): Dated {
  return xs.reduce((a, b) => (b.d > a.d ? b : a));
}
function earliest(xs: readonly Dated[]): Dated | undefined {
  return xs.length === 0 ? undefined : xs.reduce((a, b) => (b.d < a.d ? b : a));
}
