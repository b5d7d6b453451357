import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit, verifyAuditChain } from './audit.ts';
import { withChange } from './change.ts';
import { DbError, translateDbError } from './errors.ts';
import { MIGRATION_NAMES } from './migrations/index.ts';
import { type DbLocation, openStudyDb, type StudyDb } from './open.ts';
import { createRecord, deleteRecord, getRecord, listRecords, updateRecord } from './repositories/records.ts';
import { createSite, createUser, getUser, updateUser } from './repositories/sites-users.ts';
import { TEST_BACKENDS } from './testing/backends.ts';

/**
 * The contract every backend must keep, run against embedded PGlite and a real PostgreSQL server
 * (a throwaway cluster started here with initdb + pg_ctl, or `DATABASE_URL` when given). Tests in a
 * backend share one database, so each uses its own site and participant ids.
 */
const BACKENDS = TEST_BACKENDS;

const ADMIN = { actor: 'admin' };

async function rejection(promise: Promise<unknown>): Promise<DbError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof DbError) return e;
    throw e;
  }
  throw new Error('expected a DbError, but the operation succeeded');
}

async function countRows(
  db: StudyDb,
  table: 'audit_log' | 'study_record' | 'participant' | 'app_user',
): Promise<number> {
  const row = await db.kysely
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe.each(BACKENDS)('the database contract on $name', (backend) => {
  let db: StudyDb;
  let location: DbLocation;
  let stop: () => Promise<void> = async () => {};

  beforeAll(async () => {
    const started = await backend.start();
    location = started.location;
    stop = started.stop;
    db = await openStudyDb(location);
  }, 60_000);

  afterAll(async () => {
    await db?.close();
    await stop();
  }, 30_000);

  async function site(siteId: string): Promise<void> {
    await createSite(db.kysely, ADMIN, { siteId, name: `Site ${siteId}` });
  }

  async function participant(participantId: string, siteId: string) {
    return createRecord(db.kysely, { actor: 'coord' }, 'participant', {
      participantId,
      siteId,
      sex: 'female',
    });
  }

  it('applies every migration once at first open and nothing when opened again', async () => {
    if (location.kind === 'postgres') {
      // The suite's own open applied the history (or it was already there, with DATABASE_URL).
      const again = await openStudyDb(location);
      expect(again.applied).toEqual([]);
      await again.close();
    } else {
      const dir = await mkdtemp(join(tmpdir(), 'cxcr4pet-pglite-'));
      try {
        const first = await openStudyDb({ kind: 'pglite', dataDir: dir });
        expect(first.applied).toEqual(MIGRATION_NAMES);
        await createSite(first.kysely, ADMIN, { siteId: 'KEEP', name: 'Kept across reopen' });
        await first.close();
        const second = await openStudyDb({ kind: 'pglite', dataDir: dir });
        expect(second.applied).toEqual([]);
        const kept = await second.kysely
          .selectFrom('site')
          .select('name')
          .where('site_id', '=', 'KEEP')
          .execute();
        expect(kept).toEqual([{ name: 'Kept across reopen' }]);
        await second.close();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
    const recorded = await db.kysely
      .selectFrom('kysely_migration' as 'site')
      .select(sql<string>`name`.as('name'))
      .execute();
    expect(recorded.map((r) => r.name)).toEqual(MIGRATION_NAMES);
  }, 60_000);

  it('stores a record validated by the study schema and reads it back at version 1', async () => {
    await site('S-STORE');
    const stored = await participant('P-STORE', 'S-STORE');
    expect(stored.version).toBe(1);
    expect(stored.createdBy).toBe('coord');
    const labs = await createRecord(db.kysely, { actor: 'coord' }, 'labs', {
      participantId: 'P-STORE',
      sampledDate: '2026-01-05',
      ldhUPerL: 312,
      ldhUpperLimitUPerL: 250,
    });
    expect(await getRecord(db.kysely, labs.recordId)).toEqual(labs);
    const all = await listRecords(db.kysely, { participantId: 'P-STORE' });
    expect(all.map((r) => r.type)).toEqual(['participant', 'labs']);
    expect(labs.data).toEqual({
      participantId: 'P-STORE',
      sampledDate: '2026-01-05',
      ldhUPerL: 312,
      ldhUpperLimitUPerL: 250,
    });
  });

  it('refuses an invalid record naming the field, and writes nothing', async () => {
    await site('S-BAD');
    await participant('P-BAD', 'S-BAD');
    const before = await countRows(db, 'audit_log');
    const error = await rejection(
      createRecord(db.kysely, { actor: 'coord' }, 'labs', {
        participantId: 'P-BAD',
        sampledDate: '5 Jan 2026',
      }),
    );
    expect(error.code).toBe('invalid-record');
    expect(error.message).toContain("field 'sampledDate'");
    expect(await countRows(db, 'audit_log')).toBe(before);
  });

  it('refuses a record of an unregistered participant and a participant of an unknown site', async () => {
    const orphan = await rejection(
      createRecord(db.kysely, { actor: 'coord' }, 'labs', {
        participantId: 'NOBODY',
        sampledDate: '2026-01-05',
      }),
    );
    expect(orphan.code).toBe('missing-reference');
    expect(orphan.message).toContain("participant 'NOBODY' is not registered");
    const noSite = await rejection(participant('P-NOSITE', 'NO-SUCH-SITE'));
    expect(noSite.code).toBe('missing-reference');
  });

  it('leaves the database unchanged when the second statement of a change fails', async () => {
    await site('S-ATOMIC');
    const tables = ['audit_log', 'study_record', 'participant', 'app_user'] as const;
    const before = await Promise.all(tables.map((t) => countRows(db, t)));

    // 1. A user whose second site does not exist: the user row was inserted, the membership fails (FK).
    const user = await rejection(
      createUser(db.kysely, ADMIN, {
        userId: 'half',
        displayName: 'Half',
        role: 'reader',
        siteIds: ['S-ATOMIC', 'NOPE'],
      }),
    );
    expect(user.code).toBe('missing-reference');
    expect(await getUser(db.kysely, 'half')).toBeUndefined();

    // 2. A participant is registered and its record stored, then a duplicate registration fails (unique).
    const duplicate = await rejection(
      withChange(db.kysely, { actor: 'coord' }, async (trx) => {
        await trx
          .insertInto('participant')
          .values({ participant_id: 'P-ATOMIC', site_id: 'S-ATOMIC' })
          .execute();
        await trx
          .insertInto('study_record')
          .values({
            record_type: 'participant',
            participant_id: 'P-ATOMIC',
            version: 1,
            data: JSON.stringify({ participantId: 'P-ATOMIC', siteId: 'S-ATOMIC', sex: 'male' }),
            created_by: 'coord',
            updated_by: 'coord',
          })
          .execute();
        await trx
          .insertInto('participant')
          .values({ participant_id: 'P-ATOMIC', site_id: 'S-ATOMIC' })
          .execute();
      }),
    );
    expect(duplicate.code).toBe('duplicate');

    // `before` was counted after the site was created: nothing at all may have changed since.
    expect(await Promise.all(tables.map((t) => countRows(db, t)))).toEqual(before);
    expect(await listAudit(db.kysely, { entityId: 'P-ATOMIC' })).toEqual([]);
    expect(await listAudit(db.kysely, { entityId: 'half' })).toEqual([]);
  });

  it('audits create, update and delete with actor, reason, and the values before and after', async () => {
    await site('S-AUDIT');
    const created = await participant('P-AUDIT', 'S-AUDIT');
    const updated = await updateRecord(
      db.kysely,
      { actor: 'inv', reason: 'enrolment date entered from the CRF' },
      'participant',
      created.recordId,
      1,
      { ...created.data, enrolledDate: '2026-02-01' },
    );
    expect(updated.version).toBe(2);
    const deleted = await deleteRecord(
      db.kysely,
      { actor: 'inv', reason: 'entered for the wrong patient' },
      'participant',
      created.recordId,
      2,
    );
    expect(deleted).toMatchObject({ deleted: true, version: 3 });

    const trail = await listAudit(db.kysely, { entity: 'study_record', entityId: created.recordId });
    expect(trail.map((e) => [e.action, e.actor, e.version, e.reason])).toEqual([
      ['create', 'coord', 1, undefined],
      ['update', 'inv', 2, 'enrolment date entered from the CRF'],
      ['delete', 'inv', 3, 'entered for the wrong patient'],
    ]);
    const change = trail[1];
    expect(change?.before).toMatchObject({ version: 1, data: { participantId: 'P-AUDIT', sex: 'female' } });
    expect(change?.after).toMatchObject({ version: 2, data: { enrolledDate: '2026-02-01' } });
    // Deleted records stay readable (never erased), hidden from lists unless asked.
    expect(await listRecords(db.kysely, { participantId: 'P-AUDIT' })).toEqual([]);
    expect(await listRecords(db.kysely, { participantId: 'P-AUDIT', includeDeleted: true })).toHaveLength(1);
  });

  it('keeps password hashes out of the audit trail, marking only that one was set or changed', async () => {
    await site('S-SECRET');
    const firstHash = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$first-secret-hash';
    const secondHash = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$second-secret-hash';
    await createUser(db.kysely, ADMIN, {
      userId: 'u-secret',
      displayName: 'Reader With Password',
      role: 'reader',
      siteIds: ['S-SECRET'],
      passwordHash: firstHash,
    });
    await updateUser(
      db.kysely,
      { actor: 'admin', reason: "password reset at the user's request" },
      'u-secret',
      1,
      {
        passwordHash: secondHash,
      },
    );
    await updateUser(db.kysely, { actor: 'admin', reason: 'name corrected' }, 'u-secret', 2, {
      displayName: 'Reader W. Password',
    });
    const trail = await listAudit(db.kysely, { entity: 'app_user', entityId: 'u-secret' });
    expect(JSON.stringify(trail)).not.toContain('secret-hash');
    const hashOf = (row: unknown): unknown => (row as { password_hash?: unknown } | undefined)?.password_hash;
    expect(trail.map((e) => [e.action, hashOf(e.before), hashOf(e.after)])).toEqual([
      ['create', undefined, '[redacted]'],
      ['update', '[redacted]', '[redacted: changed]'],
      ['update', '[redacted]', '[redacted]'],
    ]);
    // The stored hash itself is untouched (login still works) and the chain still verifies.
    const stored = await db.kysely
      .selectFrom('app_user')
      .select('password_hash')
      .where('user_id', '=', 'u-secret')
      .executeTakeFirstOrThrow();
    expect(stored.password_hash).toBe(secondHash);
    expect(await verifyAuditChain(db.kysely)).toMatchObject({ kind: 'intact' });
  });

  it('requires a reason for any change after first entry, in the repository and in the database', async () => {
    await site('S-REASON');
    const created = await participant('P-REASON', 'S-REASON');
    const noReason = await rejection(
      updateRecord(db.kysely, { actor: 'inv' }, 'participant', created.recordId, 1, {
        ...created.data,
        sex: 'male',
      }),
    );
    expect(noReason.code).toBe('reason-required');
    // Bypassing the repository with plain SQL: the audit trigger refuses it too.
    const raw = await rejection(
      withChange(db.kysely, { actor: 'inv' }, (trx) =>
        trx
          .updateTable('study_record')
          .set({ version: 2 })
          .where('record_id', '=', created.recordId)
          .execute(),
      ),
    );
    expect(raw.code).toBe('rejected');
    expect(raw.message).toContain('needs a reason');
    const noActor = await rejection(
      db.kysely
        .transaction()
        .execute((trx) =>
          trx.updateTable('site').set({ name: 'x' }).where('site_id', '=', 'S-REASON').execute(),
        )
        .catch((e: unknown) => {
          throw translateDbError(e);
        }),
    );
    expect(noActor.message).toContain('no actor');
    expect((await getRecord(db.kysely, created.recordId))?.version).toBe(1);
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the audit trail, and records are never erased', async () => {
    await site('S-APPEND');
    const created = await participant('P-APPEND', 'S-APPEND');
    const attempts = [
      sql`update audit_log set reason = 'rewritten' where entity_id = ${created.recordId}`,
      sql`delete from audit_log where entity_id = ${created.recordId}`,
      sql`truncate audit_log`,
      sql`delete from study_record where record_id = ${created.recordId}`,
    ];
    for (const attempt of attempts) {
      const error = await rejection(
        withChange(db.kysely, { actor: 'admin', reason: 'tampering' }, (trx) => attempt.execute(trx)),
      );
      expect(error.code).toBe('rejected');
    }
    expect(await listAudit(db.kysely, { entityId: created.recordId })).toHaveLength(1);
    expect(await getRecord(db.kysely, created.recordId)).toEqual(created);
  });

  it('keeps a record with its participant and moves a participant between sites with the move audited', async () => {
    await site('S-FROM');
    await site('S-TO');
    const created = await participant('P-MOVE', 'S-FROM');
    const other = await rejection(
      updateRecord(db.kysely, { actor: 'inv', reason: 'typo' }, 'participant', created.recordId, 1, {
        ...created.data,
        participantId: 'P-OTHER',
      }),
    );
    expect(other.code).toBe('immutable-field');
    await updateRecord(
      db.kysely,
      { actor: 'inv', reason: 'transferred to site S-TO' },
      'participant',
      created.recordId,
      1,
      {
        ...created.data,
        siteId: 'S-TO',
      },
    );
    const row = await db.kysely
      .selectFrom('participant')
      .select('site_id')
      .where('participant_id', '=', 'P-MOVE')
      .executeTakeFirst();
    expect(row).toEqual({ site_id: 'S-TO' });
    const moves = await listAudit(db.kysely, { entity: 'participant', entityId: 'P-MOVE' });
    expect(moves.map((e) => [e.action, e.reason])).toEqual([
      ['create', undefined],
      ['update', 'transferred to site S-TO'],
    ]);
  });

  it('refuses an edit made on a stale version, naming who changed the record', async () => {
    await site('S-RACE');
    const loaded = await participant('P-RACE', 'S-RACE');
    const first = await updateRecord(
      db.kysely,
      { actor: 'alice', reason: 'sex corrected' },
      'participant',
      loaded.recordId,
      1,
      {
        ...loaded.data,
        sex: 'male',
      },
    );
    const stale = await rejection(
      updateRecord(db.kysely, { actor: 'bob', reason: 'enrolment' }, 'participant', loaded.recordId, 1, {
        ...loaded.data,
        enrolledDate: '2026-03-01',
      }),
    );
    expect(stale.code).toBe('stale-version');
    expect(stale.message).toContain('was changed by alice');
    expect(stale.message).toContain('now version 2, you edited version 1');
    expect(await getRecord(db.kysely, loaded.recordId)).toEqual(first);

    // Two editors at the same instant on version 2: exactly one wins.
    const results = await Promise.allSettled(
      ['carol', 'dave'].map((actor) =>
        updateRecord(db.kysely, { actor, reason: `edit by ${actor}` }, 'participant', loaded.recordId, 2, {
          ...first.data,
          enrolledDate: actor === 'carol' ? '2026-03-02' : '2026-03-03',
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const loser = results.find((r) => r.status === 'rejected');
    expect(
      loser?.status === 'rejected' && loser.reason instanceof DbError ? loser.reason.code : undefined,
    ).toBe('stale-version');
    expect((await getRecord(db.kysely, loaded.recordId))?.version).toBe(3);
  });

  it('chains every audit entry to the previous by hash and finds the first tampered entry', async () => {
    expect(await verifyAuditChain(db.kysely)).toMatchObject({ kind: 'intact' });
    await site('S-CHAIN');
    const entries = await listAudit(db.kysely);
    const target = entries.find((e) => e.entityId === 'S-CHAIN');
    if (target === undefined) throw new Error('the site creation was not audited');
    expect(target.prevHash).toBe(entries.find((e) => e.seq === target.seq - 1)?.hash);

    // A superuser can switch triggers off (session_replication_role); the chain still shows it.
    const tamper = (actor: string) =>
      db.kysely.transaction().execute(async (trx) => {
        await sql`set local session_replication_role = replica`.execute(trx);
        await sql`update audit_log set actor = ${actor} where seq = ${target.seq}`.execute(trx);
      });
    await tamper('mallory');
    expect(await verifyAuditChain(db.kysely)).toEqual({
      kind: 'broken',
      seq: target.seq,
      reason: 'its content does not match its hash',
    });
    await tamper(target.actor);
    expect(await verifyAuditChain(db.kysely)).toEqual({
      kind: 'intact',
      entries: (await listAudit(db.kysely)).length,
    });
  });
});
