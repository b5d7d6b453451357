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

export interface FisherResult {
  /** Two-sided p-value. */
  readonly p: number;
  /** Conditional maximum-likelihood odds ratio (0 or ∞ at the edges of the support). */
  readonly oddsRatio: number;
  /** Conditional (exact) confidence interval of the odds ratio. */
  readonly oddsRatioCi: readonly [number, number];
}

/** Root of a monotone f on (0, 1) by bisection to double precision (R uses uniroot at tol 1.2e-4). */
function bisect(f: (t: number) => number): number {
  let lo = 0;
  let hi = 1;
  const increasing = f(1) > f(Number.EPSILON);
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (f(mid) > 0 === increasing) hi = mid;
    else lo = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * Fisher's exact test for a 2×2 table [[a, b], [c, d]], as R's `fisher.test(table)`: the two-sided
 * p-value sums the hypergeometric probabilities no larger than the observed table's (relative
 * tolerance 1e-7); the odds ratio is the conditional MLE and its interval the exact conditional
 * one, both from the noncentral hypergeometric distribution (roots found by bisection to double
 * precision, where fisher.test's uniroot stops near 1e-4).
 * @see Fisher, JRSS 1922; Agresti, Categorical Data Analysis §3.5, §16.6.
 */
export function fisherExact(table: Table, confLevel = 0.95): FisherResult {
  checkTable(table, 2);
  if (table.length !== 2 || table[0]?.length !== 2)
    throw new StatsError('invalid-value', 'Fisher’s exact test here takes a 2×2 table.', { field: 'table' });
  const [[x = 0, b = 0] = [], [c = 0, d = 0] = []] = table;
  const m = x + c; // first column total
  const n = b + d;
  const k = x + b; // first row total
  const lo = Math.max(0, k - n);
  const hi = Math.min(k, m);
  const support = Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
  const logdc = support.map((s) => Math.log(hypergeometricPmf(s, m, n, k)));
  const density = (ncp: number): number[] => {
    const logs = logdc.map((l, i) => l + Math.log(ncp) * (support[i] ?? 0));
    const max = Math.max(...logs);
    const e = logs.map((l) => Math.exp(l - max));
    const total = e.reduce((s, v) => s + v, 0);
    return e.map((v) => v / total);
  };
  const mean = (ncp: number): number => density(ncp).reduce((s, p, i) => s + p * (support[i] ?? 0), 0);
  const tail = (ncp: number, upper: boolean): number =>
    density(ncp).reduce(
      (s, p, i) => s + ((upper ? (support[i] ?? 0) >= x : (support[i] ?? 0) <= x) ? p : 0),
      0,
    );
  const atOne = density(1);
  const observed = atOne[x - lo] ?? 0;
  const p = Math.min(
    1,
    atOne.reduce((s, v) => s + (v <= observed * (1 + 1e-7) ? v : 0), 0),
  );
  const solve = (f: (ncp: number) => number, atOneValue: number): number => {
    if (atOneValue > 0) return bisect((t) => f(t));
    if (atOneValue < 0) return 1 / bisect((t) => f(1 / t));
    return 1;
  };
  const oddsRatio =
    x === lo ? 0 : x === hi ? Number.POSITIVE_INFINITY : solve((t) => mean(t) - x, mean(1) - x);
  const alpha = (1 - confLevel) / 2;
  const upper =
    x === hi ? Number.POSITIVE_INFINITY : solve((t) => alpha - tail(t, false), alpha - tail(1, false));
  const lower = x === lo ? 0 : solve((t) => tail(t, true) - alpha, tail(1, true) - alpha);
  return { p, oddsRatio, oddsRatioCi: [lower, upper] };
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
