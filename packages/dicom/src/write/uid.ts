import { createHash } from 'node:crypto';

/**
 * A DICOM UID derived deterministically from the given parts: `2.25.<decimal of 128 bits>`, the
 * UUID-derived form of DICOM PS3.5 §B.2 (a UUID version 8, "custom", RFC 9562), so that the same
 * seed always gives the same UIDs without an organisation root. The bits are the first 128 of the
 * SHA-256 of the parts joined with `/` (node:crypto: a pure function, no IO).
 */
export function deriveUid(...parts: readonly (string | number)[]): string {
  const digest = createHash('sha256').update(parts.join('/')).digest();
  const bytes = Uint8Array.from(digest.subarray(0, 16));
  // RFC 9562: version 8 in the high nibble of byte 6, variant 0b10 in the top bits of byte 8.
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return `2.25.${value.toString(10)}`;
}
