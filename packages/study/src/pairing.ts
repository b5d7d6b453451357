import type { ProtocolDeviation } from './deviations.ts';
import { StudyError } from './errors.ts';
import { PROTOCOL, PROTOCOL_STAMP, type ProtocolStamp } from './protocol.ts';
import type { Scan } from './records/scan.ts';
import { calendarDaysBetween, siteDateOf } from './time.ts';

/** The baseline FDG and Pentixafor PET/CT of one participant, or what is missing. */
export type ScanPairing =
  | {
      readonly kind: 'paired';
      readonly participantId: string;
      readonly fdg: Scan;
      readonly pentixafor: Scan;
      /** Calendar days between the two scans' site-local dates, Pentixafor minus FDG (negative: Pentixafor first). */
      readonly intervalDays: number;
      /** True when |intervalDays| ≤ 14 (protocol: "18F-FDG PET/CT within two weeks"). */
      readonly withinWindow: boolean;
      readonly deviations: readonly ProtocolDeviation[];
      readonly protocol: ProtocolStamp;
    }
  | {
      readonly kind: 'incomplete';
      readonly participantId: string;
      readonly missing: readonly ('fdg' | 'pentixafor')[];
      readonly protocol: ProtocolStamp;
    };

/**
 * Pairs a participant's baseline FDG and 68Ga-Pentixafor PET/CT and checks the ≤ 14-day interval.
 * Days are counted between the site-local calendar dates of the acquisitions (a scan at 23:50 and one at
 * 00:10 the next day are 1 day apart). When there are several baseline scans of a tracer (a repeat after a
 * failed acquisition), the pair closest in time is taken (ties: the earliest FDG, then earliest Pentixafor).
 * All scans must belong to `participantId`; non-baseline scans are ignored.
 */
export function pairBaselineScans(participantId: string, scans: readonly Scan[]): ScanPairing {
  const foreign = scans.find((s) => s.participantId !== participantId);
  if (foreign !== undefined) {
    throw new StudyError(
      'participant-mismatch',
      `scan ${foreign.scanId}: field 'participantId' is ${foreign.participantId}, expected ${participantId}.`,
      { record: 'scan', field: 'participantId' },
    );
  }
  const baseline = scans.filter((s) => s.timepoint === 'baseline');
  const byTime = (a: Scan, b: Scan): number =>
    Date.parse(a.acquisitionStartAt) - Date.parse(b.acquisitionStartAt);
  const fdgs = baseline.filter((s) => s.tracer === 'fdg').sort(byTime);
  const pentixafors = baseline.filter((s) => s.tracer === 'pentixafor').sort(byTime);
  if (fdgs.length === 0 || pentixafors.length === 0) {
    const missing: ('fdg' | 'pentixafor')[] = [];
    if (fdgs.length === 0) missing.push('fdg');
    if (pentixafors.length === 0) missing.push('pentixafor');
    return { kind: 'incomplete', participantId, missing, protocol: PROTOCOL_STAMP };
  }
  let best: { fdg: Scan; pentixafor: Scan; intervalDays: number } | undefined;
  for (const fdg of fdgs) {
    for (const pentixafor of pentixafors) {
      const intervalDays = scanIntervalDays(fdg, pentixafor);
      if (best === undefined || Math.abs(intervalDays) < Math.abs(best.intervalDays))
        best = { fdg, pentixafor, intervalDays };
    }
  }
  if (best === undefined) throw new Error('unreachable: both scan lists are non-empty');
  const withinWindow = Math.abs(best.intervalDays) <= PROTOCOL.maxScanIntervalDays;
  const deviations: ProtocolDeviation[] = withinWindow
    ? []
    : [
        {
          kind: 'protocol-deviation',
          code: 'scan-interval-exceeded',
          field: 'intervalDays',
          message: `FDG PET/CT (${best.fdg.scanId}) and 68Ga-Pentixafor PET/CT (${best.pentixafor.scanId}) are ${Math.abs(best.intervalDays)} days apart; the protocol allows ${PROTOCOL.maxScanIntervalDays}.`,
          protocol: PROTOCOL_STAMP,
        },
      ];
  return { kind: 'paired', participantId, ...best, withinWindow, deviations, protocol: PROTOCOL_STAMP };
}

/** Calendar days from the FDG scan's site-local date to the Pentixafor scan's. */
export function scanIntervalDays(fdg: Scan, pentixafor: Scan): number {
  const f = { record: 'scan', field: 'acquisitionStartAt' };
  return calendarDaysBetween(
    siteDateOf(fdg.acquisitionStartAt, f),
    siteDateOf(pentixafor.acquisitionStartAt, f),
    f,
    f,
  );
}
