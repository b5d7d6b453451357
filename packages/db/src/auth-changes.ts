import pg from 'pg';
import type { DbLocation } from './open.ts';

/** What a server process does when users, their sites or their sessions change elsewhere. */
export interface AuthChangeHandlers {
  /** A user, one of their site memberships, or one of their sessions changed (sent at commit). */
  changed(userId: string): void;
  /** Listening (again): changes made from now on will be announced; anything before may be missed. */
  listening(): void;
  /** No longer listening (connection lost): changes may go unannounced until `listening` again. */
  lost(): void;
}

/** A running listener; `close` stops it and its reconnect attempts. */
export interface AuthChangeListener {
  close(): Promise<void>;
}

/**
 * Listens on PostgreSQL for `NOTIFY cxcr4pet_auth` (sent by triggers of migration 0011 when an
 * `app_user` row is updated or deleted, a `user_site` row changes, or an `app_session` row is deleted),
 * on a connection of its own, so that a server process may cache sessions in memory and still forget
 * a user's at once when another process logs them out, deactivates them or changes their role or
 * sites. A lost connection calls `lost` and is retried (1 s, doubling up to 30 s). Returns `undefined`
 * for embedded PGlite: that database belongs to one process, which makes every such change itself.
 */
export function listenForAuthChanges(
  location: DbLocation,
  handlers: AuthChangeHandlers,
): AuthChangeListener | undefined {
  if (location.kind !== 'postgres') return undefined;
  let closed = false;
  let client: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  let delayMs = 1000;
  const retry = () => {
    if (closed || timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, delayMs);
    timer.unref();
    delayMs = Math.min(delayMs * 2, 30_000);
  };
  const connect = async () => {
    const c = new pg.Client({ connectionString: location.connectionString });
    client = c;
    let dropped = false;
    const drop = () => {
      if (dropped) return;
      dropped = true;
      if (client === c) client = undefined;
      void c.end().catch(() => undefined);
      if (closed) return;
      handlers.lost();
      retry();
    };
    c.on('notification', (message) => {
      if (message.channel === 'cxcr4pet_auth' && message.payload !== undefined)
        handlers.changed(message.payload);
    });
    c.on('error', drop);
    c.on('end', drop);
    try {
      await c.connect();
      await c.query('listen cxcr4pet_auth');
      if (closed || dropped) return;
      delayMs = 1000;
      handlers.listening();
    } catch {
      drop();
    }
  };
  void connect();
  return {
    async close() {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      const c = client;
      client = undefined;
      await c?.end().catch(() => undefined);
    },
  };
}
