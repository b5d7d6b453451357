/** Why a database operation was refused. Closed set: add a code here when a new failure needs one. */
export type DbErrorCode =
  | 'invalid-record'
  | 'not-found'
  | 'stale-version'
  | 'deleted'
  | 'reason-required'
  | 'actor-required'
  | 'duplicate'
  | 'missing-reference'
  | 'constraint'
  | 'rejected'
  | 'immutable-field'
  | 'locked'
  | 'open-queries'
  | 'connection'
  | 'migration'
  | 'secret-key';

/**
 * The one error class of the `db` room. `message` is one complete sentence naming the table/record
 * and field concerned; `entity` and `field` repeat them for programs (the server maps them to JSON).
 */
export class DbError extends Error {
  readonly code: DbErrorCode;
  readonly entity: string | undefined;
  readonly field: string | undefined;

  constructor(code: DbErrorCode, message: string, where: { entity?: string; field?: string } = {}) {
    super(message);
    this.name = 'DbError';
    this.code = code;
    this.entity = where.entity;
    this.field = where.field;
  }
}

/** The parts of a PostgreSQL error (from `pg` or PGlite) this room reads: SQLSTATE and details. */
interface PgErrorLike {
  readonly code: string;
  readonly message: string;
  readonly detail?: string;
  readonly table?: string;
  readonly constraint?: string;
}

function isPgError(e: unknown): e is PgErrorLike {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as { code?: unknown }).code === 'string' &&
    typeof (e as { message?: unknown }).message === 'string'
  );
}

/**
 * Turns a PostgreSQL error (SQLSTATE, https://www.postgresql.org/docs/current/errcodes-appendix.html)
 * into a `DbError` with a one-line message; anything else (already a DbError, a bug) passes through.
 */
export function translateDbError(e: unknown): unknown {
  if (e instanceof DbError || !isPgError(e)) return e;
  const where = e.table === undefined ? {} : { entity: e.table };
  const detail = e.detail === undefined ? '' : ` (${e.detail})`;
  const line = `${e.message}${detail}`.replace(/\s+/g, ' ');
  switch (e.code) {
    case '23505':
      return new DbError('duplicate', `already exists: ${line}`, where);
    case '23503':
      return new DbError('missing-reference', `refers to something that does not exist: ${line}`, where);
    case '23502':
    case '23514':
      return new DbError('constraint', `violates a rule of the database: ${line}`, where);
    case 'CX423':
      return new DbError('locked', e.message, where);
    case 'CX409':
      return new DbError('open-queries', e.message, where);
    case 'P0001':
      return new DbError('rejected', line, where);
    case '08000':
    case '08001':
    case '08003':
    case '08006':
    case '28P01':
    case '3D000':
      return new DbError('connection', `cannot use the database: ${line}`);
    default:
      return e;
  }
}
