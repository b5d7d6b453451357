import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSite, createUser, openStudyDb, type Role, type StudyDb } from '@cxcr4pet/db';
import { buildApp, hashPassword, WEB_APP_EXTENSIONS } from '@cxcr4pet/server';

/** A user of the study server that the browser tests sign in as. */
export interface StudyUser {
  readonly userId: string;
  readonly role: Role;
  readonly password: string;
}

export interface StudyServer {
  /** e.g. `http://127.0.0.1:41234` (no trailing slash); the app at `/`, the API at `/api`. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * What `cxcr4pet serve` runs — `buildApp` with a PGlite database in a fresh temporary data folder and
 * the built web app as `webRoot`, listening on a free loopback port — with one site `S1` and the
 * given users there; `seed` fills the database before the server starts.
 */
export async function startStudyServer(
  webRoot: string,
  users: readonly StudyUser[],
  options: { readonly seed?: (db: StudyDb) => Promise<void> } = {},
): Promise<StudyServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'cxcr4pet-web-data-'));
  const db = await openStudyDb({ kind: 'pglite', dataDir: join(dataDir, 'db') });
  const setup = { actor: 'test-setup' };
  await createSite(db.kysely, setup, { siteId: 'S1', name: 'Site one' });
  for (const user of users) {
    await createUser(db.kysely, setup, {
      userId: user.userId,
      displayName: `${user.role} ${user.userId}`,
      role: user.role,
      siteIds: ['S1'],
      passwordHash: await hashPassword(user.password),
    });
  }
  await options.seed?.(db);
  const app = await buildApp({ db, webRoot, extensions: WEB_APP_EXTENSIONS });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
