import { StatsError } from '../errors.ts';
import { quadraticFormInverse } from '../linear-algebra.ts';
import { chiSquareUpper } from '../special/distributions.ts';
import { checkLabels, checkSurvivalInput, type SurvivalInput, sortedLevels } from './input.ts';

export interface LogRankInput extends SurvivalInput {
  readonly group: readonly string[];
  /** Optional strata: observed/expected/variance are summed over strata (`+ strata(s)`). */
  readonly stratum?: readonly string[];
}

export interface LogRankGroup {
  readonly group: string;
  readonly n: number;
  readonly observed: number;
  readonly expected: number;
}

export interface LogRankResult {
  readonly chisq: number;
  readonly df: number;
  readonly p: number;
  readonly groups: readonly LogRankGroup[];
  /** Variance–covariance matrix of O − E, groups in the order of `groups`. */
  readonly variance: readonly (readonly number[])[];
}

/**
 * Log-rank test (`survdiff(Surv(time, event) ~ group [+ strata(s)])`, rho = 0): chi-square of
 * O − E with the hypergeometric variance, over the groups with E > 0; df = their number − 1.
 * Unlike R, times are not merged by `aeqSurv`: pass exact times.
 * @see Mantel 1966; Peto & Peto 1972; Therneau, survival `survdiff`.
 */
export function logRank(input: LogRankInput): LogRankResult {
  checkSurvivalInput(input);
  const n = input.time.length;
  checkLabels(input.group, n, 'group');
  if (input.stratum) checkLabels(input.stratum, n, 'stratum');
  const levels = sortedLevels(input.group);
  if (levels.length < 2)
    throw new StatsError(
      'single-group',
      `group has only one value (${levels[0]}); the log-rank test needs two or more.`,
      {
        field: 'group',
      },
    );
  const g = levels.length;
  const groupIndex = input.group.map((v) => levels.indexOf(v));
  const strata = input.stratum ?? new Array<string>(n).fill('');
  const observed = new Array<number>(g).fill(0);
  const expected = new Array<number>(g).fill(0);
  const variance = Array.from({ length: g }, () => new Array<number>(g).fill(0));
  for (const stratum of new Set(strata)) {
    const idx = strata.flatMap((s, i) => (s === stratum ? [i] : []));
    idx.sort((a, b) => (input.time[b] ?? 0) - (input.time[a] ?? 0)); // descending: risk sets grow
    const atRisk = new Array<number>(g).fill(0);
    let k = 0;
    while (k < idx.length) {
      const t = input.time[idx[k] ?? 0];
      const deaths = new Array<number>(g).fill(0);
      while (k < idx.length && input.time[idx[k] ?? 0] === t) {
        const i = idx[k] ?? 0;
        const gi = groupIndex[i] ?? 0;
        atRisk[gi] = (atRisk[gi] ?? 0) + 1;
        if (input.event[i] === 1) deaths[gi] = (deaths[gi] ?? 0) + 1;
        k++;
      }
      const d = deaths.reduce((a, b) => a + b, 0);
      if (d === 0) continue;
      const nr = atRisk.reduce((a, b) => a + b, 0);
      const factor = nr > 1 ? (d * (nr - d)) / (nr - 1) : 0;
      for (let a = 0; a < g; a++) {
        const na = atRisk[a] ?? 0;
        observed[a] = (observed[a] ?? 0) + (deaths[a] ?? 0);
        expected[a] = (expected[a] ?? 0) + (d * na) / nr;
        const row = variance[a] ?? [];
        for (let b = 0; b < g; b++) {
          const nb = atRisk[b] ?? 0;
          row[b] = (row[b] ?? 0) + factor * (na / nr) * ((a === b ? 1 : 0) - nb / nr);
        }
      }
    }
  }
  const used = levels.map((_, a) => a).filter((a) => (expected[a] ?? 0) > 0);
  const df = used.length - 1;
  let chisq = 0;
  if (used.length >= 2) {
    const rest = used.slice(1);
    const diff = rest.map((a) => (observed[a] ?? 0) - (expected[a] ?? 0));
    const v = rest.map((a) => rest.map((b) => variance[a]?.[b] ?? 0));
    const q = quadraticFormInverse(v, diff);
    if (q === undefined)
      throw new StatsError(
        'singular-matrix',
        'The log-rank variance matrix is singular; check the group column.',
        {
          field: 'group',
        },
      );
    chisq = q;
  }
  return {
    chisq,
    df,
    p: chiSquareUpper(chisq, df),
    groups: levels.map((group, a) => ({
      group,
      n: groupIndex.filter((x) => x === a).length,
      observed: observed[a] ?? 0,
      expected: expected[a] ?? 0,
    })),
    variance,
  };
}
