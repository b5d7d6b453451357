import { describe, expect, it } from 'vitest';
import fixture from '../../fixtures/maxstat.json' with { type: 'json' };
import { expectAllClose, expectClose } from '../expect-close.ts';
import { maxStat } from './max-stat.ts';

// Truth: maxstat::maxstat.test(smethod = "LogRank") 0.7 (fixtures/maxstat.R). Scores, statistics
// and both p-value approximations are closed forms: 1e-10 relative.
describe('maxStat', () => {
  for (const c of fixture.cases) {
    it(`matches maxstat.test on ${c.name}: statistic, cut-point, every candidate and Lau92/Lau94 p`, () => {
      const input = { time: c.time, event: c.event, marker: c.x };
      const options = { minprop: c.minprop, maxprop: c.maxprop };
      const r = maxStat(input, options);
      expectClose(r.statistic, c.statistic, 1e-10, 'M');
      expect(r.cutpoint).toBe(c.estimate);
      expect(r.cuts).toEqual(c.cuts);
      expectAllClose(r.stats, c.stats, 1e-10, 'standardised statistics');
      expectClose(r.p, c.pLau94, 1e-10, 'p (Lau94)');
      expectClose(maxStat(input, { ...options, pMethod: 'Lau92' }).p, c.pLau92, 1e-10, 'p (Lau92)');
    });
  }

  it('refuses a marker with no admissible cut-point', () => {
    expect(() => maxStat({ time: [1, 2, 3, 4], event: [1, 0, 1, 1], marker: [5, 5, 5, 5] })).toThrow(
      /no cut-point/,
    );
  });
});
