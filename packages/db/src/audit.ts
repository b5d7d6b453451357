import { type Kysely, type Selectable, sql } from 'kysely';
import type { AuditLogTable, DbSchema } from './schema.ts';

/** One entry of the audit trail: who did what to which row, when, why, with the row before and after. */
export interface AuditEntry {
  /** 1, 2, 3… in commit order; the chain follows it. */
  readonly seq: number;
  /** ISO 8601 instant (UTC) of the change. */
  readonly at: string;
  readonly actor: string;
  readonly action: 'create' | 'update' | 'delete';
  /** The table changed (`study_record`, `participant`, `site`, `app_user`, `user_site`). */
  readonly entity: string;
  readonly entityId: string;
  readonly version: number | undefined;
  /** The whole row before and after (JSON as stored); `undefined` for a create / a hard delete. */
  readonly before: unknown;
  readonly after: unknown;
  readonly reason: string | undefined;
  readonly prevHash: string | undefined;
  /** SHA-256 (hex) over `prevHash` and this entry's fields. */
  readonly hash: string;
}

function toAction(action: string): AuditEntry['action'] {
  return action === 'update' || action === 'delete' ? action : 'create';
}

/** Audit entries, oldest first, optionally of one table row. */
export async function listAudit(
  db: Kysely<DbSchema>,
  filter: { readonly entity?: string; readonly entityId?: string } = {},
): Promise<readonly AuditEntry[]> {
  let query = db.selectFrom('audit_log').selectAll();
  if (filter.entity !== undefined) query = query.where('entity', '=', filter.entity);
  if (filter.entityId !== undefined) query = query.where('entity_id', '=', filter.entityId);
  const rows = await query.orderBy('seq').execute();
  return rows.map(toEntry);
}

function toEntry(r: Selectable<AuditLogTable>): AuditEntry {
  return {
    seq: Number(r.seq),
    at: r.at.toISOString(),
    actor: r.actor,
    action: toAction(r.action),
    entity: r.entity,
    entityId: r.entity_id,
    version: r.version ?? undefined,
    before: r.before ?? undefined,
    after: r.after ?? undefined,
    reason: r.reason ?? undefined,
    prevHash: r.prev_hash ?? undefined,
    hash: r.hash,
  };
}

/** The verdict of `verifyAuditChain`: intact with its length, or the first broken link and why. */
export type AuditChainVerdict =
  | { readonly kind: 'intact'; readonly entries: number }
  | { readonly kind: 'broken'; readonly seq: number; readonly reason: string };

/**
 * Walks the audit trail in order and checks every link: sequence numbers 1, 2, 3… without gaps, each
 * entry's `prev_hash` equal to the previous entry's `hash`, and each `hash` equal to SHA-256 of its
 * content recomputed by the database's own `audit_entry_hash` (the function the insert trigger uses).
 * Reports the first entry that fails.
 */
export async function verifyAuditChain(db: Kysely<DbSchema>): Promise<AuditChainVerdict> {
  const result = await sql<{
    seq: string | number;
    prev_hash: string | null;
    hash: string;
    recomputed: string;
  }>`
    select a.seq, a.prev_hash, a.hash, audit_entry_hash(a) as recomputed from audit_log a order by a.seq`.execute(
    db,
  );
  let previousHash: string | null = null;
  let expectedSeq = 1;
  for (const row of result.rows) {
    const seq = Number(row.seq);
    if (seq !== expectedSeq) return { kind: 'broken', seq, reason: `entry ${expectedSeq} is missing` };
    if (row.prev_hash !== previousHash) {
      return { kind: 'broken', seq, reason: `its previous hash does not match entry ${seq - 1}` };
    }
    if (row.recomputed !== row.hash)
      return { kind: 'broken', seq, reason: 'its content does not match its hash' };
    previousHash = row.hash;
    expectedSeq += 1;
  }
  return { kind: 'intact', entries: result.rows.length };
}

/** Filters of `searchAudit`. `siteIds`, when given, keeps only entries about participants of those sites. */
export interface AuditSearch {
  readonly siteIds?: readonly string[];
  readonly participantId?: string;
  readonly entity?: string;
  readonly entityId?: string;
  readonly actor?: string;
  readonly action?: AuditEntry['action'];
  /** ISO 8601 instants, inclusive. */
  readonly from?: string;
  readonly to?: string;
  readonly limit: number;
  readonly offset: number;
}

/**
 * One page of the audit trail, newest first, with filters. An entry is "about" a participant when the
 * row it records (before or after) carries that `participant_id` — participants, records, data queries.
 */
export async function searchAudit(
  db: Kysely<DbSchema>,
  filter: AuditSearch,
): Promise<{ total: number; entries: readonly AuditEntry[] }> {
  let query = db.selectFrom('audit_log');
  const participantOf = sql<string>`coalesce(after ->> 'participant_id', before ->> 'participant_id')`;
  if (filter.siteIds !== undefined) {
    if (filter.siteIds.length === 0) return { total: 0, entries: [] };
    const siteIds = filter.siteIds;
    query = query.where(participantOf, 'in', (eb) =>
      eb.selectFrom('participant').select('participant_id').where('site_id', 'in', siteIds),
    );
  }
  if (filter.participantId !== undefined) query = query.where(participantOf, '=', filter.participantId);
  if (filter.entity !== undefined) query = query.where('entity', '=', filter.entity);
  if (filter.entityId !== undefined) query = query.where('entity_id', '=', filter.entityId);
  if (filter.actor !== undefined) query = query.where('actor', '=', filter.actor);
  if (filter.action !== undefined) query = query.where('action', '=', filter.action);
  if (filter.from !== undefined) query = query.where('at', '>=', new Date(filter.from));
  if (filter.to !== undefined) query = query.where('at', '<=', new Date(filter.to));
  const count = await query
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await query
    .selectAll()
    .orderBy('seq', 'desc')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  return { total: Number(count.n), entries: rows.map(toEntry) };
}
