/**
 * Exact null distributions of the Wilcoxon statistics by counting (dynamic programming), as R's
 * `psignrank` and `pwilcox`. Counts are doubles: exact up to 2^53, relative 1e-16 beyond. Both
 * tails are summed directly so that small p-values keep their precision.
 */

/** A discrete distribution on 0..max given by counts; `tail` sums the probability of one side of q. */
export interface CountDistribution {
  readonly counts: Float64Array;
  readonly total: number;
}

/** P(X ≤ q) (`upper` false) or P(X > q) (`upper` true), as R's p-functions with lower.tail. */
export function countTail(dist: CountDistribution, q: number, upper: boolean): number {
  const k = Math.floor(q + 1e-7);
  let sum = 0;
  dist.counts.forEach((c, s) => {
    if (upper ? s > k : s <= k) sum += c;
  });
  return sum / dist.total;
}

/** Null distribution of the signed-rank statistic V for n untied, non-zero differences. */
export function signRankDistribution(n: number): CountDistribution {
  const max = (n * (n + 1)) / 2;
  const counts = new Float64Array(max + 1);
  counts[0] = 1;
  for (let r = 1; r <= n; r++)
    for (let s = max; s >= r; s--) counts[s] = (counts[s] ?? 0) + (counts[s - r] ?? 0);
  return { counts, total: 2 ** n };
}

/** Null distribution of the rank-sum statistic W (Mann–Whitney U) for untied samples of sizes m and n. */
export function rankSumDistribution(m: number, n: number): CountDistribution {
  const max = m * n;
  // ways[j][u]: choices of j of the first i ranks whose U = (rank sum − j(j+1)/2) equals u.
  const ways = Array.from({ length: m + 1 }, () => new Float64Array(max + 1));
  const first = ways[0];
  if (first) first[0] = 1;
  for (let i = 1; i <= m + n; i++) {
    for (let j = Math.min(i, m); j >= 1; j--) {
      const row = ways[j];
      const prev = ways[j - 1];
      if (!row || !prev) continue;
      const shift = i - j; // taking rank i as the j-th chosen adds (i − j) to U
      for (let u = max; u >= shift; u--) row[u] = (row[u] ?? 0) + (prev[u - shift] ?? 0);
    }
  }
  const counts = ways[m] ?? new Float64Array(max + 1);
  let total = 0;
  for (const c of counts) total += c;
  return { counts, total };
}
