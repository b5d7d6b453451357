import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withChange } from './change.ts';
import { DbError } from './errors.ts';
import { openStudyDb, type StudyDb } from './open.ts';
import { createSite } from './repositories/sites-users.ts';

/**
 * The PGlite dialect runs data queries as named prepared statements (one per SQL text, the least
 * recently used closed past 200). Same answers as unprepared queries, for every kind of parameter, and
 * a failed statement leaves the connection usable and its transaction rolled back.
 */
describe('prepared statements on PGlite', () => {
  let db: StudyDb;
  beforeAll(async () => {
    db = await openStudyDb({ kind: 'pglite' });
  });
  afterAll(async () => {
    await db?.close();
  });

  const prepared = async (): Promise<number> =>
    Number(
      (await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements`.execute(db.kysely))
        .rows[0]?.n,
    );

  it('answers a repeated query with each run’s own parameters, of every type', async () => {
    const when = new Date('2026-03-04T05:06:07.089Z');
    for (const [i, flag] of [
      [1, true],
      [2, false],
      [3, null],
    ] as const) {
      const row = (
        await sql<{
          n: number;
          at: Date;
          flag: boolean | null;
          doc: { k: number };
          text: string | null;
        }>`select ${i}::int * 10 as n, ${when}::timestamptz + make_interval(days => ${i}) as at,
             ${flag}::boolean as flag, ${JSON.stringify({ k: i })}::jsonb as doc, ${i === 3 ? null : `t${i}`}::text as text`.execute(
          db.kysely,
        )
      ).rows[0];
      expect(row).toEqual({
        n: i * 10,
        at: new Date(when.getTime() + i * 86_400_000),
        flag,
        doc: { k: i },
        text: i === 3 ? null : `t${i}`,
      });
    }
  });

  it('keeps at most 200 statements, closing the least recently used, and still answers each', async () => {
    for (let i = 0; i < 230; i++) {
      const row = (await sql<{ v: number }>`select ${i}::int + ${sql.raw(String(i))} as v`.execute(db.kysely))
        .rows[0];
      expect(row?.v).toBe(2 * i);
    }
    expect(await prepared()).toBeLessThanOrEqual(200);
    expect(await prepared()).toBeGreaterThan(150);
  });

  it('plans pattern searches on every run (not prepared)', async () => {
    const before = await prepared();
    const like = "select count(*)::int as n from site where name like '%none%'";
    await sql.raw(like).execute(db.kysely);
    await sql`select count(*)::int as n from site where name ilike ${'%x%'}`.execute(db.kysely);
    expect(await prepared()).toBe(before);
  });

  it('recovers from a failed statement: the error is translated and its transaction rolled back', async () => {
    await createSite(db.kysely, { actor: 'admin' }, { siteId: 'PREP', name: 'Prepared' });
    const failed = withChange(db.kysely, { actor: 'admin' }, async (trx) => {
      await trx.insertInto('site').values({ site_id: 'PREP-2', name: 'Second' }).execute();
      await trx.insertInto('site').values({ site_id: 'PREP', name: 'Duplicate' }).execute();
    });
    await expect(failed).rejects.toBeInstanceOf(DbError);
    await expect(failed).rejects.toMatchObject({ code: 'duplicate' });
    const sites = await db.kysely
      .selectFrom('site')
      .select('site_id')
      .where('site_id', 'like', 'PREP%')
      .execute();
    expect(sites.map((s) => s.site_id)).toEqual(['PREP']);
    // The same statement texts work again afterwards.
    await createSite(db.kysely, { actor: 'admin' }, { siteId: 'PREP-3', name: 'Third' });
    expect(
      (await db.kysely.selectFrom('site').select('name').where('site_id', '=', 'PREP-3').executeTakeFirst())
        ?.name,
    ).toBe('Third');
  });
});
