import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStudyDb, type StudyDb } from '../open.ts';
import { MIGRATION_NAMES, migrateToLatest } from './index.ts';

// Migration numbers are handed to parallel branches: 0011 landed before 0010. A database migrated in
// between (0011 applied, 0010 not) must take 0010 late rather than refuse to open.
describe('a migration that lands after a higher-numbered one', () => {
  let db: StudyDb;
  beforeAll(async () => {
    db = await openStudyDb({ kind: 'pglite' });
  });
  afterAll(async () => db?.close());

  it('is applied to a database that already ran the later one', async () => {
    // The state of such a database: 0010's constraint as 0008 left it, 0010 not recorded.
    await sql`alter table job drop constraint job_kind_check`.execute(db.kysely);
    await sql`alter table job add constraint job_kind_check
      check (kind in ('import-folder', 'analyse-series', 'compare-series'))`.execute(db.kysely);
    await sql`delete from kysely_migration where name = '0010-pacs-jobs'`.execute(db.kysely);
    const insertPacsJob = () =>
      sql`insert into job (kind, payload, created_by) values ('import-pacs', '{}', 'test')`.execute(
        db.kysely,
      );
    await expect(insertPacsJob()).rejects.toThrow(/job_kind_check/);

    expect(await migrateToLatest(db.kysely as never)).toEqual(['0010-pacs-jobs']);
    await insertPacsJob();
    const recorded = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
      db.kysely,
    );
    expect(recorded.rows.map((r) => r.name)).toEqual(MIGRATION_NAMES);
  });
});
