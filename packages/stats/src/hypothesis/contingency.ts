import { StatsError } from '../errors.ts';
import { chiSquareUpper, hypergeometricPmf } from '../special/distributions.ts';

/** A contingency table as rows of counts. A 2×2 table is [[a, b], [c, d]]. */
export type Table = readonly (readonly number[])[];

function checkTable(table: Table, minSize: number): void {
  const cols = table[0]?.length ?? 0;
  if (table.length < minSize || cols < minSize || table.some((row) => row.length !== cols))
    throw new StatsError(
      'invalid-value',
      `The table must be rectangular with at least ${minSize}×${minSize} cells.`,
      {
        field: 'table',
      },
    );
  for (const [i, row] of table.entries())
    for (const [j, v] of row.entries())
      if (!Number.isInteger(v) || v < 0)
        throw new StatsError(
          'invalid-value',
          `table[${i}][${j}] is ${v}; counts must be non-negative integers.`,
          {
            field: 'table',
          },
        );
}

/**
 * Fisher's exact test for a 2×2 table, two-sided, as R's `fisher.test(table)$p.value`: the sum of
 * hypergeometric probabilities no larger than the observed table's (relative tolerance 1e-7).
 * @see Fisher, JRSS 1922; Agresti, Categorical Data Analysis §3.5.
 */
export function fisherExact(table: Table): { readonly p: number } {
  checkTable(table, 2);
  if (table.length !== 2 || table[0]?.length !== 2)
    throw new StatsError('invalid-value', 'Fisher’s exact test here takes a 2×2 table.', { field: 'table' });
  const [[a = 0, b = 0] = [], [c = 0, d = 0] = []] = table;
  const m = a + c; // first column total
  const n = b + d;
  const k = a + b; // first row total
  const lo = Math.max(0, k - n);
  const hi = Math.min(k, m);
  const observed = hypergeometricPmf(a, m, n, k);
  let p = 0;
  for (let x = lo; x <= hi; x++) {
    const px = hypergeometricPmf(x, m, n, k);
    if (px <= observed * (1 + 1e-7)) p += px;
  }
  return { p: Math.min(1, p) };
}

export interface ChiSquareResult {
  readonly chisq: number;
  readonly df: number;
  readonly p: number;
  readonly expected: readonly (readonly number[])[];
}

/**
 * Pearson's chi-square test of independence, as R's `chisq.test(table, correct)`: for a 2×2 table
 * with `correct` (R's default) Yates' continuity correction min(0.5, |O − E|).
 */
export function chiSquareTest(table: Table, correct = true): ChiSquareResult {
  checkTable(table, 2);
  const rows = table.map((row) => row.reduce((s, v) => s + v, 0));
  const cols = (table[0] ?? []).map((_, j) => table.reduce((s, row) => s + (row[j] ?? 0), 0));
  const total = rows.reduce((s, v) => s + v, 0);
  const expected = rows.map((r) => cols.map((c) => (r * c) / total));
  if (expected.some((row) => row.some((e) => !(e > 0))))
    throw new StatsError(
      'invalid-value',
      'A row or column of the table is all zero: chi-square is undefined.',
      {
        field: 'table',
      },
    );
  const twoByTwo = table.length === 2 && cols.length === 2;
  let yates = 0;
  if (correct && twoByTwo) {
    yates = 0.5;
    for (const [i, row] of table.entries())
      for (const [j, o] of row.entries()) yates = Math.min(yates, Math.abs(o - (expected[i]?.[j] ?? 0)));
  }
  let chisq = 0;
  for (const [i, row] of table.entries())
    for (const [j, o] of row.entries()) {
      const e = expected[i]?.[j] ?? 1;
      chisq += (Math.abs(o - e) - yates) ** 2 / e;
    }
  const df = (rows.length - 1) * (cols.length - 1);
  return { chisq, df, p: chiSquareUpper(chisq, df), expected };
}
