/** Ranks 1..n with ties given their average rank (R's `rank(x)`, ties.method = "average"). */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => (values[a] ?? 0) - (values[b] ?? 0));
  const ranks = new Array<number>(values.length).fill(0);
  let k = 0;
  while (k < order.length) {
    let end = k;
    while (end + 1 < order.length && values[order[end + 1] ?? 0] === values[order[k] ?? 0]) end++;
    for (let i = k; i <= end; i++) ranks[order[i] ?? 0] = (k + end) / 2 + 1;
    k = end + 1;
  }
  return ranks;
}

/** Σ (t³ − t) over the groups of tied values (the tie correction of rank tests). */
export function tieCorrection(ranks: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const r of ranks) counts.set(r, (counts.get(r) ?? 0) + 1);
  let s = 0;
  for (const t of counts.values()) s += t ** 3 - t;
  return s;
}
