import { StatsError } from '../errors.ts';
import { type Proportion, proportion } from './proportion-ci.ts';

/** Counts of a 2×2 diagnostic table: test result against reference standard (truth). */
export interface TwoByTwo {
  readonly truePositive: number;
  readonly falsePositive: number;
  readonly falseNegative: number;
  readonly trueNegative: number;
}

export interface DiagnosticAccuracy {
  readonly table: TwoByTwo;
  readonly sensitivity: Proportion;
  readonly specificity: Proportion;
  readonly ppv: Proportion;
  readonly npv: Proportion;
  readonly accuracy: Proportion;
}

/**
 * Sensitivity TP/(TP+FN), specificity TN/(TN+FP), PPV TP/(TP+FP), NPV TN/(TN+FN) and accuracy, each
 * with Wilson and Clopper–Pearson 95% intervals (STARD 2015 reporting).
 */
export function diagnosticAccuracy(table: TwoByTwo, confLevel = 0.95): DiagnosticAccuracy {
  const { truePositive: tp, falsePositive: fp, falseNegative: fn, trueNegative: tn } = table;
  return {
    table,
    sensitivity: proportion(tp, tp + fn, 'sensitivity', confLevel),
    specificity: proportion(tn, tn + fp, 'specificity', confLevel),
    ppv: proportion(tp, tp + fp, 'ppv', confLevel),
    npv: proportion(tn, tn + fn, 'npv', confLevel),
    accuracy: proportion(tp + tn, tp + fp + fn + tn, 'accuracy', confLevel),
  };
}

/** Builds the 2×2 table from per-patient or per-lesion rows of 0/1 test results and truth. */
export function tableFromRows(test: readonly number[], truth: readonly number[]): TwoByTwo {
  if (test.length !== truth.length)
    throw new StatsError('length-mismatch', `test has ${test.length} values but truth has ${truth.length}.`, {
      field: 'truth',
    });
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  test.forEach((t, i) => {
    const r = truth[i];
    if (t !== 0 && t !== 1)
      throw new StatsError('invalid-value', `test[${i}] is ${t}; test results must be 0 or 1.`, {
        field: 'test',
        index: i,
      });
    if (r !== 0 && r !== 1)
      throw new StatsError('invalid-value', `truth[${i}] is ${r}; truth must be 0 or 1.`, {
        field: 'truth',
        index: i,
      });
    if (t === 1 && r === 1) tp++;
    else if (t === 1) fp++;
    else if (r === 1) fn++;
    else tn++;
  });
  return { truePositive: tp, falsePositive: fp, falseNegative: fn, trueNegative: tn };
}
