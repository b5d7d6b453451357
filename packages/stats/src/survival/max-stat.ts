import { StatsError } from '../errors.ts';
import { normalCdf, normalDensity } from '../special/normal.ts';
import { checkSurvivalInput, type SurvivalInput } from './input.ts';

/** The p-value approximation of `maxstat` (both are closed forms). */
export type MaxStatPMethod = 'Lau94' | 'Lau92';

export interface MaxStatInput extends SurvivalInput {
  /** The continuous marker to dichotomise (e.g. SUVmax). */
  readonly marker: readonly number[];
}

export interface MaxStatOptions {
  /** Smallest share of observations in the low group (maxstat default 0.1). */
  readonly minprop?: number;
  /** Largest share in the low group (maxstat default 0.9). */
  readonly maxprop?: number;
  /** Default `'Lau94'` (Lausen, Sauerbrei & Schumacher 1994, uses the actual cut-points). */
  readonly pMethod?: MaxStatPMethod;
}

export interface MaxStatResult {
  /** The maximal standardised log-rank statistic M. */
  readonly statistic: number;
  /** Estimated cut-point: the low group is marker ≤ cutpoint. */
  readonly cutpoint: number;
  readonly p: number;
  readonly pMethod: MaxStatPMethod;
  /** Every candidate cut-point with its standardised statistic. */
  readonly cuts: readonly number[];
  readonly stats: readonly number[];
}

/** Log-rank scores of exactRankTests' `cscores.Surv` (ties take the maximal rank, as its `irank`). */
export function logRankScores(input: SurvivalInput): number[] {
  const n = input.time.length;
  const order = input.time.map((_, i) => i).sort((a, b) => (input.time[a] ?? 0) - (input.time[b] ?? 0));
  const maxRank = new Array<number>(n).fill(0);
  for (let k = 0; k < n; ) {
    let end = k;
    while (end + 1 < n && input.time[order[end + 1] ?? 0] === input.time[order[k] ?? 0]) end++;
    for (let i = k; i <= end; i++) maxRank[order[i] ?? 0] = end + 1;
    k = end + 1;
  }
  const cumulative: number[] = [];
  let sum = 0;
  for (const i of order) {
    sum += (input.event[i] ?? 0) / (n - (maxRank[i] ?? 0) + 1);
    cumulative.push(sum);
  }
  return input.event.map((e, i) => e - (cumulative[(maxRank[i] ?? 1) - 1] ?? 0));
}

/** Lausen & Schumacher (1992) approximation of P(M ≥ b) (maxstat's `pLausen92`). */
export function pLausen92(b: number, minprop: number, maxprop: number): number {
  if (b < 1) return 1;
  const db = normalDensity(b);
  const p = (4 * db) / b + db * (b - 1 / b) * Math.log((maxprop * (1 - minprop)) / ((1 - maxprop) * minprop));
  return Math.max(p, 0);
}

/** Lausen, Sauerbrei & Schumacher (1994) improved Bonferroni bound over the cut-points m (maxstat's `pLausen94`). */
export function pLausen94(b: number, n: number, m: readonly number[]): number {
  let d = 0;
  for (let i = 0; i + 1 < m.length; i++) {
    const m1 = m[i] ?? 0;
    const m2 = m[i + 1] ?? 0;
    const t = Math.sqrt(1 - (m1 * (n - m2)) / ((n - m1) * m2));
    d += (1 / Math.PI) * Math.exp((-b * b) / 2) * (t - ((b * b) / 4 - 1) * (t ** 3 / 6));
  }
  return 1 - (normalCdf(b) - normalCdf(-b)) + d;
}

/**
 * Maximally selected log-rank statistic for a survival cut-point, as R's
 * `maxstat.test(Surv(time, event) ~ marker, smethod = "LogRank", pmethod = "Lau94" | "Lau92")`:
 * log-rank scores, the standardised linear rank statistic at every distinct marker value between
 * the minprop and maxprop quantiles, its maximum and a p-value corrected for the search.
 * @see Lausen & Schumacher, Biometrics 1992; Hothorn & Lausen, CSDA 2003.
 */
export function maxStat(input: MaxStatInput, options: MaxStatOptions = {}): MaxStatResult {
  checkSurvivalInput(input);
  const minprop = options.minprop ?? 0.1;
  const maxprop = options.maxprop ?? 0.9;
  const pMethod = options.pMethod ?? 'Lau94';
  const n = input.time.length;
  if (input.marker.length !== n)
    throw new StatsError(
      'length-mismatch',
      `marker has ${input.marker.length} values but there are ${n} observations.`,
      {
        field: 'marker',
      },
    );
  input.marker.forEach((v, i) => {
    if (!Number.isFinite(v))
      throw new StatsError('invalid-value', `marker[${i}] is ${v}; it must be a finite number.`, {
        field: 'marker',
        index: i,
      });
  });
  const scores = logRankScores(input);
  const order = input.marker.map((_, i) => i).sort((a, b) => (input.marker[a] ?? 0) - (input.marker[b] ?? 0));
  const x = order.map((i) => input.marker[i] ?? 0);
  const y = order.map((i) => scores[i] ?? 0);
  // m: number of observations below each distinct value (R: which(!duplicated(x)) - 1).
  const lo = Math.max(1, Math.floor(n * minprop));
  const hi = Math.floor(n * maxprop);
  const m = x.flatMap((v, k) => (k === 0 || v !== x[k - 1] ? [k] : [])).filter((k) => k >= lo && k <= hi);
  if (m.length === 0)
    throw new StatsError(
      'too-few-observations',
      `marker has no cut-point with between ${minprop} and ${maxprop} of the observations below it.`,
      {
        field: 'marker',
      },
    );
  const ss = y.reduce((s, v) => s + v, 0);
  const ss2 = y.reduce((s, v) => s + v * v, 0);
  const cumulative: number[] = [];
  y.reduce((s, v) => {
    cumulative.push(s + v);
    return s + v;
  }, 0);
  const stats = m.map((k) => {
    const e = (k / n) * ss;
    const v = ((k * (n - k)) / (n * n * (n - 1))) * (n * ss2 - ss * ss);
    return Math.abs(((cumulative[k - 1] ?? 0) - e) / Math.sqrt(v));
  });
  const statistic = Math.max(...stats);
  const best = stats.indexOf(statistic);
  const cuts = m.map((k) => x[k - 1] ?? Number.NaN);
  return {
    statistic,
    cutpoint: cuts[best] ?? Number.NaN,
    p: pMethod === 'Lau94' ? pLausen94(statistic, n, m) : pLausen92(statistic, minprop, maxprop),
    pMethod,
    cuts,
    stats,
  };
}
