import type { ProtocolDeviation } from './deviations.ts';
import { PROTOCOL_STAMP } from './protocol.ts';
import type { Scan } from './records/scan.ts';
import type { Screening } from './records/screening.ts';
import type { Treatment } from './records/treatment.ts';
import { epochDayOf, siteDateOf } from './time.ts';

/** What a treatment's start is checked against: the participant's enrolment and baseline PET/CTs. */
export interface TreatmentTimingInput {
  readonly enrolledDate?: string | undefined;
  /** The participant's scan records (only baseline scans count). */
  readonly scans: readonly Scan[];
  /** The screening record, whose known PET/CT dates stand in for a tracer without a baseline scan record. */
  readonly screening?: Screening | undefined;
}

const TRACER_NAME = { fdg: '18F-FDG PET/CT', pentixafor: '68Ga-Pentixafor PET/CT' } as const;

/**
 * The baseline PET/CT date of each tracer: the earliest baseline scan record's site-local date, else the
 * screening record's known date of that PET/CT, else none.
 */
export function baselineImagingDates(input: Pick<TreatmentTimingInput, 'scans' | 'screening'>): {
  readonly fdg?: string;
  readonly pentixafor?: string;
} {
  const out: { fdg?: string; pentixafor?: string } = {};
  for (const tracer of ['fdg', 'pentixafor'] as const) {
    const dates = input.scans
      .filter((s) => s.tracer === tracer && s.timepoint === 'baseline')
      .map((s) => siteDateOf(s.acquisitionStartAt, { record: 'scan', field: 'acquisitionStartAt' }))
      .sort();
    const fromScreening =
      tracer === 'fdg' ? input.screening?.fdgPetCtDate : input.screening?.pentixaforPetCtDate;
    const date = dates[0] ?? (fromScreening?.kind === 'known' ? fromScreening.date : undefined);
    if (date !== undefined) out[tracer] = date;
  }
  return out;
}

/**
 * Protocol rule: baseline imaging precedes treatment. A treatment whose start date is before the
 * participant's baseline FDG or Pentixafor PET/CT (site-local calendar dates), or before enrolment, is
 * a protocol deviation — recorded and shown, never a refusal (the record is kept as entered). A start on
 * the same day as a scan is not flagged: treatment records carry dates only, and the scan is done first
 * on the day by the site's routine. A PET/CT not done yet cannot be checked (nothing is flagged for it).
 */
export function treatmentDeviations(
  treatment: Treatment,
  input: TreatmentTimingInput,
): readonly ProtocolDeviation[] {
  const where = { record: 'treatment', field: 'startDate' };
  const startDay = epochDayOf(treatment.startDate, where);
  const deviations: ProtocolDeviation[] = [];
  const imaging = baselineImagingDates(input);
  for (const tracer of ['pentixafor', 'fdg'] as const) {
    const date = imaging[tracer];
    if (date === undefined || startDay >= epochDayOf(date, { record: 'scan', field: 'acquisitionStartAt' }))
      continue;
    deviations.push({
      kind: 'protocol-deviation',
      code: 'treatment-before-baseline-imaging',
      field: 'startDate',
      message: `${treatment.regimen} (line ${treatment.lineOfTherapy}) started on ${treatment.startDate}, before the baseline ${TRACER_NAME[tracer]} of ${date}: the protocol images before treatment.`,
      protocol: PROTOCOL_STAMP,
    });
  }
  const enrolled = input.enrolledDate;
  if (
    enrolled !== undefined &&
    startDay < epochDayOf(enrolled, { record: 'participant', field: 'enrolledDate' })
  ) {
    deviations.push({
      kind: 'protocol-deviation',
      code: 'treatment-before-enrolment',
      field: 'startDate',
      message: `${treatment.regimen} (line ${treatment.lineOfTherapy}) started on ${treatment.startDate}, before enrolment on ${enrolled}.`,
      protocol: PROTOCOL_STAMP,
    });
  }
  return deviations;
}
