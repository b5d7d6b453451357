import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DbError } from './errors.ts';

/**
 * The key that seals secrets kept in the database (PACS passwords and tokens): 32 bytes for
 * AES-256-GCM, and where it came from (named in errors, never the key itself).
 */
export interface SecretKey {
  readonly bytes: Buffer;
  /** E.g. `CXCR4PET_SECRET_KEY` or the key file's path. */
  readonly source: string;
}

/** Marks a sealed value: `aes-256-gcm:v1:<iv>:<tag>:<ciphertext>` (base64url parts). */
export const SEALED_PREFIX = 'aes-256-gcm:v1:';

/** Whether a stored value is sealed (older rows held plain text until the server sealed them). */
export function isSealed(stored: string): boolean {
  return stored.startsWith(SEALED_PREFIX);
}

function checkKey(key: SecretKey): void {
  if (key.bytes.length !== 32)
    throw new DbError(
      'secret-key',
      `the secret key from ${key.source} is not 32 bytes (it is ${key.bytes.length})`,
    );
}

/**
 * Encrypts `plaintext` with AES-256-GCM (a fresh 96-bit IV each time, NIST SP 800-38D), binding it to
 * `context` (additional authenticated data, e.g. the row's id) so that a sealed value copied to another
 * row does not open there.
 */
export function sealSecret(key: SecretKey, plaintext: string, context: string): string {
  checkKey(key);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.bytes, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url'));
  return `${SEALED_PREFIX}${parts.join(':')}`;
}

/**
 * Decrypts a value sealed by `sealSecret` for the same `context`. A wrong key (or a value changed in
 * the database) fails GCM's authentication: a `secret-key` DbError naming `what` and the key's source.
 */
export function openSecret(key: SecretKey, sealed: string, context: string, what: string): string {
  checkKey(key);
  const [iv, tag, body] = sealed.slice(SEALED_PREFIX.length).split(':');
  if (!isSealed(sealed) || iv === undefined || tag === undefined || body === undefined)
    throw new DbError('secret-key', `${what} is not stored sealed; the server seals such values at start`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.bytes, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new DbError(
      'secret-key',
      `${what} cannot be decrypted with the key from ${key.source}: it was sealed with another key (was the key changed or lost?); enter the secret again`,
    );
  }
}
