import { describe, expect, it } from 'vitest';
import fixture from '../../fixtures/kaplan-meier.json' with { type: 'json' };
import { expectAllClose, expectClose } from '../expect-close.ts';
import { logRank } from './log-rank.ts';

// Truth: survival::survdiff (fixtures/kaplan-meier.R). Closed form: 1e-9 relative (the
// chi-square goes through a linear solve; R uses LU, this room Cholesky).
const REL = 1e-9;

describe('logRank', () => {
  for (const c of fixture.cases) {
    if (!c.logrank) continue;
    it(`matches survdiff on ${c.name}: chi-square, df, p, observed and expected`, () => {
      const r = logRank({ time: c.data.time, event: c.data.event, group: c.data.group.map(String) });
      expectClose(r.chisq, c.logrank.chisq, REL, 'chisq');
      expect(r.df).toBe(c.logrank.df);
      expectClose(r.p, c.logrank.p, REL, 'p');
      expectAllClose(
        r.groups.map((g) => g.observed),
        c.logrank.observed,
        REL,
        'observed',
      );
      expectAllClose(
        r.groups.map((g) => g.expected),
        c.logrank.expected,
        REL,
        'expected',
      );
    });
    if (!c.logrankStratified) continue;
    it(`matches stratified survdiff on ${c.name}`, () => {
      const r = logRank({
        time: c.data.time,
        event: c.data.event,
        group: c.data.group.map(String),
        stratum: c.data.stratum.map(String),
      });
      expectClose(r.chisq, c.logrankStratified?.chisq, REL, 'chisq');
      expectClose(r.p, c.logrankStratified?.p, REL, 'p');
      expectAllClose(
        r.groups.map((g) => g.expected),
        c.logrankStratified?.expected ?? [],
        REL,
        'expected',
      );
    });
  }

  it('refuses a single group', () => {
    expect(() => logRank({ time: [1, 2], event: [1, 1], group: ['a', 'a'] })).toThrow(/only one value/);
  });
});
