import type { SecretKey, StudyDb } from '@cxcr4pet/db';
import type { Store } from '@cxcr4pet/store';
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
   * How long a session read from the database is trusted in memory (default 30 s; 0: off). On
   * PostgreSQL, where other server processes may end a session, the cache works only while this
   * process listens for the database's notifications of such changes (`listenForAuthChanges`).
   */
  readonly sessionCacheMs?: number;
  /** Largest DICOM file accepted by an upload (default 512 MiB). */
  readonly uploadFileLimitBytes: number;
  /** Most files in one upload (default 10,000). */
  readonly uploadFilesLimit: number;
  /** How often a job's progress stream looks at the job (default 250 ms). */
  readonly jobEventsPollMs: number;
}

export const defaultConfig: ServerConfig = {
  maxFailedLogins: 5,
  lockoutMs: 15 * 60_000,
  loginRateLimit: { max: 10, windowMs: 60_000 },
  sessionIdleMs: 30 * 60_000,
  secureCookies: false,
  bodyLimitBytes: 1024 * 1024,
  uploadFileLimitBytes: 512 * 1024 * 1024,
  uploadFilesLimit: 10_000,
  jobEventsPollMs: 250,
};

/**
 * Checks the options of an analysis before it is queued (throws with a one-line message naming the
 * option). Supplied by whoever runs the server — the CLI passes `cxcr4pet analyze`'s own parser — so
 * that a typo fails when the job is queued, not later in the worker.
 */
export type AnalyseArgumentsCheck = (args: readonly string[]) => void;

/** What every route plugin is given: the database, the configuration and the clock. */
export interface ServerContext {
  readonly db: StudyDb;
  readonly config: ServerConfig;
  readonly now: () => Date;
  readonly sessions: SessionCache;
  /** The data folder with its DICOM files and job queue (absent: no imaging or job routes). */
  readonly store: Store | undefined;
  readonly checkAnalyseArguments: AnalyseArgumentsCheck | undefined;
  /** A participant's date shift in days (keyed like the pseudonymised export; statisticians' view). */
  readonly dateShiftDays: (participantId: string) => number;
  /** Seals and opens secrets kept in the database (PACS node passwords and tokens). */
  readonly secretKey: SecretKey;
}
