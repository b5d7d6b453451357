import type { DbLocation } from '../open.ts';
import { startTestPostgres } from './postgres-cluster.ts';

/** A backend a contract suite runs on: where its database is, and how to end it afterwards. */
export interface TestBackend {
  readonly name: string;
  start(): Promise<{ location: DbLocation; stop(): Promise<void> }>;
}

/**
 * The two backends every contract suite runs on: embedded PGlite in memory, and a real PostgreSQL
 * server (a throwaway cluster started with initdb + pg_ctl, or `DATABASE_URL` when given).
 */
export const TEST_BACKENDS: readonly TestBackend[] = [
  { name: 'PGlite (in memory)', start: async () => ({ location: { kind: 'pglite' }, stop: async () => {} }) },
  {
    name: 'PostgreSQL',
    start: async () => {
      const pg = await startTestPostgres();
      return { location: { kind: 'postgres', connectionString: pg.connectionString }, stop: pg.stop };
    },
  },
];
