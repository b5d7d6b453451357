import { createRecord, listRecords, type StoredRecord, updateRecord } from '@cxcr4pet/db';
import type { EligibilityVerdict } from '@cxcr4pet/study';
import type { ServerContext } from '../context.ts';

/**
 * Stores a computed verdict: the first as a new `eligibility-verdict` record, later ones as a new
 * version of it (with the caller's reason, which the db room requires), so the history of verdicts
 * stays in the audit trail.
 */
export async function saveVerdict(
  context: ServerContext,
  actor: string,
  verdict: EligibilityVerdict,
  reason: string | undefined,
): Promise<{ record: StoredRecord<'eligibility-verdict'>; created: boolean }> {
  const db = context.db.kysely;
  const existing = (
    await listRecords(db, { participantId: verdict.participantId, type: 'eligibility-verdict' })
  ).at(-1);
  if (existing === undefined) {
    return { record: await createRecord(db, { actor }, 'eligibility-verdict', verdict), created: true };
  }
  const change = reason === undefined ? { actor } : { actor, reason };
  return {
    record: await updateRecord(
      db,
      change,
      'eligibility-verdict',
      existing.recordId,
      existing.version,
      verdict,
    ),
    created: false,
  };
}
