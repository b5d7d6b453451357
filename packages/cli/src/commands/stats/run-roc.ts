import { delongPairedTest, type RocPoint, roc } from '@cxcr4pet/stats';
import { binary, numbers, requireRows, selectComplete } from './columns.ts';
import type { CsvTable } from './csv.ts';
import { pValue, signif } from './format.ts';
import { optional, required, type StatsOptions, type StatsOutput } from './options.ts';

/** JSON has no infinities: the end thresholds are written as R prints them, "-Inf" and "Inf". */
function rThreshold(p: RocPoint): Record<string, unknown> {
  const t = p.threshold;
  return { ...p, threshold: Number.isFinite(t) ? t : t > 0 ? 'Inf' : '-Inf' };
}

/** `stats roc`: AUC with DeLong CI and Youden's threshold; with --score2, DeLong's paired test too. */
export function runRoc(csv: CsvTable, options: StatsOptions): StatsOutput {
  const scoreColumn = required(options, 'score', 'roc');
  const truthColumn = required(options, 'truth', 'roc');
  const score2Column = optional(options, 'score2');
  const selection = selectComplete(csv, [scoreColumn, truthColumn, ...(score2Column ? [score2Column] : [])]);
  requireRows(selection, 2, 'a ROC curve');
  const truth = binary(selection, truthColumn, '1 = case, 0 = control');
  const score = numbers(selection, scoreColumn);
  const r = roc({ score, truth });
  const json: Record<string, unknown> = {
    auc: r.auc,
    aucCi: r.aucCi,
    direction: r.direction,
    nCases: r.nCases,
    nControls: r.nControls,
    dropped: selection.dropped,
    youden: rThreshold(r.youden),
    youdenTies: r.youdenTies.map(rThreshold),
    curve: r.curve.map(rThreshold),
  };
  let text = [
    `ROC: ${csv.file}, score = ${scoreColumn}, truth = ${truthColumn}`,
    ...(selection.dropped > 0 ? [`(${selection.dropped} rows dropped for missing values)`] : []),
    `Data: ${r.nControls} controls (${truthColumn} 0) ${r.direction} ${r.nCases} cases (${truthColumn} 1).`,
    `Area under the curve: ${signif(r.auc)}`,
    `95% CI: ${signif(r.aucCi[0])}-${signif(r.aucCi[1])} (DeLong)`,
    `Youden's best threshold: ${signif(r.youden.threshold)} (sensitivity ${signif(r.youden.sensitivity)}, specificity ${signif(r.youden.specificity)})`,
    '',
  ].join('\n');
  if (score2Column) {
    const t = delongPairedTest({ score1: score, score2: numbers(selection, score2Column), truth });
    json.delong = t;
    text += [
      '',
      `DeLong's test for two correlated ROC curves: ${scoreColumn} vs ${score2Column}`,
      `Z = ${signif(t.z)}, p-value = ${pValue(t.p)}`,
      `95 percent confidence interval of the AUC difference: ${signif(t.ci[0])} ${signif(t.ci[1])}`,
      `AUC of ${scoreColumn}: ${signif(t.auc1)}   AUC of ${score2Column}: ${signif(t.auc2)}`,
      '',
    ].join('\n');
  }
  return { json, text };
}
