/**
 * DICOM dates and times as numbers. A scanner's clock has no time zone, so a date-time here is
 * "local clock seconds": seconds since 1970-01-01 00:00 of the scanner's wall clock, computed as if
 * it were UTC. Differences between two such values are true elapsed seconds (no DST jump inside a
 * PET session is assumed).
 * @see DICOM PS3.5 §6.2 (VRs DA, TM, DT)
 */

const SECONDS_PER_DAY = 86_400;

/** Seconds since midnight of a DICOM TM value (`HH`, `HHMM`, `HHMMSS`, `HHMMSS.FFFFFF`, or with colons). */
export function parseTmS(text: string): number | undefined {
  const tm = text.trim().replaceAll(':', '');
  const match = /^(\d{2})(\d{2})?(\d{2})?(\.\d{1,6})?$/.exec(tm);
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2] ?? '0');
  const seconds = Number(match[3] ?? '0');
  const fraction = match[4] ? Number(`0${match[4]}`) : 0;
  if (hours > 23 || minutes > 59 || seconds > 60) return undefined;
  return hours * 3600 + minutes * 60 + seconds + fraction;
}

/**
 * The last DA value parsed and its result: reading a series parses the same few dates (series,
 * acquisition, injection) once per slice, and a regex plus a `Date` each time cost ≈ 4 ms per 500 slices.
 * A cache of a pure function, so the result is the same.
 */
let lastDa: { readonly text: string; readonly seconds: number | undefined } = {
  text: '',
  seconds: undefined,
};

/** Local clock seconds of midnight at the start of a DICOM DA value (`YYYYMMDD`, or `YYYY-MM-DD`). */
export function parseDaS(text: string): number | undefined {
  if (text === lastDa.text) return lastDa.seconds;
  const seconds = parseDaUncached(text);
  lastDa = { text, seconds };
  return seconds;
}

function parseDaUncached(text: string): number | undefined {
  const da = text.trim().replaceAll('-', '').replaceAll('.', '');
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(da);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day)
    return undefined;
  return ms / 1000;
}

/**
 * Local clock seconds of a DICOM DT value (`YYYYMMDDHHMMSS.FFFFFF`, optionally with a `&ZZXX` UTC
 * offset, which is ignored because the other times of the file carry none).
 */
export function parseDtS(text: string): number | undefined {
  const dt = text.trim().replace(/[+-]\d{4}$/, '');
  const match = /^(\d{8})(\d{2}(?:\d{2}(?:\d{2}(?:\.\d{1,6})?)?)?)?$/.exec(dt);
  if (!match) return undefined;
  const day = parseDaS(match[1] ?? '');
  if (day === undefined) return undefined;
  const time = match[2] ? parseTmS(match[2]) : 0;
  return time === undefined ? undefined : day + time;
}

/** Date-time from separate DA and TM values. */
export function combineDaTmS(date: string, time: string): number | undefined {
  const day = parseDaS(date);
  const seconds = parseTmS(time);
  return day === undefined || seconds === undefined ? undefined : day + seconds;
}

/** Midnight (local clock seconds) of the day that contains `clockS`. */
export function startOfDayS(clockS: number): number {
  return Math.floor(clockS / SECONDS_PER_DAY) * SECONDS_PER_DAY;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function split(clockS: number): { date: Date; secondOfDay: number } {
  const dayS = startOfDayS(clockS);
  return { date: new Date(dayS * 1000), secondOfDay: clockS - dayS };
}

/** DICOM DT text `YYYYMMDDHHMMSS.FFFFFF` of local clock seconds (rounded to the microsecond). */
export function formatDt(clockS: number): string {
  const micro = Math.round(clockS * 1e6);
  const whole = Math.floor(micro / 1e6);
  const { date, secondOfDay } = split(whole);
  const h = Math.floor(secondOfDay / 3600);
  const m = Math.floor((secondOfDay % 3600) / 60);
  const s = secondOfDay % 60;
  const day = `${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1, 2)}${pad(date.getUTCDate(), 2)}`;
  return `${day}${pad(h, 2)}${pad(m, 2)}${pad(s, 2)}.${pad(micro - whole * 1e6, 6)}`;
}

/** ISO-8601 text `YYYY-MM-DDTHH:MM:SS.ffffff` (no zone: the scanner's clock) of local clock seconds. */
export function formatIsoLocal(clockS: number): string {
  const dt = formatDt(clockS);
  return `${dt.slice(0, 4)}-${dt.slice(4, 6)}-${dt.slice(6, 8)}T${dt.slice(8, 10)}:${dt.slice(10, 12)}:${dt.slice(12)}`;
}

/**
 * A time given by a person (command line): ISO `YYYY-MM-DDTHH:MM[:SS]`, DICOM DT `YYYYMMDDHHMMSS`,
 * or a time of day `HH:MM[:SS]` / `HHMMSS` whose date is inferred later.
 */
export type ClockInput =
  | { readonly kind: 'date-time'; readonly clockS: number }
  | { readonly kind: 'time-of-day'; readonly secondOfDayS: number };

export function parseClockInput(text: string): ClockInput | undefined {
  const trimmed = text.trim();
  const iso = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/.exec(trimmed);
  if (iso) {
    const day = parseDaS(iso[1] ?? '');
    const time = parseTmS(iso[2] ?? '');
    return day === undefined || time === undefined ? undefined : { kind: 'date-time', clockS: day + time };
  }
  if (/^\d{12,14}(\.\d+)?$/.test(trimmed)) {
    const clockS = parseDtS(trimmed);
    return clockS === undefined ? undefined : { kind: 'date-time', clockS };
  }
  const secondOfDayS = parseTmS(trimmed);
  return secondOfDayS === undefined ? undefined : { kind: 'time-of-day', secondOfDayS };
}
