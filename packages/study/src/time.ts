import { StudyError } from './errors.ts';

/** Where a value came from, for error messages: the record type and the field path. */
export interface FieldRef {
  readonly record: string;
  readonly field: string;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// An instant must carry its UTC offset (or Z): a clock time without one is ambiguous across sites.
const ISO_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

const MS_PER_DAY = 86_400_000;

/**
 * Days since 1970-01-01 of a calendar date written `YYYY-MM-DD`. Throws `invalid-date` for a malformed
 * or impossible date (2023-02-30).
 */
export function epochDayOf(date: string, where: FieldRef): number {
  const m = ISO_DATE.exec(date);
  if (m === null) {
    throw new StudyError(
      'invalid-date',
      `${where.record}: field '${where.field}' must be a date YYYY-MM-DD, got '${date}'.`,
      where,
    );
  }
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new StudyError(
      'invalid-date',
      `${where.record}: field '${where.field}' is not a real calendar date: '${date}'.`,
      where,
    );
  }
  return ms / MS_PER_DAY;
}

/** Calendar days from `from` to `to` (both `YYYY-MM-DD`); negative when `to` is earlier. */
export function calendarDaysBetween(
  from: string,
  to: string,
  whereFrom: FieldRef,
  whereTo: FieldRef,
): number {
  return epochDayOf(to, whereTo) - epochDayOf(from, whereFrom);
}

/**
 * Age in completed years on `onDate` for someone born on `birthDate` (the legal age: a person turns N on
 * the anniversary; someone born on 29 February turns N on 1 March in non-leap years).
 */
export function completedYears(
  birthDate: string,
  onDate: string,
  whereBirth: FieldRef,
  whereOn: FieldRef,
): number {
  epochDayOf(birthDate, whereBirth);
  epochDayOf(onDate, whereOn);
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [oy, om, od] = onDate.split('-').map(Number) as [number, number, number];
  const hadBirthday = om > bm || (om === bm && od >= bd);
  return oy - by - (hadBirthday ? 0 : 1);
}

/**
 * Milliseconds since the epoch of an ISO 8601 instant that carries its offset (`2024-03-01T10:15:00+08:00`
 * or `...Z`). Throws `invalid-date` otherwise.
 */
export function epochMsOf(dateTime: string, where: FieldRef): number {
  const m = ISO_DATE_TIME.exec(dateTime);
  const ms = m === null ? Number.NaN : Date.parse(dateTime);
  if (m === null || !Number.isFinite(ms) || m[1] === undefined) {
    throw new StudyError(
      'invalid-date',
      `${where.record}: field '${where.field}' must be a date-time with a UTC offset (2024-03-01T10:15:00+08:00), got '${dateTime}'.`,
      where,
    );
  }
  epochDayOf(m[1], where);
  return ms;
}

/** Seconds from instant `from` to instant `to` (negative when `to` is earlier). */
export function secondsBetween(from: string, to: string, whereFrom: FieldRef, whereTo: FieldRef): number {
  return (epochMsOf(to, whereTo) - epochMsOf(from, whereFrom)) / 1000;
}

/**
 * The calendar date on which an instant fell at the site, i.e. the date as written with its own offset
 * (`2024-03-01T23:30:00+08:00` → `2024-03-01`). Protocol day counts use these site-local dates.
 */
export function siteDateOf(dateTime: string, where: FieldRef): string {
  epochMsOf(dateTime, where);
  return dateTime.slice(0, 10);
}
