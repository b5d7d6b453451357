import { describe, expect, it } from 'vitest';
import { protocolState, type RecordLike } from './protocol-state.ts';

const participant = (extra: object = {}): RecordLike => ({
  type: 'participant',
  data: { participantId: 'P1', siteId: 'S1', sex: 'female', ...extra },
});
const scan = (scanId: string, tracer: 'fdg' | 'pentixafor', at: string): RecordLike => ({
  type: 'scan',
  data: { scanId, participantId: 'P1', tracer, timepoint: 'baseline', acquisitionStartAt: at },
});
const read = (scanId: string): RecordLike => ({ type: 'visual-read', data: { scanId } });

describe('protocolState (worklist stage and what is overdue)', () => {
  it('walks the milestones in order', () => {
    const enrolled = participant({ enrolledDate: '2026-03-01' });
    const fdg = scan('s-fdg', 'fdg', '2026-03-02T09:00:00+01:00');
    const px = scan('s-px', 'pentixafor', '2026-03-05T09:00:00+01:00');
    expect(protocolState([participant()], '2026-03-01').stage).toBe('screening');
    expect(protocolState([enrolled], '2026-03-01').stage).toBe('enrolled');
    expect(protocolState([enrolled, fdg], '2026-03-03').stage).toBe('fdg-imaged');
    expect(protocolState([enrolled, fdg, px], '2026-03-06')).toEqual({
      stage: 'pentixafor-imaged',
      overdue: ['read missing: FDG', 'read missing: Pentixafor'],
      deviations: [],
    });
    // One read of two is not "read".
    expect(protocolState([enrolled, fdg, px, read('s-fdg')], '2026-03-06').stage).toBe('pentixafor-imaged');
    const both = [enrolled, fdg, px, read('s-fdg'), read('s-px')];
    expect(protocolState(both, '2026-03-06')).toEqual({ stage: 'read', overdue: [], deviations: [] });
    expect(protocolState([...both, { type: 'follow-up-contact', data: {} }], '2026-06-01').stage).toBe(
      'follow-up',
    );
    expect(protocolState([participant({ withdrawnDate: '2026-03-04' }), fdg], '2026-04-01')).toEqual({
      stage: 'withdrawn',
      overdue: [],
      deviations: [],
    });
  });

  it('flags the second baseline scan after 14 days (day 14 is still in the window), by the site date', () => {
    const enrolled = participant({ enrolledDate: '2026-03-01' });
    // FDG at 23:30 on 2 March site time (22:30 UTC): day 0 is 2 March, day 14 is 16 March.
    const fdg = scan('s-fdg', 'fdg', '2026-03-02T23:30:00+01:00');
    expect(protocolState([enrolled, fdg], '2026-03-16').overdue).toEqual(['read missing: FDG']);
    expect(protocolState([enrolled, fdg], '2026-03-17').overdue).toEqual([
      'Pentixafor PET/CT overdue: FDG was 15 days ago (window 14)',
      'read missing: FDG',
    ]);
    // Not enrolled: no clock runs yet.
    expect(protocolState([participant(), fdg], '2026-04-17').overdue).toEqual(['read missing: FDG']);
    const late = scan('s-px', 'pentixafor', '2026-03-18T08:00:00+01:00');
    expect(protocolState([enrolled, fdg, late, read('s-fdg'), read('s-px')], '2026-03-20').overdue).toEqual([
      'baseline scans 16 days apart (window 14)',
    ]);
  });

  it('lists a treatment started before a baseline scan or enrolment as a protocol deviation', () => {
    const enrolled = participant({ enrolledDate: '2026-03-01' });
    const fdg = scan('s-fdg', 'fdg', '2026-03-02T09:00:00+01:00');
    const px = scan('s-px', 'pentixafor', '2026-03-05T09:00:00+01:00');
    const treatment = (startDate: string): RecordLike => ({
      type: 'treatment',
      data: {
        participantId: 'P1',
        regimen: 'R-CHOP',
        category: 'chemo-immunotherapy',
        lineOfTherapy: 1,
        intent: 'curative',
        startDate,
      },
    });
    expect(protocolState([enrolled, fdg, px, treatment('2026-03-09')], '2026-03-10').deviations).toEqual([]);
    // 4 March: after the FDG scan (2 March), before the Pentixafor scan (5 March).
    expect(protocolState([enrolled, fdg, px, treatment('2026-03-04')], '2026-03-10').deviations).toEqual([
      'R-CHOP (line 1) started on 2026-03-04, before the baseline 68Ga-Pentixafor PET/CT of 2026-03-05: the protocol images before treatment.',
    ]);
  });
});
