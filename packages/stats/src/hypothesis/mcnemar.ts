import { StatsError } from '../errors.ts';
import { chiSquareUpper } from '../special/distributions.ts';
import { binomialTestP } from './binomial-test.ts';

export interface McNemarResult {
  /** Pairs positive on A and negative on B. */
  readonly b: number;
  /** Pairs negative on A and positive on B. */
  readonly c: number;
  /** Continuity-corrected statistic (|b − c| − 1)² / (b + c); NaN without discordant pairs. */
  readonly chisq: number;
  readonly p: number;
  /** Exact McNemar: two-sided binomial test of b in b + c discordant pairs at ½. */
  readonly exactP: number;
}

/**
 * McNemar's test for paired binary outcomes (e.g. lesion seen on Pentixafor vs on FDG PET), as R's
 * `mcnemar.test(table(a, b))` (correct = TRUE) and `binom.test(b, b + c)`.
 * @see McNemar, Psychometrika 1947.
 */
export function mcnemar(a: readonly number[], b: readonly number[]): McNemarResult {
  if (a.length !== b.length)
    throw new StatsError(
      'length-mismatch',
      `a has ${a.length} values but b has ${b.length}; McNemar needs pairs.`,
      {
        field: 'b',
      },
    );
  let only1 = 0;
  let only2 = 0;
  a.forEach((va, i) => {
    const vb = b[i];
    for (const [v, field] of [
      [va, 'a'],
      [vb, 'b'],
    ] as const)
      if (v !== 0 && v !== 1)
        throw new StatsError('invalid-value', `${field}[${i}] is ${v}; McNemar needs 0/1 outcomes.`, {
          field,
          index: i,
        });
    if (va === 1 && vb === 0) only1++;
    if (va === 0 && vb === 1) only2++;
  });
  const discordant = only1 + only2;
  const chisq = discordant === 0 ? Number.NaN : (Math.abs(only1 - only2) - 1) ** 2 / discordant;
  return {
    b: only1,
    c: only2,
    chisq,
    p: Number.isNaN(chisq) ? Number.NaN : chiSquareUpper(chisq, 1),
    exactP: binomialTestP(only1, discordant),
  };
}
