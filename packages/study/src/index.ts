export { type AdverseEventSummary, isRelated, summariseAdverseEvents } from './adverse-events.ts';
export { type ConsortScreening, consortScreening } from './consort.ts';
export type { DeviationCode, ProtocolDeviation } from './deviations.ts';
export {
  assessDose,
  type DoseAssessment,
  type DoseWarning,
  doseWindowDeviations,
  HALF_LIFE_S,
  type NetInjectedActivity,
  netInjectedActivity,
  uptakeTime,
} from './dose.ts';
export { assessEligibility, type EligibilityInput } from './eligibility.ts';
export { StudyError, type StudyErrorCode } from './errors.ts';
export { pairBaselineScans, type ScanPairing, scanIntervalDays } from './pairing.ts';
export { PROTOCOL, PROTOCOL_STAMP, type ProtocolStamp } from './protocol.ts';
export {
  compareTracerReads,
  deauvilleIsCompleteMetabolicResponse,
  type ReadWarning,
  type RegionPair,
  readConsistency,
  type TracerComparison,
} from './reads.ts';
export * from './records/adverse-event.ts';
export * from './records/baseline.ts';
export * from './records/common.ts';
export * from './records/diagnosis.ts';
export * from './records/dose.ts';
export * from './records/eligibility.ts';
export * from './records/follow-up.ts';
export * from './records/labs.ts';
export * from './records/lesion-review.ts';
export { parseRecord } from './records/parse.ts';
export * from './records/participant.ts';
export * from './records/read.ts';
export { IDENTIFYING_RECORD_TYPES, RECORD_SCHEMAS, type RecordType } from './records/registry.ts';
export * from './records/scan.ts';
export * from './records/screening.ts';
export * from './records/treatment.ts';
export * from './regions.ts';
export { checkResponseSystem, responseSystemsFor } from './response.ts';
export { applicableScores, type ScoreRecords } from './scores/applicable.ts';
export * from './scores/cll.ts';
export * from './scores/cns-lymphoma.ts';
export * from './scores/durie-salmon.ts';
export * from './scores/indolent-lymphoma.ts';
export * from './scores/ipi.ts';
export * from './scores/lugano-stage.ts';
export * from './scores/myeloma-iss.ts';
export type { ScoreFactor, ScoreResult, ScoreSystem } from './scores/result.ts';
export {
  DAYS_PER_MONTH,
  deriveSurvival,
  isProgression,
  type SurvivalInput,
  type SurvivalOutcome,
  type TimeToEvent,
} from './survival.ts';
export {
  calendarDaysBetween,
  completedYears,
  epochDayOf,
  epochMsOf,
  type FieldRef,
  secondsBetween,
  siteDateOf,
} from './time.ts';
export {
  baselineImagingDates,
  type TreatmentTimingInput,
  treatmentDeviations,
} from './treatment.ts';
