import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import { DbError } from '../errors.ts';
import { INITIAL_SCHEMA } from './0001-initial-schema.ts';
import { SERVER_SCHEMA } from './0002-server.ts';
import { DICOM_STORE_JOBS } from './0003-dicom-store-jobs.ts';
import { AUDIT_REDACTION } from './0004-audit-redaction.ts';
import { JOB_CANCEL_ACTIVITY } from './0005-job-cancel-activity.ts';
import { SEARCH_TRIGRAM } from './0006-search-trigram.ts';
import { PACS_NODES } from './0007-pacs-nodes.ts';
import { COMPARE_SERIES_JOBS } from './0008-compare-series-jobs.ts';
import { PACS_JOBS } from './0010-pacs-jobs.ts';
import { PARTICIPANT_SUMMARY } from './0011-participant-summary.ts';

/** The one migration history, oldest first; names sort in order. Forward-only: never edit a landed entry. */
const MIGRATIONS: readonly { readonly name: string; readonly statements: readonly string[] }[] = [
  { name: '0001-initial-schema', statements: INITIAL_SCHEMA },
  { name: '0002-server', statements: SERVER_SCHEMA },
  { name: '0003-dicom-store-jobs', statements: DICOM_STORE_JOBS },
  { name: '0004-audit-redaction', statements: AUDIT_REDACTION },
  { name: '0005-job-cancel-activity', statements: JOB_CANCEL_ACTIVITY },
  { name: '0006-search-trigram', statements: SEARCH_TRIGRAM },
  { name: '0007-pacs-nodes', statements: PACS_NODES },
  { name: '0008-compare-series-jobs', statements: COMPARE_SERIES_JOBS },
  { name: '0010-pacs-jobs', statements: PACS_JOBS },
  { name: '0011-participant-summary', statements: PARTICIPANT_SUMMARY },
];

function statementsMigration(statements: readonly string[]): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      for (const statement of statements) await sql.raw(statement).execute(db);
    },
  };
}

const provider: MigrationProvider = {
  async getMigrations() {
    return Object.fromEntries(MIGRATIONS.map((m) => [m.name, statementsMigration(m.statements)]));
  },
};

/** Names of every migration this build knows, oldest first. */
export const MIGRATION_NAMES: readonly string[] = MIGRATIONS.map((m) => m.name);

/**
 * Brings the schema to the latest version with Kysely's `Migrator`: pending migrations run in one
 * transaction under an advisory lock (so two processes opening one database apply them once), and
 * each is recorded in `kysely_migration`. Running it again on an up-to-date database does nothing.
 * Returns the names applied by this call. A failure rolls everything back and throws `migration`.
 */
export async function migrateToLatest(db: Kysely<unknown>): Promise<readonly string[]> {
  // Numbers are handed out to parallel branches, so one may land after a higher one (0010 after 0011):
  // a database migrated before it then runs it late instead of refusing to open.
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const unreachable = networkFailure(error);
    if (unreachable !== undefined)
      throw new DbError('connection', `cannot reach the database: ${unreachable}`);
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? '(unknown)';
    const reason = error instanceof Error ? error.message : String(error);
    throw new DbError('migration', `migration ${failed} failed: ${reason}`, { entity: 'kysely_migration' });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** A Node socket error (ECONNREFUSED, ENOTFOUND, ETIMEDOUT…), possibly wrapped in an AggregateError, as one line. */
function networkFailure(error: unknown): string | undefined {
  const inner = error instanceof AggregateError && error.errors.length > 0 ? error.errors[0] : error;
  const code = typeof inner === 'object' && inner !== null ? (inner as { code?: unknown }).code : undefined;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return undefined;
  const message = inner instanceof Error && inner.message !== '' ? inner.message : code;
  return message.replace(/\s+/g, ' ');
}
