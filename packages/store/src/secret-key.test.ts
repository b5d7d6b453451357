import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSecret, sealSecret } from '@cxcr4pet/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSecretKey, SECRET_KEY_VARIABLE } from './secret-key.ts';

describe('the key that seals secrets in the database', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cxcr4pet-secret-key-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('is created once in the data folder with mode 0600 and read back the same', async () => {
    const first = await loadSecretKey(dir, {});
    expect(first.bytes).toHaveLength(32);
    expect(first.source).toBe(join(dir, 'secret.key'));
    expect((await stat(join(dir, 'secret.key'))).mode & 0o777).toBe(0o600);
    const second = await loadSecretKey(dir, {});
    expect(second.bytes.equals(first.bytes)).toBe(true);
    expect((await readFile(join(dir, 'secret.key'), 'utf8')).trim()).toBe(first.bytes.toString('hex'));
  });

  it('comes from CXCR4PET_SECRET_KEY when set (hex or base64), and a malformed one is a clear error', async () => {
    const hex = 'ab'.repeat(32);
    expect((await loadSecretKey(dir, { [SECRET_KEY_VARIABLE]: hex })).bytes.toString('hex')).toBe(hex);
    const base64 = Buffer.alloc(32, 5).toString('base64');
    expect(
      (await loadSecretKey(dir, { [SECRET_KEY_VARIABLE]: base64 })).bytes.equals(Buffer.alloc(32, 5)),
    ).toBe(true);
    await expect(loadSecretKey(dir, { [SECRET_KEY_VARIABLE]: 'short' })).rejects.toThrow(
      'CXCR4PET_SECRET_KEY does not hold a 256-bit key: give 64 hex digits or 32 bytes in base64',
    );
  });

  it('refuses a key file that others can read', async () => {
    await chmod(join(dir, 'secret.key'), 0o644);
    await expect(loadSecretKey(dir, {})).rejects.toThrow(
      /secret\.key is readable by others \(mode 644\); chmod 600 it$/,
    );
    await chmod(join(dir, 'secret.key'), 0o600);
  });

  it('seals with AES-256-GCM: the sealed text holds no plain secret, opens only with its key and its row', async () => {
    const key = await loadSecretKey(dir, {});
    const sealed = sealSecret(key, 'pacs password', 'pacs_node_secret:a');
    expect(sealed).not.toContain('pacs password');
    expect(sealSecret(key, 'pacs password', 'pacs_node_secret:a')).not.toBe(sealed); // a fresh IV each time
    expect(openSecret(key, sealed, 'pacs_node_secret:a', 'the secret')).toBe('pacs password');
    expect(() => openSecret(key, sealed, 'pacs_node_secret:b', 'the secret of b')).toThrow(
      `the secret of b cannot be decrypted with the key from ${key.source}`,
    );
    const other = { bytes: Buffer.alloc(32, 1), source: 'another key' };
    expect(() => openSecret(other, sealed, 'pacs_node_secret:a', 'the secret')).toThrow(
      'the secret cannot be decrypted with the key from another key: it was sealed with another key',
    );
  });
});
