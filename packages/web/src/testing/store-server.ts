import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { WORKER_HANDLERS } from '@cxcr4pet/cli';
import { createRecord, createSite, createUser } from '@cxcr4pet/db';
import { buildApp, hashPassword, WEB_APP_EXTENSIONS } from '@cxcr4pet/server';
import { enqueueJob, importFolder, type Job, openStore, runWorker, type Store } from '@cxcr4pet/store';
import type { StudyServer, StudyUser } from './study-server.ts';

/** The study server with a DICOM store, and what the browser tests put in it before they sign in. */
export interface StoreServer extends StudyServer {
  readonly store: Store;
  /** Writes a study's files to a folder and imports them into the store for the participant. */
  importFiles(
    participantId: string,
    files: readonly { readonly path: string; readonly bytes: Uint8Array }[],
  ): Promise<void>;
  /** Queues jobs as the server's routes queue them and runs them with the CLI worker's handlers. */
  runJobs(
    jobs: readonly { readonly kind: 'analyse-series' | 'compare-series'; readonly payload: object }[],
    participantId: string,
  ): Promise<readonly Job[]>;
}

/**
 * What `cxcr4pet serve` runs, with the store: `openStore` on a fresh temporary data folder (embedded
 * PGlite whatever DATABASE_URL says), `buildApp` with the store and the built web app, on a free loopback
 * port; one site `S1`, the given users there and the given participants (a bare participant record).
 */
export async function startStoreServer(
  webRoot: string,
  users: readonly StudyUser[],
  participantIds: readonly string[],
): Promise<StoreServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'cxcr4pet-web-store-'));
  const store = await openStore(join(dataDir, 'data'), {});
  const setup = { actor: 'test-setup' };
  const db = store.db.kysely;
  await createSite(db, setup, { siteId: 'S1', name: 'Site one' });
  for (const user of users)
    await createUser(db, setup, {
      userId: user.userId,
      displayName: `${user.role} ${user.userId}`,
      role: user.role,
      siteIds: ['S1'],
      passwordHash: await hashPassword(user.password),
    });
  for (const participantId of participantIds)
    await createRecord(db, setup, 'participant', { participantId, siteId: 'S1', sex: 'male' });
  const app = await buildApp({ db: store.db, store, webRoot, extensions: WEB_APP_EXTENSIONS });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  let folders = 0;
  return {
    url: `http://127.0.0.1:${port}`,
    store,
    async importFiles(participantId, files) {
      const folder = join(dataDir, 'incoming', String(++folders));
      for (const file of files) {
        await mkdir(dirname(join(folder, file.path)), { recursive: true });
        await writeFile(join(folder, file.path), file.bytes);
      }
      await importFolder(store, {
        folder,
        participantId,
        actor: 'test-setup',
        jobId: null,
        notDicom: 'skip',
      });
    },
    async runJobs(jobs, participantId) {
      for (const job of jobs)
        await enqueueJob(db, {
          kind: job.kind,
          payload: { ...job.payload, participantId },
          createdBy: 'test-setup',
          participantId,
        });
      const done = await runWorker(store, WORKER_HANDLERS, { drain: true });
      const failed = done.filter((j) => j.state !== 'succeeded');
      if (failed.length > 0)
        throw new Error(`jobs failed: ${failed.map((j) => `${j.kind}: ${j.error}`).join('; ')}`);
      return done;
    },
    close: async () => {
      await app.close();
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
