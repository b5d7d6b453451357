import type { CriterionId, EligibilityVerdict } from './records/eligibility.ts';

/** The screening box of a CONSORT flow diagram. */
export interface ConsortScreening {
  readonly assessed: number;
  readonly eligible: number;
  /** Screen failures. */
  readonly ineligible: number;
  readonly incomplete: number;
  /**
   * Screen failures by the criterion that failed. A participant failing two criteria counts under both,
   * so the counts may add up to more than `ineligible` (CONSORT 2010 item 13a asks for reasons).
   */
  readonly failuresByCriterion: Readonly<Partial<Record<CriterionId, number>>>;
}

/**
 * Counts the latest verdict of each participant (the one with the latest `assessedOn`; on ties the later in
 * the list) into the screening box of a CONSORT flow (Schulz et al., BMJ 2010;340:c332).
 */
export function consortScreening(verdicts: readonly EligibilityVerdict[]): ConsortScreening {
  const latest = new Map<string, EligibilityVerdict>();
  for (const v of verdicts) {
    const seen = latest.get(v.participantId);
    if (seen === undefined || v.assessedOn >= seen.assessedOn) latest.set(v.participantId, v);
  }
  const counts = { eligible: 0, ineligible: 0, incomplete: 0 };
  const failures: Partial<Record<CriterionId, number>> = {};
  for (const v of latest.values()) {
    counts[v.kind] += 1;
    if (v.kind !== 'ineligible') continue;
    for (const c of v.criteria) {
      const failed = c.role === 'inclusion' ? c.status.kind === 'not-met' : c.status.kind === 'met';
      if (failed) failures[c.criterion] = (failures[c.criterion] ?? 0) + 1;
    }
  }
  return { assessed: latest.size, ...counts, failuresByCriterion: failures };
}
