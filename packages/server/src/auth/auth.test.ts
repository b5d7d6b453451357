import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../test-support.ts';
import { CSRF_HEADER, SESSION_COOKIE } from './tokens.ts';

describe('sign-in, sessions and CSRF', () => {
  let server: TestServer;
  let clock = new Date('2026-06-01T08:00:00Z');
  beforeAll(async () => {
    server = await startTestServer({
      now: () => clock,
      config: { maxFailedLogins: 3, lockoutMs: 10 * 60_000, loginRateLimit: { max: 8, windowMs: 60_000 } },
    });
  });
  afterAll(() => server.close());

  const login = (username: string, password: string, ip = '127.0.0.1') =>
    server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password },
      remoteAddress: ip,
    });

  it('sets an httpOnly, SameSite=Strict session cookie and returns the user and a CSRF token', async () => {
    const r = await login('coordinator-a', TEST_PASSWORD);
    expect(r.statusCode).toBe(200);
    const cookie = String(r.headers['set-cookie']);
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{43};`));
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(r.json().user).toMatchObject({ userId: 'coordinator-a', role: 'coordinator', siteIds: ['A'] });
    expect(r.json().csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('stores argon2id hashes, never the password, and keeps only a hash of the session token', async () => {
    const user = await server.db.kysely
      .selectFrom('app_user')
      .select('password_hash')
      .where('user_id', '=', 'monitor-a')
      .executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const r = await login('monitor-a', TEST_PASSWORD);
    const token = String(r.headers['set-cookie']).split(';')[0]?.split('=')[1] ?? '';
    const rows = await server.db.kysely
      .selectFrom('app_session')
      .select('token_hash')
      .where('user_id', '=', 'monitor-a')
      .execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((x) => x.token_hash)).not.toContain(token);
  });

  it('answers a wrong password and an unknown user with the same 401', async () => {
    const wrong = await login('reader-a', 'not the password');
    const unknown = await login('nobody', 'not the password');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json()).toEqual({ code: 'invalid-credentials', message: 'username or password is wrong' });
  });

  it('locks an account after 3 consecutive failures, refuses even the right password, and unlocks when the time is up', async () => {
    for (let i = 0; i < 2; i++)
      expect((await login('statistician-a', 'bad password', '10.0.0.2')).statusCode).toBe(401);
    const third = await login('statistician-a', 'bad password', '10.0.0.2');
    expect(third.statusCode).toBe(423);
    expect(third.json().code).toBe('account-locked');
    expect(third.json().message).toContain('2026-06-01T08:10:00.000Z');
    expect((await login('statistician-a', TEST_PASSWORD, '10.0.0.2')).statusCode).toBe(423);
    clock = new Date('2026-06-01T08:10:01Z');
    expect((await login('statistician-a', TEST_PASSWORD, '10.0.0.2')).statusCode).toBe(200);
  });

  it('a success resets the failure count', async () => {
    for (let i = 0; i < 2; i++)
      expect((await login('investigator-a', 'bad password', '10.0.0.3')).statusCode).toBe(401);
    expect((await login('investigator-a', TEST_PASSWORD, '10.0.0.3')).statusCode).toBe(200);
    expect((await login('investigator-a', 'bad password', '10.0.0.3')).statusCode).toBe(401);
  });

  it('rate-limits sign-in attempts per address (8 per minute here) with a JSON 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) statuses.push((await login(`ghost${i}`, 'x', '10.9.9.9')).statusCode);
    expect(statuses.slice(0, 8).every((s) => s === 401)).toBe(true);
    const limited = await login('ghost', 'x', '10.9.9.9');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('rate-limited');
    expect((await login('ghost', 'x', '10.9.9.10')).statusCode).toBe(401);
  });

  it('refuses a request without a session (401) and a state change without the CSRF token (403)', async () => {
    const anonymous = await server.app.inject({ method: 'GET', url: '/api/participants' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().code).toBe('unauthenticated');
    const client = await server.signIn('coordinator-a');
    const r = await login('coordinator-a', TEST_PASSWORD);
    const cookie = String(r.headers['set-cookie']).split(';')[0] ?? '';
    const payload = { participantId: 'CSRF-1', siteId: 'A', sex: 'female' };
    const without = await server.app.inject({
      method: 'POST',
      url: '/api/participants',
      headers: { cookie },
      payload,
    });
    expect(without.statusCode).toBe(403);
    expect(without.json()).toMatchObject({ code: 'csrf', field: CSRF_HEADER });
    const otherToken = await server.app.inject({
      method: 'POST',
      url: '/api/participants',
      headers: { cookie, [CSRF_HEADER]: client.csrfToken },
      payload,
    });
    expect(otherToken.statusCode).toBe(403);
    const right = await server.app.inject({
      method: 'POST',
      url: '/api/participants',
      headers: { cookie, [CSRF_HEADER]: r.json().csrfToken },
      payload,
    });
    expect(right.statusCode).toBe(201);
  });

  it('ends a session at logout and after the idle time', async () => {
    const client = await server.signIn('reader-a');
    expect((await client.call('GET', '/api/auth/me')).status).toBe(200);
    expect((await client.call('POST', '/api/auth/logout')).status).toBe(200);
    expect((await client.call('GET', '/api/auth/me')).status).toBe(401);
    const idle = await server.signIn('reader-a');
    clock = new Date(clock.getTime() + 31 * 60_000);
    expect((await idle.call('GET', '/api/auth/me')).status).toBe(401);
  });

  it('ends the sessions of a user an admin deactivates', async () => {
    const victim = await server.signIn('monitor-a');
    const admin = await server.signIn('admin-a');
    const users = (await admin.call('GET', '/api/users')).body.users as { userId: string; version: number }[];
    const version = users.find((u) => u.userId === 'monitor-a')?.version;
    const r = await admin.call('PATCH', '/api/users/monitor-a', {
      version,
      reason: 'left the study',
      active: false,
    });
    expect(r.status).toBe(200);
    expect(r.body.active).toBe(false);
    expect((await victim.call('GET', '/api/auth/me')).status).toBe(401);
    expect((await login('monitor-a', TEST_PASSWORD)).statusCode).toBe(401);
  });
});
