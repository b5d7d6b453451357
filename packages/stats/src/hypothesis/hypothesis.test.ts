import { describe, expect, it } from 'vitest';
import fixture from '../../fixtures/tests.json' with { type: 'json' };
import { expectClose } from '../expect-close.ts';
import { binomialTestP } from './binomial-test.ts';
import { chiSquareTest, fisherExact } from './contingency.ts';
import { mcnemar } from './mcnemar.ts';
import { spearman } from './spearman.ts';
import { mannWhitney, wilcoxonSignedRank } from './wilcoxon.ts';

// Truth: R 4.2 stats (fixtures/tests.R). Exact p-values are ratios of counts and normal/t
// approximations closed forms: 1e-10 relative (R prints 15 digits; the Edgeworth series and the
// t tail add a few ulps each). jsonlite writes an R matrix row by row: [[r1c1, r1c2], [r2c1, r2c2]].
const REL = 1e-10;

describe('McNemar', () => {
  for (const c of fixture.mcnemar) {
    it(`matches mcnemar.test and binom.test on ${c.name}`, () => {
      const r = mcnemar(c.a, c.b);
      expect(r.b).toBe(c.b10);
      expect(r.c).toBe(c.c01);
      expectClose(r.chisq, c.chisq, REL, 'chisq');
      expectClose(r.p, c.p, REL, 'p');
      expectClose(r.exactP, c.exactP, REL, 'exact p');
    });
  }
});

describe('binomial test', () => {
  for (const c of fixture.binomial) {
    it(`matches binom.test(${c.x}, ${c.n}, ${c.p0})`, () => {
      expectClose(binomialTestP(c.x, c.n, c.p0), c.p, REL, 'p');
    });
  }
});

describe('Wilcoxon signed-rank', () => {
  for (const c of fixture.signedRank) {
    it(`matches wilcox.test(paired = TRUE) on ${c.name}`, () => {
      const r = wilcoxonSignedRank(c.x, c.y);
      expect(r.V).toBe(c.V);
      expect(r.method).toBe(c.method.includes('exact') ? 'exact' : 'normal-corrected');
      expectClose(r.p, c.p, REL, 'p');
    });
  }
  it('refuses pairs that are all equal', () => {
    expect(() => wilcoxonSignedRank([1, 2], [1, 2])).toThrow(/zero/);
  });
});

describe('Mann–Whitney', () => {
  for (const c of fixture.rankSum) {
    it(`matches wilcox.test on ${c.name}`, () => {
      const r = mannWhitney(c.x, c.y);
      expect(r.W).toBe(c.W);
      expect(r.method).toBe(c.method.includes('exact') ? 'exact' : 'normal-corrected');
      expectClose(r.p, c.p, REL, 'p');
    });
  }
});

describe('Spearman', () => {
  for (const c of fixture.spearman) {
    it(`matches cor.test(method = "spearman") on ${c.name}`, () => {
      const r = spearman(c.x, c.y);
      expectClose(r.rho, c.rho, 1e-12, 'rho');
      expectClose(r.S, c.S, 1e-12, 'S');
      expectClose(r.p, c.p, REL, 'p');
    });
  }
});

describe('Fisher and chi-square', () => {
  for (const c of fixture.fisher) {
    it(`matches fisher.test on ${c.name}: p, conditional MLE odds ratio and exact CI`, () => {
      // The odds ratio and CI are compared with fisher.test's own code run with uniroot(tol = 1e-14)
      // (fixtures/tests.R): at its default tol (~1.2e-4) R's upper limits differ by up to 1.5%.
      const r = fisherExact(c.table);
      expectClose(r.p, c.p, REL, 'p');
      expectClose(r.oddsRatio, c.oddsRatio, 1e-8, 'odds ratio');
      expectClose(r.oddsRatioCi[0], c.ci[0], 1e-8, 'CI lower');
      expectClose(r.oddsRatioCi[1], c.ci[1], 1e-8, 'CI upper');
    });
  }
  for (const c of fixture.chisq) {
    it(`matches chisq.test on ${c.name}`, () => {
      const r = chiSquareTest(c.table, c.correct);
      expectClose(r.chisq, c.chisq, REL, 'chisq', 1e-14);
      expect(r.df).toBe(c.df);
      expectClose(r.p, c.p, REL, 'p');
    });
  }
  it('refuses negative or fractional counts', () => {
    expect(() =>
      fisherExact([
        [1, -1],
        [2, 3],
      ]),
    ).toThrow(/non-negative integers/);
  });
});
