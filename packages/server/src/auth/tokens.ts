import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** The session cookie's name. httpOnly, SameSite=Strict, path `/`; `Secure` when the server says so. */
export const SESSION_COOKIE = 'cxcr4pet_session';
/** The header that must repeat the session's CSRF token on every state-changing request. */
export const CSRF_HEADER = 'x-csrf-token';

/** 256 random bits, base64url: session tokens and CSRF tokens. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps of a session token: its SHA-256, so that a copy of the table opens no session. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Constant-time comparison of two tokens. */
export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
