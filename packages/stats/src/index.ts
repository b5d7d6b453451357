export { StatsError, type StatsErrorCode } from './errors.ts';
export { type DelongPairedInput, type DelongPairedResult, delongPairedTest } from './roc/delong-test.ts';
export {
  type RocDirection,
  type RocInput,
  type RocOptions,
  type RocPoint,
  type RocResult,
  roc,
} from './roc/roc.ts';
export { betaQuantile, incompleteBeta, logBeta } from './special/beta.ts';
export {
  binomialCdf,
  binomialPmf,
  chiSquareUpper,
  hypergeometricPmf,
  studentTCdf,
  studentTUpper,
} from './special/distributions.ts';
export { incompleteGamma, logChoose, logGamma, type Tails } from './special/gamma.ts';
export { normalCdf, normalDensity, normalQuantile, normalUpper } from './special/normal.ts';
export {
  type ChiSquareTest,
  type CoxCoefficient,
  type CoxInput,
  type CoxOptions,
  type CoxResult,
  type CoxTies,
  coxPh,
} from './survival/cox.ts';
export type { Covariate, DesignTerm } from './survival/cox-design.ts';
export { coxZph, type ZphTest } from './survival/cox-zph.ts';
export type { SurvivalInput } from './survival/input.ts';
export {
  type ConfType,
  type GroupCurve,
  type KaplanMeierCurve,
  type KaplanMeierOptions,
  kaplanMeier,
  kaplanMeierByGroup,
  type SurvivalAtTime,
  survivalAt,
} from './survival/kaplan-meier.ts';
export { type LogRankGroup, type LogRankInput, type LogRankResult, logRank } from './survival/log-rank.ts';
