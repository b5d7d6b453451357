import { diagnosticAccuracy, maxStat, type Proportion, tableFromRows } from '@cxcr4pet/stats';
import { binary, numbers, requireRows, selectComplete } from './columns.ts';
import type { CsvTable } from './csv.ts';
import { pValue, signif, table } from './format.ts';
import { numberOption, required, type StatsOptions, type StatsOutput } from './options.ts';

/** `stats cutpoint --time T --event E --marker M`: maximally selected log-rank cut-point (maxstat, Lau94). */
export function runCutpoint(csv: CsvTable, options: StatsOptions): StatsOutput {
  const time = required(options, 'time', 'cutpoint');
  const event = required(options, 'event', 'cutpoint');
  const marker = required(options, 'marker', 'cutpoint');
  const minprop = numberOption(options, 'minprop', 0.1, 0, 0.5);
  const maxprop = numberOption(options, 'maxprop', 0.9, 0.5, 1);
  const selection = selectComplete(csv, [time, event, marker]);
  requireRows(selection, 4, 'a cut-point search');
  const r = maxStat(
    {
      time: numbers(selection, time),
      event: binary(selection, event, '1 = event, 0 = censored'),
      marker: numbers(selection, marker),
    },
    { minprop, maxprop },
  );
  const text = [
    `Maximally selected LogRank statistics: ${csv.file}, ${marker} for time = ${time}, event = ${event}`,
    ...(selection.dropped > 0 ? [`(${selection.dropped} rows dropped for missing values)`] : []),
    `M = ${signif(r.statistic)}, p-value = ${pValue(r.p)} (Lausen, Sauerbrei & Schumacher 1994 approximation)`,
    `estimated cutpoint: ${marker} <= ${r.cutpoint}`,
    '',
  ].join('\n');
  return { json: { ...r, minprop, maxprop, dropped: selection.dropped }, text };
}

/** `stats accuracy --test T --truth Y`: sensitivity, specificity, PPV, NPV, accuracy with Wilson and Clopper–Pearson CIs. */
export function runAccuracy(csv: CsvTable, options: StatsOptions): StatsOutput {
  const test = required(options, 'test', 'accuracy');
  const truth = required(options, 'truth', 'accuracy');
  const selection = selectComplete(csv, [test, truth]);
  requireRows(selection, 1, 'diagnostic accuracy');
  const a = diagnosticAccuracy(
    tableFromRows(binary(selection, test, 'positive = 1'), binary(selection, truth, 'disease = 1')),
  );
  const row = (name: string, p: Proportion): string[] => [
    name,
    `${p.x}/${p.n}`,
    signif(p.estimate),
    `${signif(p.wilson[0])}-${signif(p.wilson[1])}`,
    `${signif(p.clopperPearson[0])}-${signif(p.clopperPearson[1])}`,
  ];
  const text = [
    `Diagnostic accuracy: ${csv.file}, test = ${test}, truth = ${truth}`,
    ...(selection.dropped > 0 ? [`(${selection.dropped} rows dropped for missing values)`] : []),
    `TP ${a.table.truePositive}, FP ${a.table.falsePositive}, FN ${a.table.falseNegative}, TN ${a.table.trueNegative}`,
    table(
      ['', 'x/n', 'estimate', 'Wilson 95% CI', 'Clopper-Pearson 95% CI'],
      [
        row('sensitivity', a.sensitivity),
        row('specificity', a.specificity),
        row('PPV', a.ppv),
        row('NPV', a.npv),
        row('accuracy', a.accuracy),
      ],
    ),
    '',
  ].join('\n');
  return { json: { ...a, dropped: selection.dropped }, text };
}
