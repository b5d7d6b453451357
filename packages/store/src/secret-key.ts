import { randomBytes } from 'node:crypto';
import { open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { SecretKey } from '@cxcr4pet/db';
import { StoreError } from './errors.ts';

/** The environment variable that gives the secret key (64 hex digits or 32 bytes in base64). */
export const SECRET_KEY_VARIABLE = 'CXCR4PET_SECRET_KEY';

function parseKey(text: string, source: string): SecretKey {
  const trimmed = text.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed, 'base64');
  if (bytes.length !== 32)
    throw new StoreError(
      'secret-key',
      `${source} does not hold a 256-bit key: give 64 hex digits or 32 bytes in base64 (e.g. openssl rand -hex 32)`,
      source,
    );
  return { bytes, source };
}

/**
 * Creates `path` with 32 random bytes (hex), mode 0600, written durably, unless it exists: the first
 * process to get there makes the key, every later one reads it.
 */
export async function createKeyFile(path: string): Promise<void> {
  try {
    const handle = await open(path, 'wx', 0o600);
    try {
      await handle.writeFile(randomBytes(32).toString('hex'));
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
}

/**
 * The key that seals secrets in the database (PACS node passwords and tokens, AES-256-GCM): from
 * `CXCR4PET_SECRET_KEY` when set, else from `<dataDir>/secret.key`, created on first use with 32 random
 * bytes and mode 0600 (readable by the server's user only). A key file readable by others is refused.
 * Every process that reads the secrets (server, worker) must see the same key.
 */
export async function loadSecretKey(
  dataDir: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<SecretKey> {
  const given = env[SECRET_KEY_VARIABLE];
  if (given !== undefined && given !== '') return parseKey(given, SECRET_KEY_VARIABLE);
  const path = join(dataDir, 'secret.key');
  await createKeyFile(path);
  const mode = (await stat(path)).mode & 0o777;
  if ((mode & 0o077) !== 0)
    throw new StoreError(
      'secret-key',
      `key file ${path} is readable by others (mode ${mode.toString(8)}); chmod 600 it`,
      path,
    );
  return parseKey(await readFile(path, 'utf8'), path);
}
