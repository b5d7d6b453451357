import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import fixture from '../../fixtures/roc.json' with { type: 'json' };
import { expectAllClose, expectClose } from '../expect-close.ts';
import { delongPairedTest } from './delong-test.ts';
import { roc } from './roc.ts';

// Truth: pROC 1.18 (fixtures/roc.R) on aSAH and seeded synthetic scores with ties. AUC,
// sensitivities and specificities are ratios of counts: 1e-12 relative. DeLong variances and
// the z statistic are sums of squared placements: 1e-10.
const asArray = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);

describe('roc', () => {
  for (const c of fixture.cases) {
    it(`matches pROC on ${c.name}: direction, AUC, DeLong CI, curve and Youden's best threshold`, () => {
      const r = roc({ score: c.score, truth: c.truth });
      expect(r.direction).toBe(c.direction);
      expectClose(r.auc, c.auc, 1e-12, 'auc');
      expectClose(r.aucVariance, c.variance, 1e-10, 'DeLong variance');
      expectClose(r.aucCi[0], c.ci[0], 1e-10, 'CI lower');
      expectClose(r.aucCi[1], c.ci[1], 1e-10, 'CI upper');
      expectAllClose(
        r.curve.map((p) => p.threshold),
        c.thresholds.map((t) => (t === null ? Number.NaN : t)),
        1e-12,
        'thresholds',
      );
      expectAllClose(
        r.curve.map((p) => p.sensitivity),
        c.sensitivities,
        1e-12,
        'sensitivities',
      );
      expectAllClose(
        r.curve.map((p) => p.specificity),
        c.specificities,
        1e-12,
        'specificities',
      );
      expectAllClose(
        r.youdenTies.map((p) => p.threshold),
        asArray(c.best.threshold),
        1e-12,
        'best threshold',
      );
      expectAllClose(
        r.youdenTies.map((p) => p.sensitivity),
        asArray(c.best.sensitivity),
        1e-12,
        'best sensitivity',
      );
      expectAllClose(
        r.youdenTies.map((p) => p.specificity),
        asArray(c.best.specificity),
        1e-12,
        'best specificity',
      );
    });
  }

  it('gives AUC(score) = AUC(−score) under the opposite direction, so 1 − AUC with the direction fixed', () => {
    const data = fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 1 })), {
      minLength: 4,
      maxLength: 50,
    });
    fc.assert(
      fc.property(data, (rows) => {
        const truth = rows.map((r) => r[1]);
        fc.pre(truth.includes(0) && truth.includes(1));
        const score = rows.map((r) => r[0]);
        const up = roc({ score, truth }, { direction: '<' }).auc;
        const down = roc({ score: score.map((s) => -s), truth }, { direction: '<' }).auc;
        return Math.abs(up - (1 - down)) < 1e-12;
      }),
    );
  });

  it('rejects a truth value other than 0 or 1, naming the row', () => {
    expect(() => roc({ score: [1, 2, 3], truth: [0, 1, 2] })).toThrow(/truth\[2\] is 2/);
    expect(() => roc({ score: [1, 2], truth: [1, 1] })).toThrow(/needs both/);
  });
});

describe('delongPairedTest', () => {
  for (const c of fixture.paired) {
    it(`matches roc.test(paired, delong) on ${c.name}`, () => {
      const t = delongPairedTest({ score1: c.score1, score2: c.score2, truth: c.truth });
      expectClose(t.auc1, c.auc1, 1e-12, 'auc1');
      expectClose(t.auc2, c.auc2, 1e-12, 'auc2');
      expectClose(t.z, c.z, 1e-10, 'z');
      expectClose(t.p, c.p, 1e-9, 'p');
      expectClose(t.ci[0], c.ci[0], 1e-9, 'CI lower');
      expectClose(t.ci[1], c.ci[1], 1e-9, 'CI upper');
    });
  }
});
