import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import fixture from '../../fixtures/cox.json' with { type: 'json' };
import { expectClose } from '../expect-close.ts';
import { type CoxInput, type CoxTies, coxPh } from './cox.ts';
import type { Covariate } from './cox-design.ts';
import { coxZph } from './cox-zph.ts';

// Truth: survival::coxph / cox.zph 3.5 (fixtures/cox.R) on lung, veteran, ovarian, aml and seeded
// heavy-tie data. The fit repeats coxfit6's iterations and stopping rule from β = 0 (same centring
// and scaling), so the iterates agree to rounding: 1e-9 relative for coefficients, SE and
// statistics (not 1e-12: R's Cholesky and summation order differ, and each iterate amplifies
// rounding by the condition number of the information matrix); p-values 1e-6 (they are read
// through a chi-square tail whose slope magnifies the statistic's rounding).
const REL = 1e-9;

type Case = (typeof fixture.cases)[number];

function inputOf(c: Case): CoxInput {
  const data = c.data as unknown as Record<string, (number | string)[]>;
  const covariates: Covariate[] = [
    ...c.numeric.map(
      (name): Covariate => ({ kind: 'numeric', name, values: (data[name] ?? []).map(Number) }),
    ),
    ...c.categorical.map(
      (name): Covariate => ({ kind: 'categorical', name, values: (data[name] ?? []).map(String) }),
    ),
  ];
  // Covariates in R's formula order: numeric first, then factors (as cox.R builds it).
  const stratum = (c as { stratum?: string[] }).stratum;
  return { time: c.data.time, event: c.data.event, covariates, ...(stratum ? { stratum } : {}) };
}

describe('coxPh', () => {
  for (const c of fixture.cases) {
    it(`matches coxph on ${c.name}: coefficients, SE, HR CI, z, p, log-likelihoods and the three tests`, () => {
      const fit = coxPh(inputOf(c), { ties: c.ties as CoxTies });
      expect(fit.n).toBe(c.n);
      expect(fit.events).toBe(c.events);
      expect(fit.iterations, 'Newton–Raphson iterations').toBe(c.iterations);
      expect(fit.coefficients.map((k) => k.name)).toEqual(c.coefficients.map((k) => k.name));
      fit.coefficients.forEach((k, i) => {
        const r = c.coefficients[i];
        if (!r) throw new Error('missing coefficient');
        expectClose(k.coef, r.coef, REL, `${k.name} coef`);
        expectClose(k.se, r.se, REL, `${k.name} se`);
        expectClose(k.hr, r.hr, REL, `${k.name} HR`);
        expectClose(k.hrCi[0], r.lower, REL, `${k.name} lower .95`);
        expectClose(k.hrCi[1], r.upper, REL, `${k.name} upper .95`);
        expectClose(k.z, r.z, REL, `${k.name} z`);
        expectClose(k.p, r.p, 1e-6, `${k.name} p`);
      });
      expectClose(fit.loglik[0], c.loglik[0], 1e-10, 'loglik at 0');
      expectClose(fit.loglik[1], c.loglik[1], 1e-10, 'loglik at fit');
      for (const [mine, theirs, label] of [
        [fit.tests.likelihoodRatio, c.lr, 'LR'],
        [fit.tests.wald, c.wald, 'Wald'],
        [fit.tests.score, c.score, 'score'],
      ] as const) {
        expectClose(mine.chisq, theirs.chisq, REL, `${label} chisq`);
        expect(mine.df).toBe(theirs.df);
        expectClose(mine.p, theirs.p, 1e-6, `${label} p`);
      }
    });

    it(`matches cox.zph (transform km) on ${c.name}`, () => {
      const input = inputOf(c);
      const zph = coxZph(input, coxPh(input, { ties: c.ties as CoxTies }));
      expect(zph.map((t) => t.term)).toEqual(c.zph.terms);
      zph.forEach((t, i) => {
        expectClose(t.chisq, c.zph.chisq[i], REL, `${t.term} chisq`);
        expect(t.df).toBe(c.zph.df[i]);
        expectClose(t.p, c.zph.p[i], 1e-6, `${t.term} p`);
      });
    });
  }

  it('refuses a monotone likelihood where coxph only warns that a coefficient may be infinite', () => {
    // R: "Loglik converged before variable 1; coefficient may be infinite." (fixtures/cox.R)
    expect(fixture.monotone.warning).toMatch(/may be infinite/);
    const d = fixture.monotone.data;
    const input: CoxInput = {
      time: d.time,
      event: d.event,
      covariates: [
        { kind: 'numeric', name: 'marker', values: d.marker },
        { kind: 'numeric', name: 'age', values: d.age },
      ],
    };
    expect(() => coxPh(input)).toThrow(/Monotone likelihood.*covariate marker/);
  });

  it('refuses a fit that runs out of iterations, naming the coefficient coxph leaves at its last step', () => {
    // R: "Ran out of iterations and did not converge", coef(gb) = -22.317 (fixtures/cox.R).
    const c = fixture.notConverged;
    expect(c.warning).toMatch(/Ran out of iterations/);
    const input: CoxInput = {
      time: c.data.time,
      event: c.data.event,
      covariates: [{ kind: 'categorical', name: 'g', values: c.data.g }],
    };
    expect(() => coxPh(input)).toThrow(new RegExp(`coefficient of gb reached ${c.coef.toPrecision(3)}`));
  });

  it('refuses a constant covariate and collinear covariates, naming them', () => {
    const time = [1, 2, 3, 4, 5, 6];
    const event = [1, 0, 1, 1, 0, 1];
    const x = [1, 3, 2, 5, 4, 6];
    expect(() =>
      coxPh({ time, event, covariates: [{ kind: 'numeric', name: 'flat', values: [2, 2, 2, 2, 2, 2] }] }),
    ).toThrow(/flat is constant/);
    expect(() =>
      coxPh({
        time,
        event,
        covariates: [
          { kind: 'numeric', name: 'x', values: x },
          { kind: 'numeric', name: 'twiceX', values: x.map((v) => 2 * v) },
        ],
      }),
    ).toThrow(/collinear/);
  });

  it('gives the same coefficients after shifting a covariate or reordering the rows', () => {
    const c = fixture.cases[0];
    if (!c) throw new Error('no case');
    const base = coxPh(inputOf(c));
    const input = inputOf(c);
    fc.assert(
      fc.property(fc.double({ min: -1000, max: 1000, noNaN: true }), fc.nat(), (shift, seed) => {
        const n = input.time.length;
        const perm = Array.from({ length: n }, (_, i) => i).sort(
          (a, b) => ((a * 7919 + seed) % n) - ((b * 7919 + seed) % n),
        );
        const moved: CoxInput = {
          time: perm.map((i) => input.time[i] ?? 0),
          event: perm.map((i) => input.event[i] ?? 0),
          covariates: input.covariates.map((cov, k) =>
            cov.kind === 'numeric'
              ? { ...cov, values: perm.map((i) => (cov.values[i] ?? 0) + (k === 0 ? shift : 0)) }
              : { ...cov, values: perm.map((i) => cov.values[i] ?? '') },
          ),
        };
        const fit = coxPh(moved);
        return fit.coefficients.every(
          (k, i) => Math.abs(k.coef - (base.coefficients[i]?.coef ?? 0)) <= 1e-8 * Math.abs(k.coef) + 1e-12,
        );
      }),
      { numRuns: 20 },
    );
  });
});
