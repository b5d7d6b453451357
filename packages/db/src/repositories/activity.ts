import type { Kysely, Transaction } from 'kysely';
import { type ChangeContext, withChange } from '../change.ts';
import type { DbSchema } from '../schema.ts';

/** A user action recorded in the audit trail that changes no study row by itself (a job, an export). */
export interface ActivityInput {
  /** Dotted lower-case name, e.g. `job.queue`, `job.cancel`, `export.download`. */
  readonly action: string;
  /** The participant it is about, when it is about one (ties the entry to a site for monitors). */
  readonly participantId?: string | null;
  /** What was done, with what filters and results (JSON object). */
  readonly details: Readonly<Record<string, unknown>>;
}

/**
 * Writes an `activity` row; its audit entry (entity `activity`, actor and reason of the change context)
 * is chained like every other. Inside `trx` when given (so the action and its effect commit together),
 * else in its own audited transaction. Returns the activity id.
 */
export async function recordActivity(
  db: Kysely<DbSchema>,
  context: ChangeContext,
  activity: ActivityInput,
  trx?: Transaction<DbSchema>,
): Promise<string> {
  const insert = async (t: Transaction<DbSchema>): Promise<string> => {
    const row = await t
      .insertInto('activity')
      .values({
        action: activity.action,
        participant_id: activity.participantId ?? null,
        details: JSON.stringify(activity.details),
        actor: context.actor,
      })
      .returning('activity_id')
      .executeTakeFirstOrThrow();
    return row.activity_id;
  };
  return trx === undefined ? withChange(db, context, insert) : insert(trx);
}
