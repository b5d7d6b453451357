import type { RecordType } from '@cxcr4pet/study';
import type { Cohort } from './cohort.ts';

/** One study record with its type (a key of `RECORD_SCHEMAS`), as the database stores it. */
export interface TypedRecord {
  readonly type: RecordType;
  readonly record: unknown;
}

/** Every record of the cohort in entry order (participant, identity, consent, screening, …), for seeding a database. */
export function cohortRecords(cohort: Cohort): TypedRecord[] {
  return cohort.participants.flatMap(({ records: r }) => {
    const list: TypedRecord[] = [
      { type: 'participant', record: r.participant },
      { type: 'participant-identity', record: r.identity },
      ...r.consents.map((record) => ({ type: 'consent' as const, record })),
      { type: 'screening', record: r.screening },
      { type: 'eligibility-verdict', record: r.eligibilityVerdict },
    ];
    if (r.diagnosis !== undefined) list.push({ type: 'diagnosis', record: r.diagnosis });
    if (r.labs !== undefined) list.push({ type: 'labs', record: r.labs });
    if (r.baselineClinical !== undefined)
      list.push({ type: 'baseline-clinical', record: r.baselineClinical });
    list.push(...r.doses.map((record) => ({ type: 'dose' as const, record })));
    list.push(...r.scans.map((record) => ({ type: 'scan' as const, record })));
    list.push(...(r.treatments ?? []).map((record) => ({ type: 'treatment' as const, record })));
    list.push(
      ...(r.responseAssessments ?? []).map((record) => ({ type: 'response-assessment' as const, record })),
    );
    list.push(...(r.progressions ?? []).map((record) => ({ type: 'progression' as const, record })));
    if (r.death !== undefined) list.push({ type: 'death', record: r.death });
    list.push(
      ...(r.followUpContacts ?? []).map((record) => ({ type: 'follow-up-contact' as const, record })),
    );
    list.push(...r.adverseEvents.map((record) => ({ type: 'adverse-event' as const, record })));
    return list;
  });
}
