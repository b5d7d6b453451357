import type { Kysely, Selectable } from 'kysely';
import { type ChangeContext, withChange } from '../change.ts';
import { DbError } from '../errors.ts';
import type { DataQueryTable, DbSchema } from '../schema.ts';

/** An EDC data query on one field of a participant's data, and where it stands. */
export interface DataQuery {
  readonly queryId: string;
  readonly participantId: string;
  readonly recordId: string | undefined;
  /** The field questioned, as a path in the record (`syringeBefore.activityMBq`). */
  readonly field: string;
  readonly question: string;
  readonly status: 'open' | 'answered' | 'closed';
  readonly answer: string | undefined;
  readonly version: number;
  readonly raisedBy: string;
  readonly raisedAt: string;
  readonly answeredBy: string | undefined;
  readonly answeredAt: string | undefined;
  readonly closedBy: string | undefined;
  readonly closedAt: string | undefined;
}

function toQuery(row: Selectable<DataQueryTable>): DataQuery {
  return {
    queryId: row.query_id,
    participantId: row.participant_id,
    recordId: row.record_id ?? undefined,
    field: row.field,
    question: row.question,
    status: row.status,
    answer: row.answer ?? undefined,
    version: row.version,
    raisedBy: row.raised_by,
    raisedAt: row.raised_at.toISOString(),
    answeredBy: row.answered_by ?? undefined,
    answeredAt: row.answered_at?.toISOString(),
    closedBy: row.closed_by ?? undefined,
    closedAt: row.closed_at?.toISOString(),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Raises a query (status `open`, audited as `create`). When it names a record, the record must belong
 * to the participant.
 */
export async function raiseQuery(
  db: Kysely<DbSchema>,
  context: ChangeContext,
  query: { participantId: string; recordId?: string; field: string; question: string },
): Promise<DataQuery> {
  return withChange(db, context, async (trx) => {
    if (query.recordId !== undefined) {
      const record = UUID.test(query.recordId)
        ? await trx
            .selectFrom('study_record')
            .select('participant_id')
            .where('record_id', '=', query.recordId)
            .executeTakeFirst()
        : undefined;
      if (record === undefined || record.participant_id !== query.participantId) {
        throw new DbError(
          'missing-reference',
          `data query: field 'recordId': record ${query.recordId} is not a record of participant ${query.participantId}`,
          { entity: 'data_query', field: 'recordId' },
        );
      }
    }
    const row = await trx
      .insertInto('data_query')
      .values({
        participant_id: query.participantId,
        record_id: query.recordId ?? null,
        field: query.field,
        question: query.question,
        status: 'open',
        raised_by: context.actor,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toQuery(row);
  });
}

/** One query, or `undefined`. */
export async function getQuery(db: Kysely<DbSchema>, queryId: string): Promise<DataQuery | undefined> {
  if (!UUID.test(queryId)) return undefined;
  const row = await db
    .selectFrom('data_query')
    .selectAll()
    .where('query_id', '=', queryId)
    .executeTakeFirst();
  return row === undefined ? undefined : toQuery(row);
}

/** Queries of the given sites, newest first, optionally of one participant and status. */
export async function listQueries(
  db: Kysely<DbSchema>,
  filter: {
    readonly siteIds: readonly string[];
    readonly participantId?: string;
    readonly status?: DataQuery['status'];
  },
): Promise<readonly DataQuery[]> {
  if (filter.siteIds.length === 0) return [];
  let query = db
    .selectFrom('data_query as q')
    .innerJoin('participant as p', 'p.participant_id', 'q.participant_id')
    .selectAll('q')
    .where('p.site_id', 'in', filter.siteIds);
  if (filter.participantId !== undefined) query = query.where('q.participant_id', '=', filter.participantId);
  if (filter.status !== undefined) query = query.where('q.status', '=', filter.status);
  const rows = await query.orderBy('q.raised_at', 'desc').orderBy('q.query_id').execute();
  return rows.map(toQuery);
}

/**
 * Moves a query on: the site answers an open (or answered) query; the monitor closes an answered
 * query (or an open one, with a reason). Optimistic concurrency on `expectedVersion`; the answer or
 * the closing note is the audited reason.
 */
export async function advanceQuery(
  db: Kysely<DbSchema>,
  context: ChangeContext,
  queryId: string,
  expectedVersion: number,
  step: { kind: 'answer'; answer: string } | { kind: 'close' },
): Promise<DataQuery> {
  return withChange(db, context, async (trx) => {
    const current = UUID.test(queryId)
      ? await trx
          .selectFrom('data_query')
          .selectAll()
          .where('query_id', '=', queryId)
          .forUpdate()
          .executeTakeFirst()
      : undefined;
    if (current === undefined) {
      throw new DbError('not-found', `data query ${queryId} does not exist`, { entity: 'data_query' });
    }
    if (current.version !== expectedVersion) {
      throw new DbError(
        'stale-version',
        `data query ${queryId} was changed meanwhile (now version ${current.version}, you saw version ${expectedVersion}); reload it`,
        { entity: 'data_query', field: 'version' },
      );
    }
    if (current.status === 'closed') {
      throw new DbError('rejected', `data query ${queryId} is closed and cannot change`, {
        entity: 'data_query',
        field: 'status',
      });
    }
    const now = new Date();
    const change =
      step.kind === 'answer'
        ? { status: 'answered' as const, answer: step.answer, answered_by: context.actor, answered_at: now }
        : { status: 'closed' as const, closed_by: context.actor, closed_at: now };
    const row = await trx
      .updateTable('data_query')
      .set({ ...change, version: expectedVersion + 1 })
      .where('query_id', '=', queryId)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toQuery(row);
  });
}
