import { StatsError } from '../errors.ts';
import { normalQuantile } from '../special/normal.ts';

/** `'<'`: higher scores indicate a case (pROC's "controls < cases"); `'>'`: lower scores do. */
export type RocDirection = '<' | '>';

export interface RocInput {
  /** The test's value per subject (e.g. SUVmax). */
  readonly score: readonly number[];
  /** 1 = case (disease), 0 = control. */
  readonly truth: readonly number[];
}

export interface RocOptions {
  /** Default `'auto'`: `'<'` when the controls' median ≤ the cases' median (pROC's rule). */
  readonly direction?: RocDirection | 'auto';
  readonly confLevel?: number;
}

export interface RocPoint {
  readonly threshold: number;
  readonly sensitivity: number;
  readonly specificity: number;
}

export interface RocResult {
  readonly direction: RocDirection;
  readonly nCases: number;
  readonly nControls: number;
  readonly auc: number;
  /** DeLong variance of the AUC. */
  readonly aucVariance: number;
  /** DeLong confidence interval, clipped to [0, 1] as pROC does. */
  readonly aucCi: readonly [number, number];
  /**
   * The empirical curve at pROC's thresholds (−∞, midpoints between distinct scores, +∞), in
   * pROC's order: ascending for `'<'`, descending for `'>'`.
   */
  readonly curve: readonly RocPoint[];
  /** Youden's best threshold (max sensitivity + specificity); the first of `youdenTies`. */
  readonly youden: RocPoint;
  /** Every threshold reaching the maximum, as `coords(roc, "best")` lists them. */
  readonly youdenTies: readonly RocPoint[];
}

/** Cases and controls after validation. */
export interface RocSplit {
  readonly cases: readonly number[];
  readonly controls: readonly number[];
}

/** Splits scores by truth, rejecting non-finite scores, truths other than 0/1 and empty classes. */
export function splitByTruth(input: RocInput, field = 'score'): RocSplit {
  if (input.score.length !== input.truth.length)
    throw new StatsError(
      'length-mismatch',
      `${field} has ${input.score.length} values but truth has ${input.truth.length}.`,
      {
        field: 'truth',
      },
    );
  const cases: number[] = [];
  const controls: number[] = [];
  input.score.forEach((s, i) => {
    const t = input.truth[i];
    if (!Number.isFinite(s))
      throw new StatsError('invalid-value', `${field}[${i}] is ${s}; scores must be finite numbers.`, {
        field,
        index: i,
      });
    if (t === 1) cases.push(s);
    else if (t === 0) controls.push(s);
    else
      throw new StatsError('invalid-value', `truth[${i}] is ${t}; truth must be 1 (case) or 0 (control).`, {
        field: 'truth',
        index: i,
      });
  });
  if (cases.length === 0 || controls.length === 0)
    throw new StatsError(
      'too-few-observations',
      `truth has ${cases.length} cases and ${controls.length} controls; a ROC curve needs both.`,
      { field: 'truth' },
    );
  return { cases, controls };
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** pROC's automatic direction: `'<'` unless the controls' median exceeds the cases'. */
export function autoDirection(split: RocSplit): RocDirection {
  return median(split.controls) <= median(split.cases) ? '<' : '>';
}

/** Midranks (1-based, ties get their mean rank) of `values`. */
function midranks(values: readonly number[]): Float64Array {
  const order = values.map((_, i) => i).sort((a, b) => (values[a] ?? 0) - (values[b] ?? 0));
  const ranks = new Float64Array(values.length);
  let k = 0;
  while (k < order.length) {
    let end = k;
    while (end + 1 < order.length && values[order[end + 1] ?? 0] === values[order[k] ?? 0]) end++;
    const rank = (k + end) / 2 + 1;
    for (let i = k; i <= end; i++) ranks[order[i] ?? 0] = rank;
    k = end + 1;
  }
  return ranks;
}

/**
 * DeLong's structural components (placements): for each case, the share of controls it beats
 * (ties count ½), and for each control the share of cases that beat it; their means are the AUC.
 * Computed by midranks in O(N log N) (Sun & Xu, IEEE SPL 2014).
 */
export interface Placements {
  readonly auc: number;
  readonly cases: Float64Array;
  readonly controls: Float64Array;
}

export function delongPlacements(split: RocSplit, direction: RocDirection): Placements {
  const sign = direction === '<' ? 1 : -1;
  const x = split.cases.map((v) => sign * v);
  const y = split.controls.map((v) => sign * v);
  const m = x.length;
  const n = y.length;
  const all = midranks([...x, ...y]);
  const rx = midranks(x);
  const ry = midranks(y);
  const cases = Float64Array.from(x, (_, i) => ((all[i] ?? 0) - (rx[i] ?? 0)) / n);
  const controls = Float64Array.from(y, (_, j) => 1 - ((all[m + j] ?? 0) - (ry[j] ?? 0)) / m);
  let auc = 0;
  for (const v of cases) auc += v;
  return { auc: auc / m, cases, controls };
}

/** Sample covariance (n − 1) of two placement vectors around their means. */
export function placementCovariance(a: Float64Array, b: Float64Array, meanA: number, meanB: number): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += ((a[i] ?? 0) - meanA) * ((b[i] ?? 0) - meanB);
  return s / (a.length - 1);
}

/** pROC's thresholds: −∞, midpoints between consecutive distinct scores, +∞ (with its near-tie fix). */
export function rocThresholds(scores: readonly number[], direction: RocDirection): number[] {
  const unique = [...new Set(scores)].sort((a, b) => a - b);
  const lowers = [Number.NEGATIVE_INFINITY, ...unique];
  const uppers = [...unique, Number.POSITIVE_INFINITY];
  const present = new Set(scores);
  return lowers.map((lo, i) => {
    const hi = uppers[i] ?? Number.POSITIVE_INFINITY;
    const mid = (lo + hi) / 2;
    const t = Math.abs(mid) > 1e100 ? lo / 2 + hi / 2 : mid;
    if (!present.has(t)) return t;
    // Adjacent doubles: the midpoint rounds onto a score; pROC moves it to the side that keeps the order.
    if (direction === '<') return t === lo ? hi : t;
    return t === hi ? lo : t;
  });
}

/**
 * Empirical ROC analysis as pROC's `roc(truth, score, ci = TRUE)` + `coords(roc, "best")`: AUC
 * (Mann–Whitney), DeLong variance and CI (clipped to [0, 1]), the curve at midpoint thresholds
 * and Youden's best threshold(s).
 * @see DeLong, DeLong & Clarke-Pearson, Biometrics 1988; Robin et al., BMC Bioinformatics 2011.
 */
export function roc(input: RocInput, options: RocOptions = {}): RocResult {
  const split = splitByTruth(input);
  const direction =
    options.direction === undefined || options.direction === 'auto'
      ? autoDirection(split)
      : options.direction;
  const z = normalQuantile(1 - (1 - (options.confLevel ?? 0.95)) / 2);
  const m = split.cases.length;
  const n = split.controls.length;
  const placements = delongPlacements(split, direction);
  const auc = placements.auc;
  const variance =
    m > 1 && n > 1
      ? placementCovariance(placements.cases, placements.cases, auc, auc) / m +
        placementCovariance(placements.controls, placements.controls, auc, auc) / n
      : Number.NaN;
  const se = Math.sqrt(variance);
  const clip = (v: number): number => Math.min(1, Math.max(0, v));
  const positive = direction === '<' ? (s: number, t: number) => s >= t : (s: number, t: number) => s <= t;
  const thresholds = rocThresholds([...split.controls, ...split.cases], direction);
  if (direction === '>') thresholds.reverse();
  const curve = thresholds.map((threshold) => ({
    threshold,
    sensitivity: split.cases.filter((s) => positive(s, threshold)).length / m,
    specificity: (n - split.controls.filter((s) => positive(s, threshold)).length) / n,
  }));
  let best = Number.NEGATIVE_INFINITY;
  for (const p of curve) best = Math.max(best, p.sensitivity + p.specificity);
  const youdenTies = curve.filter((p) => p.sensitivity + p.specificity === best);
  const youden = youdenTies[0] ?? { threshold: Number.NaN, sensitivity: Number.NaN, specificity: Number.NaN };
  return {
    direction,
    nCases: m,
    nControls: n,
    auc,
    aucVariance: variance,
    aucCi: [clip(auc - z * se), clip(auc + z * se)],
    curve,
    youden,
    youdenTies,
  };
}
