import { describe, expect, it } from 'vitest';
import { pairBaselineScans } from './pairing.ts';
import type { Scan } from './records/scan.ts';

const scan = (
  scanId: string,
  tracer: Scan['tracer'],
  at: string,
  timepoint: Scan['timepoint'] = 'baseline',
): Scan => ({
  scanId,
  participantId: 'CX-002',
  tracer,
  timepoint,
  acquisitionStartAt: at,
});

describe('pairing baseline scans', () => {
  it('pairs scans 14 calendar days apart as within the window', () => {
    const p = pairBaselineScans('CX-002', [
      scan('F', 'fdg', '2024-02-20T15:00:00+08:00'),
      scan('P', 'pentixafor', '2024-03-05T09:00:00+08:00'),
    ]);
    expect(p.kind).toBe('paired');
    if (p.kind !== 'paired') return;
    expect(p.intervalDays).toBe(14);
    expect(p.withinWindow).toBe(true);
    expect(p.deviations).toEqual([]);
  });

  it('records 15 days apart as a protocol deviation, whichever scan came first', () => {
    const p = pairBaselineScans('CX-002', [
      scan('P', 'pentixafor', '2024-02-20T09:00:00+08:00'),
      scan('F', 'fdg', '2024-03-06T09:00:00+08:00'),
    ]);
    if (p.kind !== 'paired') throw new Error('expected a pair');
    expect(p.intervalDays).toBe(-15);
    expect(p.withinWindow).toBe(false);
    expect(p.deviations[0]?.message).toMatch(/15 days apart; the protocol allows 14/);
  });

  it('counts site-local calendar days, not 24-hour periods', () => {
    // 23:50 and 00:10 the next day are 20 minutes but one calendar day apart.
    const p = pairBaselineScans('CX-002', [
      scan('F', 'fdg', '2024-03-01T23:50:00+08:00'),
      scan('P', 'pentixafor', '2024-03-02T00:10:00+08:00'),
    ]);
    expect(p.kind === 'paired' && p.intervalDays).toBe(1);
  });

  it('picks the closest pair when a tracer was scanned twice and ignores follow-up scans', () => {
    const p = pairBaselineScans('CX-002', [
      scan('F1', 'fdg', '2024-03-01T09:00:00+08:00'),
      scan('F2', 'fdg', '2024-03-08T09:00:00+08:00'),
      scan('P1', 'pentixafor', '2024-03-10T09:00:00+08:00'),
      scan('P9', 'pentixafor', '2024-03-08T12:00:00+08:00', 'follow-up'),
    ]);
    if (p.kind !== 'paired') throw new Error('expected a pair');
    expect([p.fdg.scanId, p.pentixafor.scanId, p.intervalDays]).toEqual(['F2', 'P1', 2]);
  });

  it('says which tracer is missing', () => {
    expect(pairBaselineScans('CX-002', [scan('F', 'fdg', '2024-03-01T09:00:00Z')])).toMatchObject({
      kind: 'incomplete',
      missing: ['pentixafor'],
    });
    expect(pairBaselineScans('CX-002', [])).toMatchObject({
      kind: 'incomplete',
      missing: ['fdg', 'pentixafor'],
    });
  });

  it("rejects another participant's scan", () => {
    const other = { ...scan('X', 'fdg', '2024-03-01T09:00:00Z'), participantId: 'CX-003' };
    expect(() => pairBaselineScans('CX-002', [other])).toThrow(
      /scan X: field 'participantId' is CX-003, expected CX-002/,
    );
  });
});
