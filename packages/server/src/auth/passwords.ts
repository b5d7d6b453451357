import { type Algorithm, hash, verify } from '@node-rs/argon2';

/** `Algorithm.Argon2id` (a const enum, which `verbatimModuleSyntax` cannot import as a value). */
const ARGON2ID_ALGORITHM = 2 as Algorithm;

/**
 * Password hashing with argon2id (RFC 9106) through `@node-rs/argon2`: a Rust build shipped as a
 * prebuilt binary inside the npm registry's per-platform packages, so it installs with no compiler
 * and no download outside the registry (the `argon2` package builds with node-gyp or fetches binaries
 * from GitHub). Parameters are OWASP's first argon2id recommendation: 19 MiB memory, 2 passes,
 * 1 lane (≈ 50 ms here). The encoded hash carries its parameters, so they can be raised later.
 */
export const ARGON2ID = { algorithm: ARGON2ID_ALGORITHM, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** Minimum password length (NIST SP 800-63B: at least 8 characters for user-chosen secrets). */
export const MIN_PASSWORD_LENGTH = 8;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2ID);
}

export async function verifyPassword(encoded: string, password: string): Promise<boolean> {
  try {
    return await verify(encoded, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/**
 * A hash to verify against when the user does not exist or has no password, so that a wrong
 * username costs the same time as a wrong password (no user enumeration by timing).
 */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword('not-a-password-of-anyone');
  return dummy;
}
