import { StatsError } from '../errors.ts';
import { normalQuantile, normalUpper } from '../special/normal.ts';
import {
  autoDirection,
  delongPlacements,
  placementCovariance,
  type RocDirection,
  splitByTruth,
} from './roc.ts';

export interface DelongPairedInput {
  /** First test's score per subject (e.g. Pentixafor SUVmax). */
  readonly score1: readonly number[];
  /** Second test's score for the same subjects (e.g. FDG SUVmax). */
  readonly score2: readonly number[];
  readonly truth: readonly number[];
}

export interface DelongPairedResult {
  readonly auc1: number;
  readonly auc2: number;
  readonly direction1: RocDirection;
  readonly direction2: RocDirection;
  /** auc1 − auc2 */
  readonly difference: number;
  readonly se: number;
  readonly z: number;
  /** Two-sided p-value. */
  readonly p: number;
  /** Confidence interval of the difference. */
  readonly ci: readonly [number, number];
}

/**
 * DeLong's test for two correlated AUCs measured on the same subjects, as pROC's
 * `roc.test(roc1, roc2, method = "delong", paired = TRUE)`; each curve takes its automatic direction.
 * @see DeLong, DeLong & Clarke-Pearson, Biometrics 1988.
 */
export function delongPairedTest(input: DelongPairedInput, confLevel = 0.95): DelongPairedResult {
  if (input.score1.length !== input.score2.length)
    throw new StatsError(
      'length-mismatch',
      `score1 has ${input.score1.length} values but score2 has ${input.score2.length}; a paired test needs both on every subject.`,
      { field: 'score2' },
    );
  const split1 = splitByTruth({ score: input.score1, truth: input.truth }, 'score1');
  const split2 = splitByTruth({ score: input.score2, truth: input.truth }, 'score2');
  const direction1 = autoDirection(split1);
  const direction2 = autoDirection(split2);
  const v1 = delongPlacements(split1, direction1);
  const v2 = delongPlacements(split2, direction2);
  const m = split1.cases.length;
  const n = split1.controls.length;
  const sx11 = placementCovariance(v1.cases, v1.cases, v1.auc, v1.auc);
  const sx22 = placementCovariance(v2.cases, v2.cases, v2.auc, v2.auc);
  const sx12 = placementCovariance(v1.cases, v2.cases, v1.auc, v2.auc);
  const sy11 = placementCovariance(v1.controls, v1.controls, v1.auc, v1.auc);
  const sy22 = placementCovariance(v2.controls, v2.controls, v2.auc, v2.auc);
  const sy12 = placementCovariance(v1.controls, v2.controls, v1.auc, v2.auc);
  const variance = (sx11 + sx22 - 2 * sx12) / m + (sy11 + sy22 - 2 * sy12) / n;
  const se = Math.sqrt(variance);
  const difference = v1.auc - v2.auc;
  const z = difference / se;
  const q = normalQuantile(1 - (1 - confLevel) / 2);
  return {
    auc1: v1.auc,
    auc2: v2.auc,
    direction1,
    direction2,
    difference,
    se,
    z,
    p: 2 * normalUpper(Math.abs(z)),
    ci: [difference - q * se, difference + q * se],
  };
}
