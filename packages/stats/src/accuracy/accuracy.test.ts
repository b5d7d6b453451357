import { describe, expect, it } from 'vitest';
import fixture from '../../fixtures/tests.json' with { type: 'json' };
import { expectClose } from '../expect-close.ts';
import { diagnosticAccuracy, tableFromRows } from './diagnostic-accuracy.ts';
import { proportion } from './proportion-ci.ts';

// Truth: prop.test(correct = FALSE) and binom.test intervals from R (fixtures/tests.R); the
// Clopper–Pearson limits are beta quantiles found by bisection to double precision: 1e-10.
describe('proportion intervals', () => {
  for (const c of fixture.proportions) {
    it(`match R's Wilson and Clopper–Pearson intervals for ${c.x}/${c.n}`, () => {
      const p = proportion(c.x, c.n);
      expectClose(p.wilson[0], c.wilson[0], 1e-10, 'Wilson lower', 1e-15);
      expectClose(p.wilson[1], c.wilson[1], 1e-10, 'Wilson upper');
      expectClose(p.clopperPearson[0], c.clopperPearson[0], 1e-10, 'Clopper–Pearson lower', 1e-15);
      expectClose(p.clopperPearson[1], c.clopperPearson[1], 1e-10, 'Clopper–Pearson upper');
    });
  }
});

describe('diagnosticAccuracy', () => {
  it('derives sensitivity, specificity, PPV, NPV and accuracy from per-patient rows', () => {
    // Hand count: test/truth pairs (1,1)×3, (1,0)×1, (0,1)×1, (0,0)×2.
    const t = tableFromRows([1, 1, 1, 1, 0, 0, 0], [1, 1, 1, 0, 1, 0, 0]);
    expect(t).toEqual({ truePositive: 3, falsePositive: 1, falseNegative: 1, trueNegative: 2 });
    const a = diagnosticAccuracy(t);
    expect(a.sensitivity.estimate).toBe(3 / 4);
    expect(a.specificity.estimate).toBe(2 / 3);
    expect(a.ppv.estimate).toBe(3 / 4);
    expect(a.npv.estimate).toBe(2 / 3);
    expect(a.accuracy.estimate).toBe(5 / 7);
    expect(a.sensitivity.clopperPearson).toEqual(proportion(3, 4).clopperPearson);
  });

  it('names the row of a test result that is not 0 or 1', () => {
    expect(() => tableFromRows([1, 2], [1, 0])).toThrow(/test\[1\] is 2/);
  });
});
