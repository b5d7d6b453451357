import { fisherExact, mannWhitney, mcnemar, spearman, wilcoxonSignedRank } from '@cxcr4pet/stats';
import { binary, labels, numbers, requireRows, selectComplete } from './columns.ts';
import type { CsvTable } from './csv.ts';
import { CsvError } from './csv-error.ts';
import { pValue, signif } from './format.ts';
import { required, type StatsOptions, type StatsOutput } from './options.ts';

/** `stats mcnemar --a A --b B`: paired 0/1 outcomes (e.g. lesion seen on Pentixafor, on FDG). */
export function runMcnemar(csv: CsvTable, options: StatsOptions): StatsOutput {
  const a = required(options, 'a', 'mcnemar');
  const b = required(options, 'b', 'mcnemar');
  const selection = selectComplete(csv, [a, b]);
  requireRows(selection, 1, 'McNemar’s test');
  const r = mcnemar(binary(selection, a, 'positive = 1'), binary(selection, b, 'positive = 1'));
  const text = [
    `McNemar's Chi-squared test with continuity correction: ${csv.file}, ${a} vs ${b}`,
    ...(selection.dropped > 0 ? [`(${selection.dropped} rows dropped for missing values)`] : []),
    `discordant pairs: ${a}=1 & ${b}=0: ${r.b}, ${a}=0 & ${b}=1: ${r.c}`,
    `McNemar's chi-squared = ${signif(r.chisq)}, df = 1, p-value = ${pValue(r.p)}`,
    `exact (binomial) p-value = ${pValue(r.exactP)}`,
    '',
  ].join('\n');
  return { json: { ...r, dropped: selection.dropped }, text };
}

/** `stats wilcoxon --x X --y Y`: Wilcoxon signed-rank test of paired values. */
export function runWilcoxon(csv: CsvTable, options: StatsOptions): StatsOutput {
  const x = required(options, 'x', 'wilcoxon');
  const y = required(options, 'y', 'wilcoxon');
  const selection = selectComplete(csv, [x, y]);
  requireRows(selection, 1, 'the signed-rank test');
  const r = wilcoxonSignedRank(numbers(selection, x), numbers(selection, y));
  const text = [
    `Wilcoxon signed rank ${r.method === 'exact' ? 'exact test' : 'test with continuity correction'}: ${csv.file}, ${x} and ${y} (paired)`,
    ...(selection.dropped > 0 ? [`(${selection.dropped} rows dropped for missing values)`] : []),
    `V = ${signif(r.V)}, p-value = ${pValue(r.p)}${r.zeros > 0 ? ` (${r.zeros} zero differences dropped)` : ''}`,
    '',
  ].join('\n');
  return { json: { ...r, dropped: selection.dropped }, text };
}

/** `stats spearman --x X --y Y`: Spearman's rho with cor.test's p-value. */
export function runSpearman(csv: CsvTable, options: StatsOptions): StatsOutput {
  const x = required(options, 'x', 'spearman');
  const y = required(options, 'y', 'spearman');
  const selection = selectComplete(csv, [x, y]);
  requireRows(selection, 3, 'Spearman’s test');
  const r = spearman(numbers(selection, x), numbers(selection, y));
  const text = [
    `Spearman's rank correlation rho: ${csv.file}, ${x} and ${y}`,
    ...(selection.dropped > 0 ? [`(${selection.dropped} rows dropped for missing values)`] : []),
    `S = ${signif(r.S)}, p-value = ${pValue(r.p)} (${r.method === 't' ? 't approximation' : r.method === 'exact' ? 'exact' : 'AS 89 Edgeworth'})`,
    `rho = ${signif(r.rho, 7)}`,
    '',
  ].join('\n');
  return { json: { ...r, dropped: selection.dropped }, text };
}

/** `stats mannwhitney --value V --group G`: rank-sum test between the two values of G. */
export function runMannWhitney(csv: CsvTable, options: StatsOptions): StatsOutput {
  const value = required(options, 'value', 'mannwhitney');
  const group = required(options, 'group', 'mannwhitney');
  const selection = selectComplete(csv, [value, group]);
  const values = numbers(selection, value);
  const groups = labels(selection, group);
  const levels = [...new Set(groups)].sort();
  const [g1, g2] = levels;
  if (levels.length !== 2 || g1 === undefined || g2 === undefined)
    throw new CsvError(
      'csv-bad-value',
      `${csv.file}, column '${group}': needs exactly two groups, found ${levels.length} (${levels.join(', ')}).`,
      {
        file: csv.file,
        column: group,
      },
    );
  const r = mannWhitney(
    values.filter((_, i) => groups[i] === g1),
    values.filter((_, i) => groups[i] === g2),
  );
  const text = [
    `Wilcoxon rank sum ${r.method === 'exact' ? 'exact test' : 'test with continuity correction'}: ${csv.file}, ${value} by ${group} (${g1} vs ${g2})`,
    ...(selection.dropped > 0 ? [`(${selection.dropped} rows dropped for missing values)`] : []),
    `W = ${signif(r.W)}, p-value = ${pValue(r.p)}`,
    '',
  ].join('\n');
  return { json: { ...r, groups: [g1, g2], dropped: selection.dropped }, text };
}

/** `stats fisher --a A --b B`: Fisher's exact test on the 2×2 table of two 0/1 columns (rows A, columns B). */
export function runFisher(csv: CsvTable, options: StatsOptions): StatsOutput {
  const a = required(options, 'a', 'fisher');
  const b = required(options, 'b', 'fisher');
  const selection = selectComplete(csv, [a, b]);
  requireRows(selection, 1, 'Fisher’s test');
  const va = binary(selection, a, '0/1');
  const vb = binary(selection, b, '0/1');
  const count = (i: number, j: number): number => va.filter((v, k) => v === i && vb[k] === j).length;
  const table = [
    [count(0, 0), count(0, 1)],
    [count(1, 0), count(1, 1)],
  ];
  const r = fisherExact(table);
  const text = [
    `Fisher's Exact Test for Count Data: ${csv.file}, rows ${a} = 0/1, columns ${b} = 0/1`,
    ...(selection.dropped > 0 ? [`(${selection.dropped} rows dropped for missing values)`] : []),
    `table: [[${table[0]?.join(', ')}], [${table[1]?.join(', ')}]]`,
    `p-value = ${pValue(r.p)}`,
    `95 percent confidence interval: ${signif(r.oddsRatioCi[0])} ${signif(r.oddsRatioCi[1])}`,
    `odds ratio (conditional MLE): ${signif(r.oddsRatio)}`,
    '',
  ].join('\n');
  return { json: { table, ...r, dropped: selection.dropped }, text };
}
