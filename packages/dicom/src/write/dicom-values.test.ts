import { describe, expect, it } from 'vitest';
import {
  addSeconds,
  formatDs,
  secondsBetween,
  toDicomDate,
  toDicomDateTime,
  toDicomTime,
} from './dicom-values.ts';

describe('formatDs', () => {
  it('keeps a short value exact and never exceeds 16 characters', () => {
    expect(formatDs(4062.6)).toBe('4062.6');
    expect(formatDs(150e6)).toBe('150000000');
    for (const x of [Math.PI, 1 / 3, 1.234567890123e-7, -9.87654321e12, 6586.2, 0]) {
      const text = formatDs(x);
      expect(text.length).toBeLessThanOrEqual(16);
      expect(Math.abs(Number(text) - x)).toBeLessThanOrEqual(Math.abs(x) * 1e-9);
    }
  });
});

describe('local date-times', () => {
  it('formats DICOM DA, TM and DT', () => {
    expect(toDicomDate('2026-03-16T09:05:07')).toBe('20260316');
    expect(toDicomTime('2026-03-16T09:05:07')).toBe('090507');
    expect(toDicomDateTime('2026-03-16T09:05:07.250')).toBe('20260316090507.250');
  });

  it('counts seconds across midnight and adds them back', () => {
    // 23:30 to 00:45 the next day is 75 minutes.
    expect(secondsBetween('2026-03-15T23:30:00', '2026-03-16T00:45:00')).toBe(4500);
    expect(addSeconds('2026-03-15T23:30:00', 4500)).toBe('2026-03-16T00:45:00');
  });
});
