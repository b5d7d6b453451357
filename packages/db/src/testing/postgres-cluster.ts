import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A throwaway PostgreSQL cluster for tests: its URL and a `stop` that shuts it down and deletes it. */
export interface TestPostgres {
  readonly connectionString: string;
  stop(): Promise<void>;
}

/** The folder holding initdb/pg_ctl: `$PG_BIN`, else the newest /usr/lib/postgresql/<v>/bin. */
function postgresBinDir(): string {
  const fromEnv = process.env.PG_BIN;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (newest === undefined)
    throw new Error('no PostgreSQL server binaries: install postgresql or set PG_BIN');
  return join(root, newest, 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a fresh PostgreSQL cluster in a temporary folder on a free loopback port (initdb + pg_ctl,
 * trust authentication, fsync off — for tests only). It never touches a PostgreSQL service already
 * running on the machine. When the process runs as root (initdb refuses root), the server runs as the
 * `postgres` system user via `runuser`. With `DATABASE_URL` set, that server is used instead and
 * `stop` does nothing.
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  const given = process.env.DATABASE_URL;
  if (given !== undefined && given !== '') return { connectionString: given, stop: async () => {} };
  const bin = postgresBinDir();
  const root = await mkdtemp(join(tmpdir(), 'cxcr4pet-pg-'));
  const asRoot = process.getuid?.() === 0;
  const as = (cmd: string, args: readonly string[]): Promise<unknown> =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args])
      : run(join(bin, cmd), [...args]);
  if (asRoot) await run('chown', ['postgres', root]).catch(() => chown(root, 0, 0));
  const data = join(root, 'data');
  const port = await freePort();
  await as('initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-sync',
    '--no-instructions',
  ]);
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  await as('pg_ctl', ['-D', data, '-o', options, '-l', join(root, 'log'), '-w', 'start']);
  return {
    connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      await rm(root, { recursive: true, force: true });
    },
  };
}
