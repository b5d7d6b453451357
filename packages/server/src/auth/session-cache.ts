import type { Session } from '@cxcr4pet/db';

/**
 * Sessions read from the database, kept in memory for `ttlMs` so that a request does not pay a
 * database round trip for its session. Every logout, deactivation, role or site change must reach
 * `forget`/`forgetUser` before the cache can serve a stale session:
 * - embedded PGlite: the database belongs to this one process, which makes every such change itself;
 * - PostgreSQL (several server processes may share it): the cache is on only while the process
 *   listens for the database's `cxcr4pet_auth` notifications (migration 0011), which name the user of
 *   every such change, whichever process made it; `suspend` (listener lost) empties and stops it.
 * A session read from the database while an invalidation arrived is not cached (`generation`), so
 * a read that started before a change cannot put the old session back after the change was seen.
 */
export class SessionCache {
  readonly #ttlMs: number;
  readonly #entries = new Map<string, { session: Session; cachedAt: number }>();
  #active: boolean;
  #generation = 0;

  constructor(ttlMs: number, options: { active?: boolean } = {}) {
    this.#ttlMs = ttlMs;
    this.#active = options.active ?? true;
  }

  /** Changes on every invalidation; pass the value read before a database look-up to `set`. */
  get generation(): number {
    return this.#generation;
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

  /** Caches `session`, unless the cache is off or something was invalidated since `generation`. */
  set(session: Session, now: Date, generation = this.#generation): void {
    if (this.#ttlMs <= 0 || !this.#active || generation !== this.#generation) return;
    if (this.#entries.size > 10_000) this.#entries.clear();
    this.#entries.set(session.tokenHash, { session, cachedAt: now.getTime() });
  }

  forget(tokenHash: string): void {
    this.#generation++;
    this.#entries.delete(tokenHash);
  }

  forgetUser(userId: string): void {
    this.#generation++;
    for (const [key, entry] of this.#entries)
      if (entry.session.user.userId === userId) this.#entries.delete(key);
  }

  /** Empties the cache and stops caching (the source of invalidations is lost). */
  suspend(): void {
    this.#generation++;
    this.#active = false;
    this.#entries.clear();
  }

  /** Starts caching again, empty (invalidations are received again; earlier ones may have been missed). */
  resume(): void {
    this.#generation++;
    this.#entries.clear();
    this.#active = true;
  }
}
