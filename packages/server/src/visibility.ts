import type { AuditEntry, Role } from '@cxcr4pet/db';
import { shiftIsoDate } from '@cxcr4pet/store';
import type { ParticipantRef } from './access.ts';
import { isPseudonymised, seesIdentity } from './policy.ts';

/**
 * What a caller may see of data they are allowed to reach: the policy says who sees identifying data
 * and who sees pseudonyms only; these functions apply it to response bodies. Kept beside the policy
 * so that the rules have one home; handlers call them on everything they return about participants.
 */

/**
 * For a statistician, every `participantId` of this participant becomes the pseudonym and every
 * calendar date about them (`YYYY-MM-DD`, alone or starting a date-time, or inside a text such as a
 * verdict's evidence) is moved by the participant's date shift — as in the pseudonymised export, so
 * intervals within a participant are exact and calendar dates are not.
 */
export function presentForRole<T>(value: T, role: Role, participant: ParticipantRef): T {
  if (!isPseudonymised(role)) return value;
  const pseudonymised = replaceParticipantId(value, participant.participantId, participant.pseudonym);
  return shiftDates(pseudonymised, participant.dateShiftDays) as T;
}

const ISO_DATE = /(?<![\d.])\d{4}-\d{2}-\d{2}(?!\d)/g;

/** Every ISO calendar date in the strings of `value` moved by `days` (new objects). */
export function shiftDates(value: unknown, days: number): unknown {
  if (typeof value === 'string') return value.replace(ISO_DATE, (date) => shiftIsoDate(date, days));
  if (Array.isArray(value)) return value.map((v) => shiftDates(v, days));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, shiftDates(v, days)]));
}

function replaceParticipantId(value: unknown, from: string, to: string): unknown {
  if (Array.isArray(value)) return value.map((v) => replaceParticipantId(v, from, to));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [
      key,
      (key === 'participantId' || key === 'participant_id') && v === from
        ? to
        : replaceParticipantId(v, from, to),
    ]),
  );
}

const BORN = /\(born \d{4}-\d{2}-\d{2}\)/g;

/**
 * An eligibility verdict's age evidence names the birth date ("67 completed years on … (born …)");
 * callers who may not see identifying data get it without the birth date.
 */
export function redactVerdict<T>(verdict: T, role: Role): T {
  if (seesIdentity(role)) return verdict;
  return JSON.parse(JSON.stringify(verdict).replace(BORN, '(birth date hidden)')) as T;
}

const HIDDEN = '[hidden]';

/**
 * Audit entries as a caller may see them: password hashes never; identifying records' contents and
 * verdict birth dates only for site staff.
 */
export function presentAuditEntry(entry: AuditEntry, role: Role): AuditEntry {
  const clean = (row: unknown): unknown => {
    if (typeof row !== 'object' || row === null) return row;
    const copy: Record<string, unknown> = { ...(row as Record<string, unknown>) };
    if ('password_hash' in copy) copy.password_hash = copy.password_hash === null ? null : HIDDEN;
    if (!seesIdentity(role) && copy.record_type === 'participant-identity') copy.data = HIDDEN;
    return redactVerdict(copy, role);
  };
  return { ...entry, before: clean(entry.before), after: clean(entry.after) };
}
