import { openStudyDb, type StudyDb, startTestPostgres } from '@cxcr4pet/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../app.ts';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../test-support.ts';
import { CSRF_HEADER } from './tokens.ts';

/**
 * Two server processes on one PostgreSQL database (here two apps, each with its own connection pool
 * and listener): the second caches sessions, and still refuses a session at once when the first logs
 * it out, deactivates its user or changes their sites — it hears of each through the database's
 * notifications (migration 0011). When it stops hearing them, it stops caching.
 */
describe('sessions cached by one server process, ended by another (PostgreSQL)', () => {
  let pg: Awaited<ReturnType<typeof startTestPostgres>>;
  let first: TestServer;
  let secondDb: StudyDb;
  let second: App;

  beforeAll(async () => {
    pg = await startTestPostgres();
    first = await startTestServer({ location: { kind: 'postgres', connectionString: pg.connectionString } });
    secondDb = await openStudyDb({ kind: 'postgres', connectionString: pg.connectionString });
    second = await buildApp({ db: secondDb });
    await listening(2);
  }, 120_000);
  afterAll(async () => {
    await second?.close();
    await secondDb?.close();
    await first?.close();
    await pg?.stop();
  }, 30_000);

  /** Waits until `count` connections listen for the notifications (each app has one). */
  async function listening(count: number): Promise<void> {
    for (let i = 0; i < 200; i++) {
      const { rows } = await sql<{ n: string | number }>`select count(*) as n from pg_stat_activity
        where query = 'listen cxcr4pet_auth'`.execute(first.db.kysely);
      if (Number(rows[0]?.n) >= count) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`fewer than ${count} listeners after 5 s`);
  }

  async function login(app: App, userId: string): Promise<{ cookie: string; csrf: string }> {
    const r = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: userId, password: TEST_PASSWORD },
      remoteAddress: `127.9.0.${Math.floor(Math.random() * 250)}`,
    });
    expect(r.statusCode).toBe(200);
    return { cookie: String(r.headers['set-cookie']).split(';')[0] ?? '', csrf: r.json().csrfToken };
  }
  const me = async (app: App, session: { cookie: string }) =>
    (await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: session.cookie } }))
      .statusCode;

  /** Status of `/auth/me` on the second app, polled until 401 for at most `ms` (the notification's trip). */
  async function refusedWithin(session: { cookie: string }, ms: number): Promise<number> {
    const start = performance.now();
    while (performance.now() - start < ms) {
      if ((await me(second, session)) === 401) return 401;
      await new Promise((r) => setTimeout(r, 5));
    }
    return me(second, session);
  }

  /** Deletes a session row without its trigger: only a cache that is on could still accept it. */
  async function deleteSilently(userId: string): Promise<void> {
    await sql`alter table app_session disable trigger auth_changed`.execute(first.db.kysely);
    await sql`delete from app_session where user_id = ${userId}`.execute(first.db.kysely);
    await sql`alter table app_session enable trigger auth_changed`.execute(first.db.kysely);
  }

  it('serves a session from memory while it listens (the row is gone, the cache still has it)', async () => {
    const session = await login(first.app, 'reader-a');
    expect(await me(second, session)).toBe(200);
    await deleteSilently('reader-a');
    expect(await me(second, session)).toBe(200);
    expect(await me(first.app, session)).toBe(401);
  });

  it('refuses a session logged out through the other process', async () => {
    const session = await login(first.app, 'monitor-a');
    expect(await me(second, session)).toBe(200);
    const out = await first.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: session.cookie, [CSRF_HEADER]: session.csrf },
    });
    expect(out.statusCode).toBe(200);
    expect(await refusedWithin(session, 1000)).toBe(401);
  });

  it('refuses the session of a user deactivated, and sees new sites, through the other process', async () => {
    const victim = await login(first.app, 'coordinator-a');
    expect(await me(second, victim)).toBe(200);
    const admin = await login(first.app, 'admin-a');
    const call = (method: 'GET' | 'PATCH', url: string, payload?: object) =>
      first.app.inject({
        method,
        url,
        headers: { cookie: admin.cookie, [CSRF_HEADER]: admin.csrf },
        ...(payload === undefined ? {} : { payload }),
      });
    const users = (await call('GET', '/api/users')).json().users as { userId: string; version: number }[];
    const version = users.find((u) => u.userId === 'coordinator-a')?.version;
    const r = await call('PATCH', '/api/users/coordinator-a', { version, reason: 'left', active: false });
    expect(r.statusCode).toBe(200);
    expect(await refusedWithin(victim, 1000)).toBe(401);
  });

  it('stops caching when it stops listening, and caches again once it listens again', async () => {
    const session = await login(first.app, 'investigator-a');
    expect(await me(second, session)).toBe(200);
    // End both apps' listening connections: each empties its cache and reconnects after 1 s.
    await sql`select pg_terminate_backend(pid) from pg_stat_activity
      where query = 'listen cxcr4pet_auth'`.execute(first.db.kysely);
    await new Promise((r) => setTimeout(r, 200));
    await deleteSilently('investigator-a');
    expect(await me(second, session)).toBe(401);
    await listening(2);
    const again = await login(first.app, 'investigator-a');
    expect(await me(second, again)).toBe(200);
    await deleteSilently('investigator-a');
    expect(await me(second, again)).toBe(200);
  }, 20_000);
});
