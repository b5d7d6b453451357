import {
  createSite,
  createUser,
  type DbLocation,
  openStudyDb,
  ROLES,
  type Role,
  type StudyDb,
} from '@cxcr4pet/db';
import { type App, type AppOptions, buildApp } from './app.ts';
import { hashPassword } from './auth/passwords.ts';
import { CSRF_HEADER } from './auth/tokens.ts';

/** The password of every test user (one argon2id hash, made once). */
export const TEST_PASSWORD = 'correct horse battery';

/** A signed-in client of an in-process app: `call` sends its cookie and CSRF token. */
export interface Client {
  readonly userId: string;
  readonly csrfToken: string;
  call(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
    // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies field by field
  ): Promise<{ status: number; body: any }>;
}

/** Sites `A` and `B`, and a user `<role>-a` of every role at site A (plus `admin`, an admin of both). */
export interface TestServer {
  readonly app: App;
  readonly db: StudyDb;
  signIn(userId: string, password?: string): Promise<Client>;
  close(): Promise<void>;
}

export async function startTestServer(
  options: { location?: DbLocation } & Omit<Partial<AppOptions>, 'db'> = {},
): Promise<TestServer> {
  const { location, ...appOptions } = options;
  const db = await openStudyDb(location ?? { kind: 'pglite' });
  const setup = { actor: 'test-setup' };
  await createSite(db.kysely, setup, { siteId: 'A', name: 'Site A' });
  await createSite(db.kysely, setup, { siteId: 'B', name: 'Site B' });
  const passwordHash = await hashPassword(TEST_PASSWORD);
  for (const role of ROLES) {
    await createUser(db.kysely, setup, {
      userId: `${role}-a`,
      displayName: `${role} at A`,
      role,
      siteIds: ['A'],
      passwordHash,
    });
  }
  const app = await buildApp({ db, ...appOptions });
  return {
    app,
    db,
    signIn: (userId, password = TEST_PASSWORD) => signIn(app, userId, password),
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}

let signIns = 0;

/** Signs in from a fresh loopback address each time, so that tests do not trip the per-address rate limit. */
export async function signIn(app: App, userId: string, password = TEST_PASSWORD): Promise<Client> {
  signIns += 1;
  const remoteAddress = `127.1.${(signIns >> 8) & 255}.${signIns & 255}`;
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress,
    payload: { username: userId, password },
  });
  if (response.statusCode !== 200)
    throw new Error(`sign-in of ${userId} failed: ${response.statusCode} ${response.body}`);
  const cookie = String(response.headers['set-cookie']).split(';')[0] ?? '';
  const csrfToken = (response.json() as { csrfToken: string }).csrfToken;
  return {
    userId,
    csrfToken,
    call: async (method, url, payload) => {
      const r = await app.inject({
        method,
        url,
        headers: { cookie, [CSRF_HEADER]: csrfToken },
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      return { status: r.statusCode, body: r.body === '' ? undefined : r.json() };
    },
  };
}

/** A user id per role at site A, as `startTestServer` makes them. */
export function userOf(role: Role): string {
  return `${role}-a`;
}
