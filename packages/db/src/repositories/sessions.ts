import type { Kysely } from 'kysely';
import type { DbSchema } from '../schema.ts';
import { isRole, type User } from './sites-users.ts';

/** A stored session: whose it is, its CSRF token and when it ends. */
export interface Session {
  readonly tokenHash: string;
  readonly csrfToken: string;
  readonly expiresAt: Date;
  readonly lastSeenAt: Date;
  readonly user: User;
}

/**
 * Login sessions and lockout counters. Not audited (they are access control, not study data, and
 * change on every request); the server room makes the tokens and decides the lifetimes.
 */
export async function createSession(
  db: Kysely<DbSchema>,
  session: { tokenHash: string; userId: string; csrfToken: string; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('app_session')
    .values({
      token_hash: session.tokenHash,
      user_id: session.userId,
      csrf_token: session.csrfToken,
      expires_at: session.expiresAt,
    })
    .execute();
}

/** The unexpired session with this token hash and its (active) user with their sites, or `undefined`. */
export async function findSession(
  db: Kysely<DbSchema>,
  tokenHash: string,
  now: Date,
): Promise<Session | undefined> {
  const rows = await db
    .selectFrom('app_session as s')
    .innerJoin('app_user as u', 'u.user_id', 's.user_id')
    .leftJoin('user_site as us', 'us.user_id', 'u.user_id')
    .select([
      's.token_hash',
      's.csrf_token',
      's.expires_at',
      's.last_seen_at',
      'u.user_id',
      'u.display_name',
      'u.role',
      'u.active',
      'u.version',
      'us.site_id',
    ])
    .where('s.token_hash', '=', tokenHash)
    .where('s.expires_at', '>', now)
    .where('u.active', '=', true)
    .execute();
  const first = rows[0];
  if (first === undefined || !isRole(first.role)) return undefined;
  const siteIds = rows.flatMap((r) => (r.site_id === null ? [] : [r.site_id])).sort();
  return {
    tokenHash: first.token_hash,
    csrfToken: first.csrf_token,
    expiresAt: first.expires_at,
    lastSeenAt: first.last_seen_at,
    user: {
      userId: first.user_id,
      displayName: first.display_name,
      role: first.role,
      siteIds,
      active: first.active,
      version: first.version,
    },
  };
}

/** Moves a session's idle expiry forward. */
export async function touchSession(
  db: Kysely<DbSchema>,
  tokenHash: string,
  now: Date,
  expiresAt: Date,
): Promise<void> {
  await db
    .updateTable('app_session')
    .set({ last_seen_at: now, expires_at: expiresAt })
    .where('token_hash', '=', tokenHash)
    .execute();
}

export async function deleteSession(db: Kysely<DbSchema>, tokenHash: string): Promise<void> {
  await db.deleteFrom('app_session').where('token_hash', '=', tokenHash).execute();
}

/** Ends every session of a user (deactivation, password or role change) and sessions already expired. */
export async function deleteSessionsOf(db: Kysely<DbSchema>, userId: string, now: Date): Promise<void> {
  await db
    .deleteFrom('app_session')
    .where((eb) => eb.or([eb('user_id', '=', userId), eb('expires_at', '<=', now)]))
    .execute();
}

/** What login needs of a user: the hash, whether active, and the lockout state. */
export interface LoginState {
  readonly userId: string;
  readonly passwordHash: string | null;
  readonly active: boolean;
  readonly failures: number;
  readonly lockedUntil: Date | null;
}

export async function getLoginState(db: Kysely<DbSchema>, userId: string): Promise<LoginState | undefined> {
  const row = await db
    .selectFrom('app_user as u')
    .leftJoin('login_throttle as t', 't.user_id', 'u.user_id')
    .select(['u.user_id', 'u.password_hash', 'u.active', 't.failures', 't.locked_until'])
    .where('u.user_id', '=', userId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    userId: row.user_id,
    passwordHash: row.password_hash,
    active: row.active,
    failures: row.failures ?? 0,
    lockedUntil: row.locked_until ?? null,
  };
}

/**
 * Counts one failed login; at `maxFailures` consecutive failures the account is locked until
 * `lockUntil` (and the count starts again). Returns the new state. Atomic (one upsert).
 */
export async function recordLoginFailure(
  db: Kysely<DbSchema>,
  userId: string,
  maxFailures: number,
  lockUntil: Date,
): Promise<{ failures: number; lockedUntil: Date | null }> {
  const row = await db
    .insertInto('login_throttle')
    .values({ user_id: userId, failures: 1, locked_until: null })
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet((eb) => ({ failures: eb('login_throttle.failures', '+', 1) })),
    )
    .returning(['failures', 'locked_until'])
    .executeTakeFirstOrThrow();
  if (row.failures < maxFailures) return { failures: row.failures, lockedUntil: row.locked_until };
  await db
    .updateTable('login_throttle')
    .set({ failures: 0, locked_until: lockUntil })
    .where('user_id', '=', userId)
    .execute();
  return { failures: row.failures, lockedUntil: lockUntil };
}

/** Clears the failure count and lockout after a successful login (or an admin's unlock). */
export async function clearLoginFailures(db: Kysely<DbSchema>, userId: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('user_id', '=', userId).execute();
}
