export {
  type DiagnosticAccuracy,
  diagnosticAccuracy,
  type TwoByTwo,
  tableFromRows,
} from './accuracy/diagnostic-accuracy.ts';
export {
  clopperPearsonInterval,
  type Proportion,
  proportion,
  wilsonInterval,
} from './accuracy/proportion-ci.ts';
export { StatsError, type StatsErrorCode } from './errors.ts';
export { binomialTestP } from './hypothesis/binomial-test.ts';
export {
  type ChiSquareResult,
  chiSquareTest,
  type FisherResult,
  fisherExact,
  type Table,
} from './hypothesis/contingency.ts';
export { type McNemarResult, mcnemar } from './hypothesis/mcnemar.ts';
export { type SpearmanResult, spearman } from './hypothesis/spearman.ts';
export {
  mannWhitney,
  type RankSumResult,
  type SignedRankResult,
  type WilcoxonMethod,
  wilcoxonSignedRank,
} from './hypothesis/wilcoxon.ts';
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
export {
  type MaxStatInput,
  type MaxStatOptions,
  type MaxStatPMethod,
  type MaxStatResult,
  maxStat,
} from './survival/max-stat.ts';
