import { describe, it } from 'vitest';
import fixture from '../../fixtures/special-functions.json' with { type: 'json' };
import { expectClose } from '../expect-close.ts';
import { betaQuantile, incompleteBeta } from './beta.ts';
import {
  binomialCdf,
  chiSquareUpper,
  hypergeometricPmf,
  studentTCdf,
  studentTUpper,
} from './distributions.ts';
import { incompleteGamma, logGamma } from './gamma.ts';
import { normalCdf, normalQuantile, normalUpper } from './normal.ts';

// Truth: R 4.2 (fixtures/special-functions.R). R's own algorithms are accurate to a few ulps, and
// jsonlite prints 15 significant digits, so 1e-12 relative is the honest bound for the direct
// evaluations; far tails (1e-300) accumulate ~1e3 ulps in exp(log prefix), hence 1e-11 there.
const REL = 1e-12;

describe('special functions agree with R', () => {
  it('computes both tails of the normal distribution, down to 1e-300', () => {
    for (const c of fixture.pnorm) {
      expectClose(normalCdf(c.x), c.lower, 1e-11, `pnorm(${c.x})`);
      expectClose(normalUpper(c.x), c.upper, 1e-11, `pnorm(${c.x}, lower = FALSE)`);
    }
  });

  it('inverts the normal distribution like qnorm', () => {
    for (const c of fixture.qnorm) expectClose(normalQuantile(c.p), c.value, REL, `qnorm(${c.p})`, 1e-15);
  });

  it('computes log gamma like lgamma', () => {
    for (const c of fixture.lgamma) expectClose(logGamma(c.x), c.value, REL, `lgamma(${c.x})`, 1e-14);
  });

  it('computes both tails of the incomplete gamma function like pgamma', () => {
    for (const c of fixture.pgamma) {
      const t = incompleteGamma(c.shape, c.x);
      expectClose(t.lower, c.lower, 1e-11, `pgamma(${c.x}, ${c.shape})`);
      expectClose(t.upper, c.upper, 1e-11, `pgamma(${c.x}, ${c.shape}, lower = FALSE)`);
    }
  });

  it('gives chi-square upper tails like pchisq', () => {
    for (const c of fixture.pchisq)
      expectClose(chiSquareUpper(c.x, c.df), c.upper, REL, `pchisq(${c.x}, ${c.df})`);
  });

  it("gives Student's t tails like pt", () => {
    for (const c of fixture.pt) {
      expectClose(studentTCdf(c.t, c.df), c.lower, REL, `pt(${c.t}, ${c.df})`);
      expectClose(studentTUpper(c.t, c.df), c.upper, REL, `pt(${c.t}, ${c.df}, lower = FALSE)`);
    }
  });

  it('computes both tails of the incomplete beta function like pbeta', () => {
    for (const c of fixture.pbeta) {
      const t = incompleteBeta(c.x, c.a, c.b);
      expectClose(t.lower, c.lower, 1e-11, `pbeta(${c.x}, ${c.a}, ${c.b})`);
      expectClose(t.upper, c.upper, 1e-11, `pbeta(${c.x}, ${c.a}, ${c.b}, lower = FALSE)`);
    }
  });

  it('inverts the beta distribution like qbeta', () => {
    for (const c of fixture.qbeta)
      expectClose(betaQuantile(c.p, c.a, c.b), c.value, REL, `qbeta(${c.p}, ${c.a}, ${c.b})`);
  });

  it('gives binomial and hypergeometric probabilities like pbinom and dhyper', () => {
    for (const c of fixture.pbinom)
      expectClose(binomialCdf(c.k, c.n, c.p), c.lower, REL, `pbinom(${c.k}, ${c.n}, ${c.p})`);
    for (const c of fixture.dhyper)
      expectClose(
        hypergeometricPmf(c.x, c.m, c.n, c.k),
        c.value,
        REL,
        `dhyper(${c.x}, ${c.m}, ${c.n}, ${c.k})`,
      );
  });
});
