/**
 * Formatting of DICOM value representations that dcmjs would otherwise truncate or mangle
 * (PS3.5 §6.2). A DS value written here is the exact decimal string a reader will parse, so callers
 * use `Number(formatDs(x))` when the written value itself must be used in further arithmetic.
 */

/** A Decimal String (DS) of at most 16 characters, with as many significant digits as fit. */
export function formatDs(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`cannot write ${value} as a DICOM DS`);
  for (let digits = 15; digits >= 1; digits--) {
    const text = trimDecimal(value.toPrecision(digits));
    if (text.length <= 16) return text;
  }
  throw new RangeError(`cannot write ${value} in 16 characters`);
}

function trimDecimal(text: string): string {
  const [mantissa = '', exponent] = text.split('e');
  const trimmed = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
  return exponent === undefined ? trimmed : `${trimmed}E${exponent.replace('+', '')}`;
}

/** A local date-time without zone, `YYYY-MM-DDTHH:MM:SS` (seconds may carry a fraction). */
export type LocalDateTime = string;

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?$/;

function parts(value: LocalDateTime): RegExpExecArray {
  const match = LOCAL_DATE_TIME.exec(value);
  if (!match) throw new RangeError(`'${value}' is not a local date-time YYYY-MM-DDTHH:MM:SS`);
  return match;
}

/** DICOM DA (`YYYYMMDD`) of a local date-time. */
export function toDicomDate(value: LocalDateTime): string {
  const m = parts(value);
  return `${m[1]}${m[2]}${m[3]}`;
}

/** DICOM TM (`HHMMSS[.FFFFFF]`) of a local date-time. */
export function toDicomTime(value: LocalDateTime): string {
  const m = parts(value);
  return `${m[4]}${m[5]}${m[6]}${(m[7] ?? '').slice(0, 7)}`;
}

/** DICOM DT (`YYYYMMDDHHMMSS[.FFFFFF]`) of a local date-time, without a zone offset. */
export function toDicomDateTime(value: LocalDateTime): string {
  return `${toDicomDate(value)}${toDicomTime(value)}`;
}

/** Seconds from `from` to `to` (both local, same clock; negative if `to` is earlier). */
export function secondsBetween(from: LocalDateTime, to: LocalDateTime): number {
  return (epochMs(to) - epochMs(from)) / 1000;
}

/** The local date-time `seconds` after `start` (seconds may be fractional or negative). */
export function addSeconds(start: LocalDateTime, seconds: number): LocalDateTime {
  const date = new Date(epochMs(start) + Math.round(seconds * 1000));
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  const ms = date.getUTCMilliseconds();
  const fraction = ms === 0 ? '' : `.${pad(ms, 3)}`;
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${pad(
    date.getUTCHours(),
  )}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}${fraction}`;
}

function epochMs(value: LocalDateTime): number {
  const m = parts(value);
  const n = (i: number): number => Number(m[i] ?? '0');
  return Date.UTC(n(1), n(2) - 1, n(3), n(4), n(5), n(6)) + Math.round(Number(`0${m[7] ?? ''}`) * 1000);
}
