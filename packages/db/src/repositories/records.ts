import { parseRecord, RECORD_SCHEMAS, type RecordType, StudyError } from '@cxcr4pet/study';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { z } from 'zod';
import { type ChangeContext, requireReason, withChange } from '../change.ts';
import { DbError } from '../errors.ts';
import type { DbSchema, StudyRecordTable } from '../schema.ts';

/** The typed content of one record type, as `@cxcr4pet/study` defines it. */
export type RecordOf<T extends RecordType> = z.infer<(typeof RECORD_SCHEMAS)[T]>;

/** One stored study record: its content plus identity, version and who created/last changed it. */
export interface StoredRecord<T extends RecordType = RecordType> {
  readonly recordId: string;
  readonly type: T;
  readonly participantId: string;
  /** Starts at 1, +1 on every update or deletion; pass it back as `expectedVersion` to change the record. */
  readonly version: number;
  readonly data: RecordOf<T>;
  readonly deleted: boolean;
  /** ISO 8601 instants (UTC). */
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

function isRecordType(type: string): type is RecordType {
  return Object.hasOwn(RECORD_SCHEMAS, type);
}

/** Validates `input` with the study room's schema of `type`; a bad record becomes `invalid-record`. */
function validate<T extends RecordType>(type: T, input: unknown): RecordOf<T> {
  if (!isRecordType(type)) {
    throw new DbError('invalid-record', `unknown record type '${String(type)}'`, { field: 'type' });
  }
  try {
    return parseRecord(RECORD_SCHEMAS[type], input, `${type} record`) as RecordOf<T>;
  } catch (e) {
    if (e instanceof StudyError) {
      throw new DbError('invalid-record', e.message, {
        entity: type,
        ...(e.field === undefined ? {} : { field: e.field }),
      });
    }
    throw e;
  }
}

function toStored<T extends RecordType>(type: T, row: Selectable<StudyRecordTable>): StoredRecord<T> {
  return {
    recordId: row.record_id,
    type,
    participantId: row.participant_id,
    version: row.version,
    data: validate(type, row.data),
    deleted: row.deleted,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by,
  };
}

function rowType(row: Selectable<StudyRecordTable>): RecordType {
  if (!isRecordType(row.record_type)) {
    throw new DbError('invalid-record', `record ${row.record_id} has unknown type '${row.record_type}'`);
  }
  return row.record_type;
}

/**
 * Stores a new record (version 1) after validating it with `RECORD_SCHEMAS[type]`. A `participant`
 * record also registers the participant and its site (which must exist); any other record needs its
 * participant registered first. Audited as `create`, in the same transaction.
 */
export async function createRecord<T extends RecordType>(
  db: Kysely<DbSchema>,
  context: ChangeContext,
  type: T,
  input: unknown,
): Promise<StoredRecord<T>> {
  const data = validate(type, input);
  const participantId = (data as { participantId: string }).participantId;
  return withChange(db, context, async (trx) => {
    if (type === 'participant') {
      const siteId = (data as RecordOf<'participant'>).siteId;
      await trx
        .insertInto('participant')
        .values({ participant_id: participantId, site_id: siteId })
        .execute();
    } else {
      await requireParticipant(trx, participantId, type);
    }
    const row = await trx
      .insertInto('study_record')
      .values({
        record_type: type,
        participant_id: participantId,
        version: 1,
        data: JSON.stringify(data),
        created_by: context.actor,
        updated_by: context.actor,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toStored(type, row);
  });
}

async function requireParticipant(
  trx: Transaction<DbSchema>,
  participantId: string,
  type: string,
): Promise<void> {
  const found = await trx
    .selectFrom('participant')
    .select('participant_id')
    .where('participant_id', '=', participantId)
    .executeTakeFirst();
  if (found === undefined) {
    throw new DbError(
      'missing-reference',
      `${type} record: field 'participantId': participant '${participantId}' is not registered`,
      { entity: type, field: 'participantId' },
    );
  }
}

/**
 * Replaces a record's content, if and only if it is still at `expectedVersion` (optimistic
 * concurrency): an editor who loaded an older version gets `stale-version` naming who changed it
 * and when, and nothing is written. A reason is required. The participant of a record cannot change.
 */
export async function updateRecord<T extends RecordType>(
  db: Kysely<DbSchema>,
  context: ChangeContext,
  type: T,
  recordId: string,
  expectedVersion: number,
  input: unknown,
): Promise<StoredRecord<T>> {
  requireReason(context, `${type} record ${recordId}`);
  const data = validate(type, input);
  return withChange(db, context, async (trx) => {
    const current = await lockCurrent(trx, type, recordId, expectedVersion);
    const participantId = (data as { participantId: string }).participantId;
    if (participantId !== current.participant_id) {
      throw new DbError(
        'immutable-field',
        `${type} record ${recordId}: field 'participantId' cannot change (${current.participant_id} → ${participantId})`,
        { entity: type, field: 'participantId' },
      );
    }
    if (type === 'participant') {
      const siteId = (data as RecordOf<'participant'>).siteId;
      await trx
        .updateTable('participant')
        .set({ site_id: siteId })
        .where('participant_id', '=', participantId)
        .where('site_id', '<>', siteId)
        .execute();
    }
    const row = await trx
      .updateTable('study_record')
      .set({
        data: JSON.stringify(data),
        version: expectedVersion + 1,
        updated_at: new Date(),
        updated_by: context.actor,
      })
      .where('record_id', '=', recordId)
      .where('version', '=', expectedVersion)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toStored(type, row);
  });
}

/**
 * Marks a record deleted (a new version; the content stays, audited as `delete` with its reason).
 * Records are never erased. Same version check as `updateRecord`.
 */
export async function deleteRecord<T extends RecordType>(
  db: Kysely<DbSchema>,
  context: ChangeContext,
  type: T,
  recordId: string,
  expectedVersion: number,
): Promise<StoredRecord<T>> {
  requireReason(context, `${type} record ${recordId}`);
  return withChange(db, context, async (trx) => {
    await lockCurrent(trx, type, recordId, expectedVersion);
    const row = await trx
      .updateTable('study_record')
      .set({ deleted: true, version: expectedVersion + 1, updated_at: new Date(), updated_by: context.actor })
      .where('record_id', '=', recordId)
      .where('version', '=', expectedVersion)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toStored(type, row);
  });
}

/** Reads the record `for update` (row lock until commit) and checks type, deletion and version. */
async function lockCurrent(
  trx: Transaction<DbSchema>,
  type: RecordType,
  recordId: string,
  expectedVersion: number,
): Promise<Selectable<StudyRecordTable>> {
  const current = await trx
    .selectFrom('study_record')
    .selectAll()
    .where('record_id', '=', recordId)
    .where('record_type', '=', type)
    .forUpdate()
    .executeTakeFirst();
  if (current === undefined) {
    throw new DbError('not-found', `${type} record ${recordId} does not exist`, { entity: type });
  }
  if (current.deleted) {
    throw new DbError('deleted', `${type} record ${recordId} was deleted by ${current.updated_by}`, {
      entity: type,
    });
  }
  if (current.version !== expectedVersion) {
    throw new DbError(
      'stale-version',
      `${type} record ${recordId} was changed by ${current.updated_by} at ${current.updated_at.toISOString()} ` +
        `(now version ${current.version}, you edited version ${expectedVersion}); reload it and apply your change again`,
      { entity: type, field: 'version' },
    );
  }
  return current;
}

/** One record by id, or `undefined`. Deleted records are returned (with `deleted: true`). */
export async function getRecord(db: Kysely<DbSchema>, recordId: string): Promise<StoredRecord | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(recordId)) return undefined;
  const row = await db
    .selectFrom('study_record')
    .selectAll()
    .where('record_id', '=', recordId)
    .executeTakeFirst();
  return row === undefined ? undefined : toStored(rowType(row), row);
}

/**
 * Records of one participant — or of several, in one query (a worklist page) — optionally of one type,
 * oldest first; deleted ones only when asked.
 */
export async function listRecords(
  db: Kysely<DbSchema>,
  filter: {
    readonly participantId: string | readonly string[];
    readonly type?: RecordType;
    readonly includeDeleted?: boolean;
  },
): Promise<readonly StoredRecord[]> {
  const ids = filter.participantId;
  if (typeof ids !== 'string' && ids.length === 0) return [];
  let query = db
    .selectFrom('study_record')
    .selectAll()
    .where('participant_id', typeof ids === 'string' ? '=' : 'in', ids);
  if (filter.type !== undefined) query = query.where('record_type', '=', filter.type);
  if (filter.includeDeleted !== true) query = query.where('deleted', '=', false);
  const rows = await query.orderBy('created_at').orderBy('record_id').execute();
  return rows.map((row) => toStored(rowType(row), row));
}
