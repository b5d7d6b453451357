import { describe, expect, it } from 'vitest';
import { combineDaTmS, formatIsoLocal, parseClockInput, parseDaS, parseDtS } from './dicom-time.ts';
import { resolveInjectionClockS } from './injection-time.ts';

const clock = (da: string, tm: string): number => combineDaTmS(da, tm) ?? Number.NaN;

describe('the injection date-time', () => {
  it('takes RadiopharmaceuticalStartDateTime as it is', () => {
    const { clockS, warnings } = resolveInjectionClockS({
      override: undefined,
      dateTimeS: clock('20240314', '235000'),
      timeOfDayS: 85800,
      scanClockS: clock('20240315', '000500'),
      seriesDateS: parseDaS('20240315'),
    });
    expect(formatIsoLocal(clockS)).toBe('2024-03-14T23:50:00.000000');
    expect(warnings).toEqual([]);
  });

  it('gives a time of day the series date when the injection precedes the scan that day', () => {
    // StartTime 09:30, series 2024-03-15 10:30 → 2024-03-15 09:30.
    const { clockS, warnings } = resolveInjectionClockS({
      override: undefined,
      dateTimeS: undefined,
      timeOfDayS: 9.5 * 3600,
      scanClockS: clock('20240315', '103000'),
      seriesDateS: parseDaS('20240315'),
    });
    expect(formatIsoLocal(clockS)).toBe('2024-03-15T09:30:00.000000');
    expect(warnings).toEqual([]);
  });

  it('puts an injection at 23:50 on the day before a scan at 00:05, with a warning', () => {
    // Same-day reading would be 2024-03-15 23:50, after the 00:05 scan: take 2024-03-14 23:50
    // (uptake 15 min).
    const { clockS, warnings } = resolveInjectionClockS({
      override: undefined,
      dateTimeS: undefined,
      timeOfDayS: 23 * 3600 + 50 * 60,
      scanClockS: clock('20240315', '000500'),
      seriesDateS: parseDaS('20240315'),
    });
    expect(formatIsoLocal(clockS)).toBe('2024-03-14T23:50:00.000000');
    expect(clock('20240315', '000500') - clockS).toBe(900);
    expect(warnings[0]).toMatch(/day before/);
  });

  it('lets an override replace the file, as a full date-time or a time of day', () => {
    const sources = {
      dateTimeS: clock('20240315', '080000'),
      timeOfDayS: undefined,
      scanClockS: clock('20240315', '103000'),
      seriesDateS: parseDaS('20240315'),
    };
    const full = resolveInjectionClockS({ ...sources, override: parseClockInput('2024-03-15T09:12:30') });
    expect(formatIsoLocal(full.clockS)).toBe('2024-03-15T09:12:30.000000');
    const timeOnly = resolveInjectionClockS({ ...sources, override: parseClockInput('09:12') });
    expect(formatIsoLocal(timeOnly.clockS)).toBe('2024-03-15T09:12:00.000000');
  });

  it('names the missing attribute and the override when there is no injection time', () => {
    expect(() =>
      resolveInjectionClockS({
        override: undefined,
        dateTimeS: undefined,
        timeOfDayS: undefined,
        scanClockS: clock('20240315', '103000'),
        seriesDateS: parseDaS('20240315'),
      }),
    ).toThrow(/RadiopharmaceuticalStartDateTime \(0018,1078\).*--injection-time/);
  });
});

describe('DICOM times', () => {
  it('parses TM with fractions and DT with a zone offset, and rejects nonsense', () => {
    expect(combineDaTmS('20201217', '123514.999995')).toBeCloseTo(clock('20201217', '123514') + 0.999995, 6);
    expect(parseDtS('20201217084500.00+0100')).toBe(clock('20201217', '084500'));
    expect(parseClockInput('20201217084500')).toEqual({
      kind: 'date-time',
      clockS: clock('20201217', '084500'),
    });
    expect(parseClockInput('25:00')).toBeUndefined();
    expect(parseDaS('20230230')).toBeUndefined();
  });
});
