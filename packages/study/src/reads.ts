import { StudyError } from './errors.ts';
import type { RegionFinding, VisualRead } from './records/read.ts';
import { READ_REGIONS, type ReadRegion } from './regions.ts';

/** A read that is internally inconsistent (kept, shown to the reader for correction). */
export interface ReadWarning {
  readonly code:
    | 'patient-call-negative-with-positive-region'
    | 'patient-call-positive-without-findings'
    | 'lesion-in-negative-region';
  readonly message: string;
}

/**
 * Checks a read against itself: a negative per-patient call with a positive region, a positive call with
 * no positive region or lesion, a positive lesion in a region called negative.
 */
export function readConsistency(read: VisualRead): readonly ReadWarning[] {
  const warnings: ReadWarning[] = [];
  const positiveRegions = read.regions.filter((r) => r.finding === 'positive').map((r) => r.region);
  if (read.patientCall === 'negative' && positiveRegions.length > 0) {
    warnings.push({
      code: 'patient-call-negative-with-positive-region',
      message: `read ${read.readId}: patient called negative but regions are positive: ${positiveRegions.join(', ')}.`,
    });
  }
  if (
    read.patientCall === 'positive' &&
    positiveRegions.length === 0 &&
    !read.lesions.some((l) => l.call === 'positive')
  ) {
    warnings.push({
      code: 'patient-call-positive-without-findings',
      message: `read ${read.readId}: patient called positive but no region or lesion is positive.`,
    });
  }
  const negative = new Set(read.regions.filter((r) => r.finding === 'negative').map((r) => r.region));
  for (const lesion of read.lesions) {
    if (lesion.call === 'positive' && negative.has(lesion.region)) {
      warnings.push({
        code: 'lesion-in-negative-region',
        message: `read ${read.readId}: lesion ${lesion.lesionId} is positive but its region '${lesion.region}' is called negative.`,
      });
    }
  }
  return warnings;
}

/** One region read on both tracers. */
export interface RegionPair {
  readonly region: ReadRegion;
  readonly fdg: RegionFinding['finding'];
  readonly pentixafor: RegionFinding['finding'];
}

/** Region-level and patient-level agreement between the FDG and the Pentixafor read of one participant. */
export interface TracerComparison {
  readonly participantId: string;
  readonly regions: readonly RegionPair[];
  /** 2 × 2 counts over regions where both reads are positive or negative; the rest is `notComparable`. */
  readonly bothPositive: number;
  readonly fdgOnly: number;
  readonly pentixaforOnly: number;
  readonly bothNegative: number;
  /** Regions where either read is equivocal or not evaluable. */
  readonly notComparable: number;
  readonly patient: {
    readonly fdg: VisualRead['patientCall'];
    readonly pentixafor: VisualRead['patientCall'];
  };
}

/**
 * Pairs an FDG read and a Pentixafor read of the same participant region by region (the discordant cells
 * `fdgOnly` / `pentixaforOnly` are what McNemar's test compares).
 */
export function compareTracerReads(fdg: VisualRead, pentixafor: VisualRead): TracerComparison {
  if (fdg.tracer !== 'fdg' || pentixafor.tracer !== 'pentixafor') {
    throw new StudyError(
      'invalid-value',
      `visual read: expected an FDG and a Pentixafor read, got ${fdg.tracer} (${fdg.readId}) and ${pentixafor.tracer} (${pentixafor.readId}).`,
      {
        record: 'visual read',
        field: 'tracer',
      },
    );
  }
  if (fdg.participantId !== pentixafor.participantId) {
    throw new StudyError(
      'participant-mismatch',
      `visual read ${pentixafor.readId}: field 'participantId' is ${pentixafor.participantId}, expected ${fdg.participantId}.`,
      {
        record: 'visual read',
        field: 'participantId',
      },
    );
  }
  const findingOf = (read: VisualRead, region: ReadRegion) =>
    read.regions.find((r) => r.region === region)?.finding ?? 'not-evaluable';
  const regions = READ_REGIONS.map((region) => ({
    region,
    fdg: findingOf(fdg, region),
    pentixafor: findingOf(pentixafor, region),
  }));
  const decided = (f: RegionFinding['finding']) => f === 'positive' || f === 'negative';
  const count = (a: string, b: string) => regions.filter((r) => r.fdg === a && r.pentixafor === b).length;
  return {
    participantId: fdg.participantId,
    regions,
    bothPositive: count('positive', 'positive'),
    fdgOnly: count('positive', 'negative'),
    pentixaforOnly: count('negative', 'positive'),
    bothNegative: count('negative', 'negative'),
    notComparable: regions.filter((r) => !decided(r.fdg) || !decided(r.pentixafor)).length,
    patient: { fdg: fdg.patientCall, pentixafor: pentixafor.patientCall },
  };
}

/**
 * Whether a Deauville score means complete metabolic response at interim or end of treatment under
 * Lugano 2014 (scores 1–3 CMR, 4–5 residual disease; Cheson et al., J Clin Oncol 2014;32:3059, Table 3).
 * `X` (uptake unlikely to be lymphoma) does not count against CMR.
 */
export function deauvilleIsCompleteMetabolicResponse(score: 1 | 2 | 3 | 4 | 5 | 'X'): boolean {
  return score === 'X' || score <= 3;
}
