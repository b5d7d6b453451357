import {
  clearLoginFailures,
  createSession,
  deleteSession,
  getLoginState,
  getUser,
  recordLoginFailure,
} from '@cxcr4pet/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accessOf } from '../access.ts';
import type { ServerContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { dummyHash, verifyPassword } from './passwords.ts';
import { newToken, SESSION_COOKIE, tokenHash } from './tokens.ts';

const loginBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(1024),
});

/**
 * Login, logout, who am I. Login: argon2id verification (a dummy hash for unknown users, so timing
 * tells nothing), per-address rate limiting (`@fastify/rate-limit` on this route), and per-account
 * lockout after `maxFailedLogins` consecutive failures for `lockoutMs`. A session is a random
 * 256-bit token in an httpOnly, SameSite=Strict cookie; the database keeps its SHA-256 and a CSRF
 * token that the client must send back in `X-CSRF-Token` on every state-changing request
 * (synchronizer token: it is returned in the login response body, never in a cookie).
 */
export function authRoutes(context: ServerContext): FastifyPluginAsyncZod {
  const { config } = context;
  const db = context.db.kysely;
  return async (app) => {
    app.post(
      '/auth/login',
      {
        schema: { body: loginBody, tags: ['auth'], summary: 'Sign in; sets the session cookie' },
        config: {
          operation: 'auth.login',
          rateLimit: { max: config.loginRateLimit.max, timeWindow: config.loginRateLimit.windowMs },
        },
      },
      async (request, reply) => {
        const { username, password } = request.body;
        const now = context.now();
        const state = await getLoginState(db, username);
        const wrong = new ApiError(401, 'invalid-credentials', 'username or password is wrong');
        if (state === undefined || state.passwordHash === null || !state.active) {
          await verifyPassword(await dummyHash(), password);
          throw wrong;
        }
        if (state.lockedUntil !== null && state.lockedUntil > now) {
          throw locked(state.lockedUntil, config.maxFailedLogins);
        }
        if (!(await verifyPassword(state.passwordHash, password))) {
          const after = await recordLoginFailure(
            db,
            username,
            config.maxFailedLogins,
            new Date(now.getTime() + config.lockoutMs),
          );
          if (after.lockedUntil !== null && after.lockedUntil > now) {
            throw locked(after.lockedUntil, config.maxFailedLogins);
          }
          throw wrong;
        }
        await clearLoginFailures(db, username);
        const token = newToken();
        const csrfToken = newToken();
        await createSession(db, {
          tokenHash: tokenHash(token),
          userId: username,
          csrfToken,
          expiresAt: new Date(now.getTime() + config.sessionIdleMs),
        });
        const user = await getUser(db, username);
        void reply.setCookie(SESSION_COOKIE, token, {
          httpOnly: true,
          sameSite: 'strict',
          secure: config.secureCookies,
          path: '/',
        });
        return { user, csrfToken };
      },
    );

    app.post(
      '/auth/logout',
      {
        schema: { tags: ['auth'], summary: 'Sign out; ends the session' },
        config: { operation: 'auth.logout' },
      },
      async (request, reply) => {
        const { tokenHash: hash } = accessOf(request).session;
        await deleteSession(db, hash);
        context.sessions.forget(hash);
        void reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return { signedOut: true };
      },
    );

    app.get(
      '/auth/me',
      {
        schema: { tags: ['auth'], summary: 'The signed-in user and their sites' },
        config: { operation: 'auth.me' },
      },
      async (request) => {
        const { user, session } = accessOf(request);
        return { user, csrfToken: session.csrfToken };
      },
    );
  };
}

/**
 * A signed-in user's password entered again (to sign): counted like a sign-in — refused while the
 * account is locked, a wrong one counted toward the lockout (423 once it reaches `maxFailedLogins`),
 * a right one clears the count. `refusal` is the 403 message for a wrong password.
 */
export async function verifyPasswordAgain(
  context: ServerContext,
  userId: string,
  password: string,
  refusal: string,
): Promise<void> {
  const { config } = context;
  const db = context.db.kysely;
  const now = context.now();
  const state = await getLoginState(db, userId);
  if (state?.lockedUntil != null && state.lockedUntil > now)
    throw locked(state.lockedUntil, config.maxFailedLogins);
  if (state?.passwordHash == null || !(await verifyPassword(state.passwordHash, password))) {
    const after = await recordLoginFailure(
      db,
      userId,
      config.maxFailedLogins,
      new Date(now.getTime() + config.lockoutMs),
    );
    if (after.lockedUntil !== null && after.lockedUntil > now)
      throw locked(after.lockedUntil, config.maxFailedLogins);
    throw new ApiError(403, 'invalid-credentials', refusal, 'password');
  }
  await clearLoginFailures(db, userId);
}

function locked(until: Date, maxFailures: number): ApiError {
  return new ApiError(
    423,
    'account-locked',
    `account locked after ${maxFailures} failed sign-ins (or signing passwords) until ${until.toISOString()}; an admin can unlock it`,
  );
}
