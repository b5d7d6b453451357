import type { Kysely } from 'kysely';
import { type ChangeContext, requireReason, withChange } from '../change.ts';
import type { DbSchema } from '../schema.ts';

/** Whether the study data are locked, and the last lock or unlock (who, when, why). */
export interface LockState {
  readonly locked: boolean;
  readonly changedAt: string | undefined;
  readonly changedBy: string | undefined;
  readonly reason: string | undefined;
}

export async function getLockState(db: Kysely<DbSchema>): Promise<LockState> {
  const row = await db
    .selectFrom('data_lock')
    .selectAll()
    .orderBy('lock_id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row === undefined
    ? { locked: false, changedAt: undefined, changedBy: undefined, reason: undefined }
    : { locked: row.locked, changedAt: row.at.toISOString(), changedBy: row.actor, reason: row.reason };
}

/**
 * Locks or unlocks the study data (a new audited row; the database refuses a lock while any data query
 * is not closed — `open-queries` — and refuses every write to participants, records and queries while
 * locked — `locked`). A reason is required.
 */
export async function setLock(
  db: Kysely<DbSchema>,
  context: ChangeContext,
  locked: boolean,
): Promise<LockState> {
  const reason = requireReason(context, locked ? 'data lock' : 'data unlock');
  await withChange(db, context, (trx) =>
    trx.insertInto('data_lock').values({ locked, actor: context.actor, reason }).execute(),
  );
  return getLockState(db);
}
