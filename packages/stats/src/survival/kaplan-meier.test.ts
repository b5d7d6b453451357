import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import fixture from '../../fixtures/kaplan-meier.json' with { type: 'json' };
import { StatsError } from '../errors.ts';
import { expectAllClose, expectClose } from '../expect-close.ts';
import {
  type ConfType,
  type KaplanMeierCurve,
  kaplanMeier,
  kaplanMeierByGroup,
  survivalAt,
} from './kaplan-meier.ts';

// Truth: survival::survfit 3.5 on lung, veteran, aml and seeded synthetic data (fixtures/kaplan-meier.R).
// Kaplan–Meier and Greenwood are closed forms: 1e-10 relative (R prints 15 digits).
const REL = 1e-10;

interface RCurve {
  group: string;
  n: number;
  events: number;
  times: number[];
  nRisk: number[];
  nEvent: number[];
  nCensor: number[];
  survival: number[];
  stdErr: (number | null)[];
  lower: (number | null)[];
  upper: (number | null)[];
  median: number | null;
  medianLower: number | null;
  medianUpper: number | null;
  at: {
    times: number[];
    survival: number[];
    stdErr: number[];
    lower: number[];
    upper: number[];
    nRisk: number[];
  };
}

function compare(curve: KaplanMeierCurve, r: RCurve, label: string): void {
  expect(curve.n, `${label} n`).toBe(r.n);
  expect(curve.events, `${label} events`).toBe(r.events);
  expect(curve.times, `${label} times`).toEqual(r.times);
  expect(curve.atRisk, `${label} n.risk`).toEqual(r.nRisk);
  expect(curve.nEvent, `${label} n.event`).toEqual(r.nEvent);
  expect(curve.nCensor, `${label} n.censor`).toEqual(r.nCensor);
  expectAllClose(curve.survival, r.survival, REL, `${label} surv`);
  expectAllClose(curve.stdErr, r.stdErr, REL, `${label} std.err`);
  expectAllClose(curve.lower, r.lower, REL, `${label} lower`);
  expectAllClose(curve.upper, r.upper, REL, `${label} upper`);
  expectClose(curve.median, r.median, 0, `${label} median`);
  expectClose(curve.medianCi[0], r.medianLower, 0, `${label} median LCL`);
  expectClose(curve.medianCi[1], r.medianUpper, 0, `${label} median UCL`);
  const at = survivalAt(curve, r.at.times);
  expectAllClose(
    at.map((a) => a.survival),
    r.at.survival,
    REL,
    `${label} summary surv`,
  );
  expectAllClose(
    at.map((a) => a.stdErr),
    r.at.stdErr,
    REL,
    `${label} summary std.err`,
  );
  expectAllClose(
    at.map((a) => a.lower),
    r.at.lower,
    REL,
    `${label} summary lower`,
  );
  expectAllClose(
    at.map((a) => a.upper),
    r.at.upper,
    REL,
    `${label} summary upper`,
  );
  expect(
    at.map((a) => a.atRisk),
    `${label} summary n.risk`,
  ).toEqual(r.at.nRisk);
}

describe('kaplanMeier', () => {
  for (const c of fixture.cases) {
    it(`matches survfit on ${c.name}: survival, Greenwood SE, CI, median with CI, number at risk`, () => {
      const options = { confType: c.confType as ConfType };
      const data = { time: c.data.time, event: c.data.event };
      compare(kaplanMeier(data, options), c.overall as RCurve, `${c.name} overall`);
      const byGroup = kaplanMeierByGroup({ ...data, group: c.data.group.map(String) }, options);
      expect(byGroup.map((g) => g.group)).toEqual(c.curves.map((r) => r.group));
      byGroup.forEach((g, i) => {
        compare(g.curve, c.curves[i] as RCurve, `${c.name} ${g.group}`);
      });
    });
  }

  it('keeps survival non-increasing within [0, 1] for any data', () => {
    const obs = fc.array(
      fc.record({ time: fc.integer({ min: 0, max: 20 }), event: fc.integer({ min: 0, max: 1 }) }),
      {
        minLength: 1,
        maxLength: 60,
      },
    );
    fc.assert(
      fc.property(obs, (rows) => {
        const curve = kaplanMeier({ time: rows.map((r) => r.time), event: rows.map((r) => r.event) });
        let previous = 1;
        for (const s of curve.survival) {
          if (!(s >= 0 && s <= previous)) return false;
          previous = s;
        }
        return true;
      }),
    );
  });

  it('rejects an event code other than 0 or 1, naming the observation', () => {
    expect(() => kaplanMeier({ time: [1, 2, 3], event: [1, 2, 0] })).toThrow(/event\[1\] is 2/);
    expect(() => kaplanMeier({ time: [1, Number.NaN], event: [1, 0] })).toThrow(StatsError);
    expect(() => kaplanMeier({ time: [], event: [] })).toThrow(/empty/);
  });
});
