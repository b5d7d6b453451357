import { type Kysely, sql, type Transaction } from 'kysely';
import { DbError, translateDbError } from './errors.ts';
import type { DbSchema } from './schema.ts';

/**
 * Who makes a change and why. `actor` is the user id; `reason` is required for every change after
 * first entry (update, delete) and is stored in the audit trail beside the before/after values.
 */
export interface ChangeContext {
  readonly actor: string;
  readonly reason?: string;
}

/**
 * Runs `work` in one transaction with the actor and reason set for the audit triggers
 * (transaction-local settings `cxcr4pet.actor` / `cxcr4pet.reason`). Either every statement of
 * `work` and every audit entry it causes commit together, or — on any error — none does; database
 * errors come back as `DbError` with a one-line message.
 */
export async function withChange<T>(
  db: Kysely<DbSchema>,
  context: ChangeContext,
  work: (trx: Transaction<DbSchema>) => Promise<T>,
): Promise<T> {
  if (context.actor.trim() === '') {
    throw new DbError('actor-required', 'every change needs an actor (the user making it)', {
      field: 'actor',
    });
  }
  try {
    return await db.transaction().execute(async (trx) => {
      await sql`select set_config('cxcr4pet.actor', ${context.actor}, true), set_config('cxcr4pet.reason', ${context.reason ?? ''}, true)`.execute(
        trx,
      );
      return work(trx);
    });
  } catch (e) {
    throw translateDbError(e);
  }
}

/** Throws `reason-required` unless the context carries a non-blank reason (updates and deletes). */
export function requireReason(context: ChangeContext, what: string): string {
  const reason = context.reason?.trim() ?? '';
  if (reason === '') {
    throw new DbError('reason-required', `${what}: a change after first entry needs a reason`, {
      field: 'reason',
    });
  }
  return reason;
}
