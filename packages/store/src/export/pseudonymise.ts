import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createKeyFile } from '../secret-key.ts';
import type { Cell, ExportTable } from './columns.ts';

/**
 * Pseudonymisation for statisticians: identifying columns dropped (whole identifying tables, the DICOM
 * Patient ID), participant codes replaced by keyed pseudonyms, and every date and date-time of a
 * participant shifted by one number of days drawn for that participant — so intervals within a
 * participant (uptake, scan interval, PFS, OS) are exact, calendar dates are not.
 *
 * Pseudonyms are the ones the database gives each participant at registration (`participant_pseudonym`,
 * random, what the server shows statisticians), so exports and the server agree. The shift is an
 * HMAC-SHA-256 of the participant code under a secret key kept in the data folder (`pseudonym.key`): the
 * same shift in every export, and nobody without the key can undo it. Shifts lie in ±1..182 days (never
 * 0). A participant without a stored pseudonym gets one from the same key.
 */

export interface PseudonymKey {
  readonly secret: Buffer;
}

/** Reads `<dataDir>/pseudonym.key`, creating it (32 random bytes, mode 600) the first time. */
export async function pseudonymKey(dataDir: string): Promise<PseudonymKey> {
  const path = join(dataDir, 'pseudonym.key');
  await createKeyFile(path);
  return { secret: Buffer.from((await readFile(path, 'utf8')).trim(), 'hex') };
}

function mac(key: PseudonymKey, text: string): Buffer {
  return createHmac('sha256', key.secret).update(text).digest();
}

/** A keyed pseudonym (`PS-` and 10 hex digits), for a participant the database gave none. */
export function keyedPseudonym(key: PseudonymKey, participantId: string): string {
  return `PS-${mac(key, `id:${participantId}`).toString('hex').slice(0, 10)}`;
}

/** The date shift of a participant in days: ±1…182, never 0. */
export function dateShiftDaysOf(key: PseudonymKey, participantId: string): number {
  const n = mac(key, `shift:${participantId}`).readUInt32BE(0);
  const magnitude = 1 + (n % 182);
  return n & 0x80000000 ? -magnitude : magnitude;
}

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD…` with its calendar date moved by `days` (the time and offset after it kept as written). */
export function shiftIsoDate(text: string, days: number): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (match === null) return text;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) + days * DAY_MS);
  return `${date.toISOString().slice(0, 10)}${text.slice(10)}`;
}

const KEY_COLUMNS = ['record_id', 'participant_id', 'version'];

/** A table whose every column but its keys identifies a person (the identity records) is left out whole. */
function identifyingTable(table: ExportTable): boolean {
  const data = table.columns.filter((c) => !KEY_COLUMNS.includes(c.name));
  return data.length > 0 && data.every((c) => c.identifying === true);
}

/** The pseudonymised copy of `tables` (new objects; the inputs are not changed). */
export function pseudonymise(
  tables: readonly ExportTable[],
  key: PseudonymKey,
  pseudonyms: ReadonlyMap<string, string>,
): readonly ExportTable[] {
  return tables
    .filter((t) => !identifyingTable(t))
    .map((table) => {
      const keep = table.columns.map((c, i) => ({ c, i })).filter(({ c }) => c.identifying !== true);
      const participant = table.columns.findIndex((c) => c.name === 'participant_id');
      return {
        ...table,
        columns: keep.map(({ c }) =>
          c.name === 'participant_id' ? { ...c, label: 'participant (pseudonym)' } : c,
        ),
        rows: table.rows.map((row) => {
          const id = participant >= 0 ? row[participant] : null;
          const days = typeof id === 'string' ? dateShiftDaysOf(key, id) : 0;
          return keep.map(({ c, i }): Cell => {
            const cell = row[i] ?? null;
            if (typeof cell !== 'string') return cell;
            if (c.name === 'participant_id') return pseudonyms.get(cell) ?? keyedPseudonym(key, cell);
            if (c.kind === 'date' || c.kind === 'datetime') return shiftIsoDate(cell, days);
            return cell;
          });
        }),
      };
    });
}
