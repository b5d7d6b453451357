import {
  calendarDaysBetween,
  type Participant,
  PROTOCOL,
  type Scan,
  type Screening,
  siteDateOf,
  type Treatment,
  treatmentDeviations,
  type VisualRead,
} from '@cxcr4pet/study';

/** The protocol's milestones in order, as the worklist shows them. */
export const STAGES = [
  'screening',
  'enrolled',
  'fdg-imaged',
  'pentixafor-imaged',
  'read',
  'follow-up',
] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_LABELS: Readonly<Record<Stage | 'withdrawn', string>> = {
  screening: 'Screening',
  enrolled: 'Enrolled',
  'fdg-imaged': 'FDG imaged',
  'pentixafor-imaged': 'Pentixafor imaged',
  read: 'Read',
  'follow-up': 'Follow-up',
  withdrawn: 'Withdrawn',
};

/** A record as `GET /api/participants/:id/records` returns it (only what the worklist reads). */
export interface RecordLike {
  readonly type: string;
  readonly data: unknown;
}

export interface ProtocolState {
  /** The last milestone reached with every one before it (imaging: FDG, then Pentixafor, at baseline). */
  readonly stage: Stage | 'withdrawn';
  /** What is late or missing today, one sentence each (empty: nothing). */
  readonly overdue: readonly string[];
  /** Protocol deviations shown by the records (a treatment started before baseline imaging), one sentence each. */
  readonly deviations: readonly string[];
}

const FOLLOW_UP_TYPES = new Set(['response-assessment', 'follow-up-contact', 'progression', 'death']);
const TRACER_NAMES = { fdg: 'FDG', pentixafor: 'Pentixafor' } as const;

/**
 * A participant's protocol state from their records, on `today` (YYYY-MM-DD, the site's date):
 * the stage, and what is overdue — the second baseline PET/CT more than `PROTOCOL.maxScanIntervalDays`
 * (14) days after the first, the two baseline scans further apart than that, and any scan without a
 * visual read — and the protocol deviations of the treatment records (`treatmentDeviations`: started
 * before a baseline PET/CT or enrolment). Pure, so that the rules are tested without a browser.
 */
export function protocolState(records: readonly RecordLike[], today: string): ProtocolState {
  const of = <T>(type: string) => records.filter((r) => r.type === type).map((r) => r.data as T);
  const participant = of<Participant>('participant').at(-1);
  if (participant?.withdrawnDate !== undefined) return { stage: 'withdrawn', overdue: [], deviations: [] };
  const scans = of<Scan>('scan').filter((s) => s.timepoint === 'baseline');
  const reads = of<VisualRead>('visual-read');
  const fdg = scans.find((s) => s.tracer === 'fdg');
  const pentixafor = scans.find((s) => s.tracer === 'pentixafor');
  const done: Record<Stage, boolean> = {
    screening: true,
    enrolled: participant?.enrolledDate !== undefined,
    'fdg-imaged': fdg !== undefined,
    'pentixafor-imaged': pentixafor !== undefined,
    read: scans.length === 2 && scans.every((s) => reads.some((r) => r.scanId === s.scanId)),
    'follow-up': records.some((r) => FOLLOW_UP_TYPES.has(r.type)),
  };
  let stage: Stage = 'screening';
  for (const next of STAGES) {
    if (!done[next]) break;
    stage = next;
  }

  const overdue: string[] = [];
  const window = PROTOCOL.maxScanIntervalDays;
  const dateOf = (scan: Scan) =>
    siteDateOf(scan.acquisitionStartAt, { record: 'scan', field: 'acquisitionStartAt' });
  const days = (from: string, to: string) =>
    calendarDaysBetween(
      from,
      to,
      { record: 'scan', field: 'acquisitionStartAt' },
      { record: 'today', field: 'date' },
    );
  if (fdg !== undefined && pentixafor !== undefined) {
    const apart = Math.abs(days(dateOf(fdg), dateOf(pentixafor)));
    if (apart > window) overdue.push(`baseline scans ${apart} days apart (window ${window})`);
  } else if (done.enrolled && (fdg ?? pentixafor) !== undefined) {
    const first = (fdg ?? pentixafor) as Scan;
    const since = days(dateOf(first), today);
    const missing = fdg === undefined ? 'FDG' : 'Pentixafor';
    if (since > window) {
      overdue.push(
        `${missing} PET/CT overdue: ${TRACER_NAMES[first.tracer]} was ${since} days ago (window ${window})`,
      );
    }
  }
  for (const scan of scans) {
    if (!reads.some((r) => r.scanId === scan.scanId))
      overdue.push(`read missing: ${TRACER_NAMES[scan.tracer]}`);
  }
  const allScans = of<Scan>('scan');
  const screening = of<Screening>('screening').at(-1);
  const deviations = of<Treatment>('treatment').flatMap((t) =>
    treatmentDeviations(t, { enrolledDate: participant?.enrolledDate, scans: allScans, screening }).map(
      (d) => d.message,
    ),
  );
  return { stage, overdue, deviations };
}
