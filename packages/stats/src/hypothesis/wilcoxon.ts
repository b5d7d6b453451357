import { StatsError } from '../errors.ts';
import { normalCdf, normalUpper } from '../special/normal.ts';
import { countTail, rankSumDistribution, signRankDistribution } from './rank-distributions.ts';
import { averageRanks, tieCorrection } from './ranks.ts';

/** How the p-value was obtained, as R's `method` string says it. */
export type WilcoxonMethod = 'exact' | 'normal-corrected';

export interface SignedRankResult {
  /** Sum of the ranks of the positive differences x − y (R's V). */
  readonly V: number;
  readonly p: number;
  readonly method: WilcoxonMethod;
  /** Pairs used (zero differences dropped, as R does). */
  readonly n: number;
  readonly zeros: number;
}

function finite(values: readonly number[], field: string): void {
  values.forEach((v, i) => {
    if (!Number.isFinite(v))
      throw new StatsError('invalid-value', `${field}[${i}] is ${v}; values must be finite numbers.`, {
        field,
        index: i,
      });
  });
}

/**
 * Wilcoxon signed-rank test of paired x, y (two-sided), as R's `wilcox.test(x, y, paired = TRUE)`:
 * zero differences are dropped; exact when fewer than 50 pairs remain and there are no ties or
 * zeros, otherwise the normal approximation with tie correction and continuity correction.
 * @see Wilcoxon, Biometrics Bulletin 1945; Hollander & Wolfe, Nonparametric Statistical Methods.
 */
export function wilcoxonSignedRank(x: readonly number[], y: readonly number[]): SignedRankResult {
  if (x.length !== y.length)
    throw new StatsError(
      'length-mismatch',
      `x has ${x.length} values but y has ${y.length}; a paired test needs pairs.`,
      {
        field: 'y',
      },
    );
  finite(x, 'x');
  finite(y, 'y');
  const all = x.map((v, i) => v - (y[i] ?? 0));
  const d = all.filter((v) => v !== 0);
  const zeros = all.length - d.length;
  const n = d.length;
  if (n === 0)
    throw new StatsError(
      'too-few-observations',
      'Every difference x − y is zero: the signed-rank test has nothing to rank.',
      {
        field: 'x',
      },
    );
  const r = averageRanks(d.map(Math.abs));
  const V = r.reduce((s, rank, i) => s + ((d[i] ?? 0) > 0 ? rank : 0), 0);
  const ties = new Set(r).size !== r.length;
  if (n < 50 && !ties && zeros === 0) {
    const dist = signRankDistribution(n);
    const p = V > (n * (n + 1)) / 4 ? countTail(dist, V - 1, true) : countTail(dist, V, false);
    return { V, p: Math.min(2 * p, 1), method: 'exact', n, zeros };
  }
  const z0 = V - (n * (n + 1)) / 4;
  const sigma = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tieCorrection(r) / 48);
  const z = (z0 - Math.sign(z0) * 0.5) / sigma;
  return { V, p: 2 * Math.min(normalCdf(z), normalUpper(z)), method: 'normal-corrected', n, zeros };
}

export interface RankSumResult {
  /** Rank sum of x minus nx(nx + 1)/2 (R's W, the Mann–Whitney U of x). */
  readonly W: number;
  readonly p: number;
  readonly method: WilcoxonMethod;
}

/**
 * Wilcoxon rank-sum (Mann–Whitney) test of two independent samples (two-sided), as R's
 * `wilcox.test(x, y)`: exact when both samples have fewer than 50 values and there are no ties,
 * otherwise normal with tie and continuity correction.
 * @see Mann & Whitney, Ann. Math. Statist. 1947.
 */
export function mannWhitney(x: readonly number[], y: readonly number[]): RankSumResult {
  finite(x, 'x');
  finite(y, 'y');
  if (x.length === 0 || y.length === 0)
    throw new StatsError(
      'too-few-observations',
      'Both groups need at least one value for the rank-sum test.',
      {
        field: x.length === 0 ? 'x' : 'y',
      },
    );
  const nx = x.length;
  const ny = y.length;
  const r = averageRanks([...x, ...y]);
  let W = -(nx * (nx + 1)) / 2;
  for (let i = 0; i < nx; i++) W += r[i] ?? 0;
  const ties = new Set(r).size !== r.length;
  if (nx < 50 && ny < 50 && !ties) {
    const dist = rankSumDistribution(nx, ny);
    const p = W > (nx * ny) / 2 ? countTail(dist, W - 1, true) : countTail(dist, W, false);
    return { W, p: Math.min(2 * p, 1), method: 'exact' };
  }
  const z0 = W - (nx * ny) / 2;
  const sigma = Math.sqrt(((nx * ny) / 12) * (nx + ny + 1 - tieCorrection(r) / ((nx + ny) * (nx + ny - 1))));
  const z = (z0 - Math.sign(z0) * 0.5) / sigma;
  return { W, p: 2 * Math.min(normalCdf(z), normalUpper(z)), method: 'normal-corrected' };
}
