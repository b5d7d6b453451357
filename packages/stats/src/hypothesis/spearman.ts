import { StatsError } from '../errors.ts';
import { studentTCdf, studentTUpper } from '../special/distributions.ts';
import { normalCdf, normalUpper } from '../special/normal.ts';
import { averageRanks } from './ranks.ts';

export interface SpearmanResult {
  readonly rho: number;
  /** S = (n³ − n)(1 − ρ)/6, R's statistic. */
  readonly S: number;
  readonly p: number;
  readonly n: number;
  /** `exact` (enumeration, n ≤ 9), `edgeworth` (AS 89, n ≤ 1290 without ties) or `t` (ties or large n). */
  readonly method: 'exact' | 'edgeworth' | 't';
}

function pearson(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = (a[i] ?? 0) - ma;
    const db = (b[i] ?? 0) - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
}

/**
 * Algorithm AS 89 (Best & Roberts 1975) as in R's prho.c: P(S ≥ is) (or P(S < is) for the lower
 * tail), by enumerating all n! permutations for n ≤ 9, otherwise by an Edgeworth series.
 */
export function spearmanTail(n: number, is: number, lowerTail: boolean): number {
  const n3 = (n * (n * n - 1)) / 3;
  if (n <= 1 || is <= 0) return lowerTail ? 0 : 1;
  if (is > n3) return lowerTail ? 1 : 0;
  if (n <= 9) {
    const l = Array.from({ length: n }, (_, i) => i + 1);
    let nfac = 1;
    for (let i = 1; i <= n; i++) nfac *= i;
    let ifr = 0;
    if (is === n3) ifr = 1;
    else {
      for (let m = 0; m < nfac; m++) {
        let ise = 0;
        for (let i = 0; i < n; i++) ise += (i + 1 - (l[i] ?? 0)) ** 2;
        if (is <= ise) ifr++;
        // Next permutation in AS 89's rotation order.
        let n1 = n;
        let mt: number;
        do {
          mt = l[0] ?? 0;
          for (let i = 1; i < n1; i++) l[i - 1] = l[i] ?? 0;
          n1--;
          l[n1] = mt;
        } while (mt === n1 + 1 && n1 > 1);
      }
    }
    return (lowerTail ? nfac - ifr : ifr) / nfac;
  }
  const b = 1 / n;
  const x = ((6 * (is - 1) * b) / (n * n - 1) - 1) * Math.sqrt(n - 1);
  let y = x * x;
  const u =
    x *
    b *
    (0.2274 +
      b * (0.2531 + 0.1745 * b) +
      y *
        (-0.0758 +
          b * (0.1033 + 0.3932 * b) -
          y * b * (0.0879 + 0.0151 * b - y * (0.0072 - 0.0831 * b + y * b * (0.0131 - 4.6e-4 * y)))));
  y = u / Math.exp(y / 2);
  const pv = (lowerTail ? -y : y) + (lowerTail ? normalCdf(x) : normalUpper(x));
  return Math.min(1, Math.max(0, pv));
}

/**
 * Spearman's rank correlation with its two-sided p-value, as R's
 * `cor.test(x, y, method = "spearman")`: AS 89 (exact for n ≤ 9, Edgeworth up to 1290) without
 * ties; with ties (or n > 1290) the t approximation on n − 2 df, as R falls back to.
 */
export function spearman(x: readonly number[], y: readonly number[]): SpearmanResult {
  if (x.length !== y.length)
    throw new StatsError('length-mismatch', `x has ${x.length} values but y has ${y.length}.`, {
      field: 'y',
    });
  for (const [values, field] of [
    [x, 'x'],
    [y, 'y'],
  ] as const)
    values.forEach((v, i) => {
      if (!Number.isFinite(v))
        throw new StatsError('invalid-value', `${field}[${i}] is ${v}; values must be finite numbers.`, {
          field,
          index: i,
        });
    });
  const n = x.length;
  if (n < 3)
    throw new StatsError('too-few-observations', `Spearman's test needs at least 3 pairs, got ${n}.`, {
      field: 'x',
    });
  const rho = pearson(averageRanks(x), averageRanks(y));
  const S = ((n ** 3 - n) * (1 - rho)) / 6;
  const ties = Math.min(new Set(x).size, new Set(y).size) < n;
  const exact = !ties && n <= 1290;
  const tail = (q: number, lowerTail: boolean): number => {
    if (exact) return spearmanTail(n, Math.round(q) + 2 * (lowerTail ? 1 : 0), lowerTail);
    const r = 1 - q / ((n * (n * n - 1)) / 6);
    const t = r / Math.sqrt((1 - r * r) / (n - 2));
    return lowerTail ? studentTUpper(t, n - 2) : studentTCdf(t, n - 2);
  };
  const p = S > (n ** 3 - n) / 6 ? tail(S, false) : tail(S, true);
  return { rho, S, p: Math.min(2 * p, 1), n, method: exact ? (n <= 9 ? 'exact' : 'edgeworth') : 't' };
}
