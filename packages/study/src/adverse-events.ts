import type { AdverseEvent } from './records/adverse-event.ts';

/**
 * Whether an event counts as related in tables: possible, probable or definite (the usual binary split of
 * a five-point causality scale; not-related and unlikely count as unrelated).
 */
export function isRelated(ae: AdverseEvent): boolean {
  return ae.relatedness === 'possible' || ae.relatedness === 'probable' || ae.relatedness === 'definite';
}

/** Per participant: the worst CTCAE grade, and whether any event was serious or tracer-related. */
export interface AdverseEventSummary {
  readonly participantId: string;
  readonly eventCount: number;
  readonly worstGrade: 1 | 2 | 3 | 4 | 5;
  readonly anySerious: boolean;
  /** Any event related (possible or more) to a Pentixafor administration. */
  readonly anyPentixaforRelated: boolean;
}

/** Summarises adverse events per participant, in order of first appearance (safety table rows). */
export function summariseAdverseEvents(events: readonly AdverseEvent[]): readonly AdverseEventSummary[] {
  const by = new Map<string, AdverseEvent[]>();
  for (const ae of events) by.set(ae.participantId, [...(by.get(ae.participantId) ?? []), ae]);
  return [...by.entries()].map(([participantId, list]) => ({
    participantId,
    eventCount: list.length,
    // The maximum of grades 1-5 is itself a grade 1-5.
    worstGrade: Math.max(...list.map((ae) => ae.grade)) as AdverseEvent['grade'],
    anySerious: list.some((ae) => ae.serious.kind === 'yes'),
    anyPentixaforRelated: list.some((ae) => ae.attributedTo === 'pentixafor' && isRelated(ae)),
  }));
}
