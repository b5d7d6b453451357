import { createHmac } from 'node:crypto';

/** The DICOM root: UIDs under it name classes and syntaxes defined by the standard, never instances. */
const DICOM_ROOT = '1.2.840.10008.';

/**
 * The de-identified UID of `uid`: `2.25.<128 bits>` from HMAC-SHA256(secret, uid) with the UUID v8 bits
 * set (as `deriveUid`), so the same UID maps to the same new UID in every file of the project and cannot
 * be reversed without the secret. DICOM-defined UIDs are returned unchanged.
 */
export function remapUid(secret: string, uid: string): string {
  const trimmed = uid.replace(/\0+$/, '').trim();
  if (trimmed === '' || trimmed.startsWith(DICOM_ROOT)) return trimmed;
  const bytes = Uint8Array.from(
    createHmac('sha256', secret).update(`uid/${trimmed}`).digest().subarray(0, 16),
  );
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return `2.25.${value.toString(10)}`;
}

/**
 * A participant's date shift in whole days, derived from the project secret and the pseudonym: between
 * −1825 and −1 (up to five years back), the same for every file of the participant, so intervals between
 * that participant's studies are kept (PS3.15 Retain Longitudinal Temporal Information, Modified Dates).
 */
export function participantDateShiftDays(secret: string, pseudonym: string): number {
  const digest = createHmac('sha256', secret).update(`date-shift/${pseudonym}`).digest();
  return -(1 + (digest.readUInt32BE(0) % 1825));
}

/** A DA value (`YYYYMMDD`) moved by whole days; `undefined` for a value that is not a full date. */
export function shiftDa(value: string, days: number): string | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value.trim());
  if (!match) return undefined;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days));
  const two = (n: number) => String(n).padStart(2, '0');
  return `${String(date.getUTCFullYear()).padStart(4, '0')}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}`;
}

/** A DT value moved by whole days (time of day and zone kept); `undefined` without a full date. */
export function shiftDt(value: string, days: number): string | undefined {
  const trimmed = value.trim();
  const date = shiftDa(trimmed.slice(0, 8), days);
  return date === undefined ? undefined : `${date}${trimmed.slice(8)}`;
}

/** Age in whole years (`NNNY`, DICOM AS) at `onDa` of someone born `birthDa`; undefined if either is not a date. */
export function ageAt(birthDa: string, onDa: string): string | undefined {
  const birth = /^(\d{4})(\d{2})(\d{2})$/.exec(birthDa.trim());
  const on = /^(\d{4})(\d{2})(\d{2})$/.exec(onDa.trim());
  if (!birth || !on) return undefined;
  let years = Number(on[1]) - Number(birth[1]);
  if (`${on[2]}${on[3]}` < `${birth[2]}${birth[3]}`) years--;
  return years >= 0 && years < 1000 ? `${String(years).padStart(3, '0')}Y` : undefined;
}
