import { describe, expect, it } from 'vitest';
import { StudyError } from './errors.ts';
import { calendarDaysBetween, completedYears, epochDayOf, secondsBetween, siteDateOf } from './time.ts';

const w = { record: 'r', field: 'f' };

describe('time', () => {
  it('counts completed years the legal way: the birthday itself completes the year', () => {
    expect(completedYears('2006-05-10', '2024-05-09', w, w)).toBe(17);
    expect(completedYears('2006-05-10', '2024-05-10', w, w)).toBe(18);
    expect(completedYears('1943-12-31', '2024-12-30', w, w)).toBe(80);
    expect(completedYears('1943-12-31', '2024-12-31', w, w)).toBe(81);
  });

  it('lets someone born on 29 February turn a year older on 1 March of a non-leap year', () => {
    expect(completedYears('2004-02-29', '2022-02-28', w, w)).toBe(17);
    expect(completedYears('2004-02-29', '2022-03-01', w, w)).toBe(18);
  });

  it('counts calendar days across a month end and a leap day', () => {
    // 2024-02-20 → 2024-03-05: 9 days left in February (leap year, 29 days) + 5 = 14.
    expect(calendarDaysBetween('2024-02-20', '2024-03-05', w, w)).toBe(14);
    expect(calendarDaysBetween('2024-03-05', '2024-02-20', w, w)).toBe(-14);
  });

  it('rejects an impossible calendar date naming the field', () => {
    expect(() => epochDayOf('2023-02-29', { record: 'screening', field: 'screeningDate' })).toThrow(
      /screening: field 'screeningDate' is not a real calendar date/,
    );
    expect(() => epochDayOf('01/02/2023', w)).toThrow(StudyError);
  });

  it('rejects a clock time without a UTC offset', () => {
    expect(() => secondsBetween('2024-03-01T10:00:00', '2024-03-01T11:00:00Z', w, w)).toThrow(/UTC offset/);
  });

  it('measures seconds between instants written with different offsets', () => {
    // 10:00 at +08:00 is 02:00Z; 03:30Z is 90 minutes later.
    expect(secondsBetween('2024-03-01T10:00:00+08:00', '2024-03-01T03:30:00Z', w, w)).toBe(5400);
  });

  it('takes the site-local calendar date of an instant as written', () => {
    expect(siteDateOf('2024-03-01T23:30:00+08:00', w)).toBe('2024-03-01');
  });
});
