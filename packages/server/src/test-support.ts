import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSite, createUser, type DbLocation, ROLES, type Role, type StudyDb } from '@cxcr4pet/db';
import { openStore, type Store } from '@cxcr4pet/store';
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
  /** A request with its own headers and a raw body (uploads), plus the cookie and CSRF token. */
  send(request: {
    method: 'GET' | 'POST';
    url: string;
    headers?: Record<string, string>;
    payload?: string | Buffer;
  }): Promise<{
    status: number;
    // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies field by field
    body: any;
    text: string;
    bytes: Buffer;
    headers: Record<string, unknown>;
  }>;
}

/** Sites `A` and `B`, and a user `<role>-a` of every role at site A (plus `admin`, an admin of both). */
export interface TestServer {
  readonly app: App;
  readonly db: StudyDb;
  /** The store the app serves (a temporary data folder, removed by `close`). */
  readonly store: Store;
  signIn(userId: string, password?: string): Promise<Client>;
  close(): Promise<void>;
}

export async function startTestServer(
  options: { location?: DbLocation } & Omit<Partial<AppOptions>, 'db'> = {},
): Promise<TestServer> {
  const { location, ...appOptions } = options;
  const dataDir = await mkdtemp(join(tmpdir(), 'cxcr4pet-server-test-'));
  const env: Record<string, string> =
    location?.kind === 'postgres' ? { DATABASE_URL: location.connectionString } : {};
  // A failure while setting up (database, seeding, building the app) leaves no temporary folder behind.
  let store: Store | undefined;
  try {
    store = await openStore(dataDir, env, { memoryDb: true });
    return await seededServer(store, dataDir, appOptions);
  } catch (error) {
    await store?.close().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** Sites A and B and a user of every role at A in `store`'s database, and the app serving it. */
async function seededServer(
  store: Store,
  dataDir: string,
  appOptions: Omit<Partial<AppOptions>, 'db'>,
): Promise<TestServer> {
  const db = store.db;
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
  const app = await buildApp({ db, store, ...appOptions });
  return {
    app,
    db,
    store,
    signIn: (userId, password = TEST_PASSWORD) => signIn(app, userId, password),
    close: async () => {
      await app.close();
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
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
    send: async (request) => {
      const r = await app.inject({
        method: request.method,
        url: request.url,
        headers: { cookie, [CSRF_HEADER]: csrfToken, ...request.headers },
        ...(request.payload === undefined ? {} : { payload: request.payload }),
      });
      const json = (r.headers['content-type'] ?? '').toString().startsWith('application/json');
      return {
        status: r.statusCode,
        body: json ? r.json() : undefined,
        text: r.body,
        bytes: r.rawPayload,
        headers: r.headers,
      };
    },
  };
}

/** A user id per role at site A, as `startTestServer` makes them. */
export function userOf(role: Role): string {
  return `${role}-a`;
}
