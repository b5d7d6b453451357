import type { StudyDb } from '@cxcr4pet/db';
import type { SessionCache } from './auth/session-cache.ts';

/** Tunables of the server; `defaultConfig` holds production values, tests shorten them. */
export interface ServerConfig {
  /** Consecutive failed sign-ins that lock an account (default 5). */
  readonly maxFailedLogins: number;
  /** How long a lockout lasts (default 15 min). */
  readonly lockoutMs: number;
  /** Sign-in attempts allowed per client address per window (default 10 per minute). */
  readonly loginRateLimit: { readonly max: number; readonly windowMs: number };
  /** Idle time after which a session ends (default 30 min). */
  readonly sessionIdleMs: number;
  /** Send the session cookie with `Secure` (behind HTTPS; default false for loopback HTTP). */
  readonly secureCookies: boolean;
  /** Largest request body in bytes (default 1 MiB; uploads get their own limit in their routes). */
  readonly bodyLimitBytes: number;
  /**
   * How long a session read from the database is trusted in memory (default: 30 s on embedded
   * PGlite, whose database only this process uses; 0 — off — on PostgreSQL, where other server
   * processes may end a session).
   */
  readonly sessionCacheMs?: number;
}

export const defaultConfig: ServerConfig = {
  maxFailedLogins: 5,
  lockoutMs: 15 * 60_000,
  loginRateLimit: { max: 10, windowMs: 60_000 },
  sessionIdleMs: 30 * 60_000,
  secureCookies: false,
  bodyLimitBytes: 1024 * 1024,
};

/** What every route plugin is given: the database, the configuration and the clock. */
export interface ServerContext {
  readonly db: StudyDb;
  readonly config: ServerConfig;
  readonly now: () => Date;
  readonly sessions: SessionCache;
}
