import { createUser } from '@cxcr4pet/db';
import { makeCohort } from '@cxcr4pet/phantom';
import { analyseStudy, datasetFromCohort } from '@cxcr4pet/report';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../auth/passwords.ts';
import { type Client, startTestServer, TEST_PASSWORD, type TestServer } from '../test-support.ts';
import { seedCohort } from '../testing/seed-cohort.ts';
import type { Dashboards, Panel } from './panels.ts';
import { dashboardsExtension } from './routes.ts';

const cohort = makeCohort({ size: 40, seed: 1 });
let server: TestServer;
let statistician: Client;

const ok = (d: Dashboards, id: string) => {
  const p = d.panels.find((x) => x.id === id) as Panel;
  if (p.status !== 'ok') throw new Error(`panel ${id} unavailable: ${p.reason}`);
  return p;
};
const fact = (p: ReturnType<typeof ok>, key: string) => p.facts.find((f) => f.key === key)?.value;

/** Relative agreement: the database path and the cohort path run the same stats on the same numbers. */
const close = (actual: unknown, expected: number) => {
  expect(typeof actual).toBe('number');
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
};

beforeAll(async () => {
  server = await startTestServer({ extensions: [dashboardsExtension] });
  await seedCohort(server.db, cohort, 'A');
  statistician = await server.signIn('statistician-a');
}, 120_000);
afterAll(async () => server?.close());

describe('GET /api/dashboards', () => {
  it('computes flow, Kaplan–Meier, ROC and Cox from the database as the report does from the cohort', async () => {
    const r = await statistician.call('GET', '/api/dashboards');
    expect(r.status).toBe(200);
    const d = r.body as Dashboards;
    const expected = analyseStudy(datasetFromCohort(cohort));
    const enrolled = cohort.participants.filter((p) => p.truth !== null);
    expect(d.screened).toBe(40);
    expect(d.enrolled).toBe(enrolled.length);
    expect(d.analysed).toBe(enrolled.length);
    expect(d.excluded).toEqual([]);

    const flow = ok(d, 'flow');
    expect(fact(flow, 'screened')).toBe(expected.consort.assessed);
    expect(fact(flow, 'ineligible')).toBe(expected.consort.ineligible);
    expect(flow.figure.kind).toBe('svg');

    const km = ok(d, 'km');
    close(fact(km, 'logRank.chisq'), expected.km.logRank.chisq);
    close(fact(km, 'logRank.p'), expected.km.logRank.p);
    // Numbers at risk counted by hand from the cohort's own survival: time ≥ t in the group.
    const cutoff = d.parameters.cxcr4HighCutoffSuv;
    for (const month of d.parameters.atRiskMonths) {
      for (const high of [true, false]) {
        const group = high ? 'CXCR4-high' : 'CXCR4-low';
        const byHand = expected.suvMax.pairs.filter((pair, i) => {
          const pfs = datasetFromCohort(cohort).participants[i]?.pfs;
          return pair.pentixafor >= cutoff === high && pfs !== undefined && pfs.timeMonths >= month;
        }).length;
        expect(fact(km, `atRisk.${group}.${month}`), `${group} at ${month} months`).toBe(byHand);
      }
    }
    // The CSV table's last survival of each group is the curve's last value.
    for (const { group, curve } of expected.km.groups) {
      const rows = km.table.rows.filter((row) => row[0] === group);
      expect(rows.length).toBe(curve.times.length);
      close(rows.at(-1)?.[5], curve.survival.at(-1) as number);
    }

    const roc = ok(d, 'roc');
    close(fact(roc, 'auc'), expected.roc.result.auc);
    close(fact(roc, 'youden.threshold'), expected.roc.result.youden.threshold);
    close(fact(roc, 'youden.sensitivity'), expected.roc.result.youden.sensitivity);
    expect(roc.table.rows[0]?.[0]).toBe('-Inf');

    const paired = ok(d, 'paired');
    close(fact(paired, 'wilcoxon.p'), expected.suvMax.wilcoxon.p);
    close(fact(paired, 'wilcoxon.V'), expected.suvMax.wilcoxon.V);
    // Statisticians get pseudonyms in the paired table (and nowhere a study code).
    expect(paired.table.rows.every((row) => String(row[0]).startsWith('PS-'))).toBe(true);
    expect(JSON.stringify(d)).not.toMatch(/CX-\d{3}/);

    // Detection: a seeded scan is positive when its true SUVmax is above 0 (one lesion), counted by hand.
    const detection = ok(d, 'detection');
    const truth = enrolled.map((p) => p.truth?.suvMax ?? { pentixafor: 0, fdg: 0 });
    expect(fact(detection, 'both')).toBe(truth.filter((t) => t.pentixafor > 0 && t.fdg > 0).length);
    expect(fact(detection, 'pentixaforOnly')).toBe(
      truth.filter((t) => t.pentixafor > 0 && t.fdg === 0).length,
    );
    expect(fact(detection, 'fdgOnly')).toBe(truth.filter((t) => t.pentixafor === 0 && t.fdg > 0).length);

    // Per lesion: the seeded comparisons hold the cohort's lesions seen on both, on one tracer only;
    // lesions seen on neither are not in a comparison (the reference is the union of those found).
    const lesionDetection = ok(d, 'lesion-detection');
    const lesions = enrolled.flatMap((p) => p.truth?.lesions ?? []);
    const count = (a: boolean, b: boolean) =>
      lesions.filter((l) => l.detected.pentixafor === a && l.detected.fdg === b).length;
    expect(fact(lesionDetection, 'both')).toBe(count(true, true));
    expect(fact(lesionDetection, 'pentixaforOnly')).toBe(count(true, false));
    expect(fact(lesionDetection, 'fdgOnly')).toBe(count(false, true));
    expect(fact(lesionDetection, 'neither')).toBe(0);
    expect(fact(lesionDetection, 'n')).toBe(count(true, true) + count(true, false) + count(false, true));
    expect(count(true, false)).toBeGreaterThan(0);
    // The CSV rows: one per lesion, pseudonyms in the participant column.
    expect(lesionDetection.table.rows).toHaveLength(fact(lesionDetection, 'n') as number);
    expect(lesionDetection.table.rows.every((row) => String(row[0]).startsWith('PS-'))).toBe(true);

    const forest = ok(d, 'forest');
    for (const c of expected.cox.multivariable?.coefficients ?? []) {
      close(fact(forest, `multivariable.${c.name}.hr`), c.hr);
    }
    expect(forest.table.rows.length).toBe(6);
  });

  it('says why a panel cannot be computed instead of failing the others', async () => {
    const r = await statistician.call('GET', '/api/dashboards?cutoffSuv=1000');
    const d = r.body as Dashboards;
    // Everyone is CXCR4-low: one group, so no log-rank test and no CXCR4 term in the Cox model.
    expect(d.panels.find((p) => p.id === 'km')?.status).toBe('unavailable');
    expect(ok(d, 'flow').facts.length).toBeGreaterThan(0);
    expect(ok(d, 'roc')).toBeDefined();
  });

  it('refuses readers and keeps other sites out', async () => {
    const reader = await server.signIn('reader-a');
    expect((await reader.call('GET', '/api/dashboards')).status).toBe(403);
    await createUser(
      server.db.kysely,
      { actor: 'test-setup' },
      {
        userId: 'statistician-b',
        displayName: 'statistician at B',
        role: 'statistician',
        siteIds: ['B'],
        passwordHash: await hashPassword(TEST_PASSWORD),
      },
    );
    const otherSite = await server.signIn('statistician-b');
    const seen = (await otherSite.call('GET', '/api/dashboards')).body as Dashboards;
    expect(seen.screened).toBe(0);
    expect(seen.panels.find((p) => p.id === 'km')?.status).toBe('unavailable');
    const bad = await statistician.call('GET', '/api/dashboards?cutoffSuv=-1');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/cutoffSuv/);
  });
});
