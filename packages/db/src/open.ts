import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { DbError, translateDbError } from './errors.ts';
import { migrateToLatest } from './migrations/index.ts';
import { PgliteDialect } from './pglite-dialect.ts';
import type { DbSchema } from './schema.ts';

/** Where the data lives: embedded PGlite (a folder, or memory when `dataDir` is absent) or a PostgreSQL server. */
export type DbLocation =
  | { readonly kind: 'pglite'; readonly dataDir?: string }
  | { readonly kind: 'postgres'; readonly connectionString: string };

/** An open, migrated study database. `close` ends the PGlite instance or the connection pool. */
export interface StudyDb {
  readonly kysely: Kysely<DbSchema>;
  readonly location: DbLocation;
  /** Migrations applied when this handle was opened (empty when the schema was already current). */
  readonly applied: readonly string[];
  close(): Promise<void>;
}

/**
 * Picks the database the way the project's commands do: PostgreSQL when `DATABASE_URL` is set,
 * otherwise embedded PGlite in `<dataDir>/db` (or in memory when no data folder is given).
 */
export function locationFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  dataDir?: string,
): DbLocation {
  const url = env.DATABASE_URL;
  if (url !== undefined && url.trim() !== '') return { kind: 'postgres', connectionString: url };
  return dataDir === undefined ? { kind: 'pglite' } : { kind: 'pglite', dataDir: `${dataDir}/db` };
}

/** Opens the database at `location` and runs pending migrations before returning it. */
export async function openStudyDb(location: DbLocation): Promise<StudyDb> {
  const kysely = new Kysely<DbSchema>({ dialect: dialectFor(location) });
  try {
    const applied = await migrateToLatest(kysely as Kysely<unknown>);
    return { kysely, location, applied, close: () => kysely.destroy() };
  } catch (e) {
    await kysely.destroy().catch(() => undefined);
    const translated = translateDbError(e);
    if (translated instanceof DbError) throw translated;
    const reason = e instanceof Error ? e.message : String(e);
    throw new DbError('connection', `cannot open the ${location.kind} database: ${reason}`);
  }
}

function dialectFor(location: DbLocation): PgliteDialect | PostgresDialect {
  if (location.kind === 'pglite') {
    // pg_trgm: the trigram indexes of participant search (migration 0006).
    // (Options only: `new PGlite(undefined, options)` ignores the options.)
    return new PgliteDialect(
      new PGlite({
        ...(location.dataDir === undefined ? {} : { dataDir: location.dataDir }),
        extensions: { pg_trgm },
      }),
    );
  }
  // pg returns int8 as string; audit sequence numbers fit a double, so they are read as numbers.
  const pool = new pg.Pool({ connectionString: location.connectionString, max: 10 });
  return new PostgresDialect({ pool });
}

/**
 * Refreshes the query planner's statistics (`ANALYZE`) and, on embedded PGlite, also does what
 * autovacuum does on PostgreSQL (`VACUUM`): PGlite has none, so without it the rows that updates left
 * behind stay in every scan (a bulk load of 10,000 participants left the participant summary four
 * times its size: a search cost 18 ms of CPU instead of 1–2 ms) and index-only scans cannot skip the
 * table. `serve` calls this at start, and loaders after bulk loads.
 */
export async function refreshPlannerStatistics(db: StudyDb): Promise<void> {
  await sql.raw(db.location.kind === 'pglite' ? 'vacuum analyze' : 'analyze').execute(db.kysely);
}
