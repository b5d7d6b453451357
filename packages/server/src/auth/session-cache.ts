import type { Session } from '@cxcr4pet/db';

/**
 * Sessions read from the database, kept in memory for `ttlMs` so that a request does not pay a
 * database round trip for its session. Used with embedded PGlite only: that database belongs to this
 * one process, so every logout, deactivation or role change goes through `forget`/`forgetUser` here
 * and the cache cannot go stale. With PostgreSQL (several server processes) the TTL is 0: off.
 */
export class SessionCache {
  readonly #ttlMs: number;
  readonly #entries = new Map<string, { session: Session; cachedAt: number }>();

  constructor(ttlMs: number) {
    this.#ttlMs = ttlMs;
  }

  get(tokenHash: string, now: Date): Session | undefined {
    const entry = this.#entries.get(tokenHash);
    if (entry === undefined) return undefined;
    if (now.getTime() - entry.cachedAt > this.#ttlMs || entry.session.expiresAt <= now) {
      this.#entries.delete(tokenHash);
      return undefined;
    }
    return entry.session;
  }

  set(session: Session, now: Date): void {
    if (this.#ttlMs <= 0) return;
    if (this.#entries.size > 10_000) this.#entries.clear();
    this.#entries.set(session.tokenHash, { session, cachedAt: now.getTime() });
  }

  forget(tokenHash: string): void {
    this.#entries.delete(tokenHash);
  }

  forgetUser(userId: string): void {
    for (const [key, entry] of this.#entries)
      if (entry.session.user.userId === userId) this.#entries.delete(key);
  }
}
