import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DbError } from './errors.ts';
import { locationFromEnv, openStudyDb } from './open.ts';

function unusedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 1;
      server.close(() => resolve(port));
    });
  });
}

describe('choosing and opening the database', () => {
  it('uses PostgreSQL when DATABASE_URL is set and PGlite under the data folder otherwise', () => {
    expect(locationFromEnv({ DATABASE_URL: 'postgres://u@h/db' }, '/data')).toEqual({
      kind: 'postgres',
      connectionString: 'postgres://u@h/db',
    });
    expect(locationFromEnv({ DATABASE_URL: ' ' }, '/data')).toEqual({ kind: 'pglite', dataDir: '/data/db' });
    expect(locationFromEnv({})).toEqual({ kind: 'pglite' });
  });

  it('reports an unreachable PostgreSQL server in one line instead of hanging', async () => {
    const port = await unusedPort();
    const error = await openStudyDb({
      kind: 'postgres',
      connectionString: `postgres://x@127.0.0.1:${port}/none`,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DbError);
    expect(error instanceof DbError ? [error.code, error.message.includes('\n')] : []).toEqual([
      'connection',
      false,
    ]);
    expect(error instanceof DbError ? error.message : '').toContain('cannot reach the database');
  });
});
