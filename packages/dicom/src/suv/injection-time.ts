import { DicomError } from '../errors.ts';
import { type ClockInput, formatIsoLocal, startOfDayS } from './dicom-time.ts';

const DAY_S = 86_400;

/** Where the injection time comes from, most trusted first. */
export interface InjectionTimeSources {
  /** A person's override (`--injection-time`). */
  readonly override: ClockInput | undefined;
  /** RadiopharmaceuticalStartDateTime, local clock seconds. */
  readonly dateTimeS: number | undefined;
  /** RadiopharmaceuticalStartTime, seconds since midnight. */
  readonly timeOfDayS: number | undefined;
  /** The earliest scan time known (series or first acquisition), local clock seconds. */
  readonly scanClockS: number | undefined;
  /** SeriesDate (midnight), local clock seconds. */
  readonly seriesDateS: number | undefined;
}

/**
 * The injection date-time in local clock seconds. A full date-time (override or
 * RadiopharmaceuticalStartDateTime) is used as is. A time of day alone (RadiopharmaceuticalStartTime,
 * DICOM's older attribute) gets the scan's date; when that would put the injection after the scan
 * (injected before midnight, scanned after it), the day before is taken and a warning says so.
 * Throws `missing-attribute` naming RadiopharmaceuticalStartDateTime when there is no time at all.
 */
export function resolveInjectionClockS(sources: InjectionTimeSources): {
  readonly clockS: number;
  readonly warnings: readonly string[];
} {
  const { override } = sources;
  if (override?.kind === 'date-time') return { clockS: override.clockS, warnings: [] };
  if (override === undefined && sources.dateTimeS !== undefined)
    return { clockS: sources.dateTimeS, warnings: [] };
  const timeOfDayS = override?.kind === 'time-of-day' ? override.secondOfDayS : sources.timeOfDayS;
  if (timeOfDayS === undefined)
    throw new DicomError(
      'missing-attribute',
      'no injection time: RadiopharmaceuticalStartDateTime (0018,1078) and RadiopharmaceuticalStartTime (0018,1072) are missing; give it with --injection-time',
      { attribute: 'RadiopharmaceuticalStartDateTime' },
    );
  const scan = sources.scanClockS;
  const dayS = sources.seriesDateS ?? (scan === undefined ? undefined : startOfDayS(scan));
  if (dayS === undefined)
    throw new DicomError(
      'missing-attribute',
      'the injection has a time but no date, and SeriesDate is missing; give the full date-time with --injection-time',
      { attribute: 'SeriesDate' },
    );
  const sameDay = dayS + timeOfDayS;
  if (scan !== undefined && sameDay > scan) {
    const dayBefore = sameDay - DAY_S;
    return {
      clockS: dayBefore,
      warnings: [
        `injection time of day is later than the scan (${formatIsoLocal(scan)}): injection taken on the day before, ${formatIsoLocal(dayBefore)}`,
      ],
    };
  }
  return { clockS: sameDay, warnings: [] };
}
