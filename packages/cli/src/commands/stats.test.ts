import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import cox from '../../../stats/fixtures/cox.json' with { type: 'json' };
import km from '../../../stats/fixtures/kaplan-meier.json' with { type: 'json' };
import rocFixture from '../../../stats/fixtures/roc.json' with { type: 'json' };
import tests from '../../../stats/fixtures/tests.json' with { type: 'json' };
import { runCli } from '../run-cli.ts';

// End-to-end: CSV files written from the R fixtures' data, read back by the command, compared with
// R's numbers in the same fixtures (packages/stats/fixtures/*.R). The numerics are proven in the
// stats room; here 1e-9 relative checks the plumbing (column choice, row order, missing values).
const dir = mkdtempSync(join(tmpdir(), 'cxcr4pet-stats-'));

function csv(name: string, columns: Record<string, readonly (string | number | null)[]>): string {
  const names = Object.keys(columns);
  const n = columns[names[0] ?? '']?.length ?? 0;
  const lines = [names.join(',')];
  for (let i = 0; i < n; i++) lines.push(names.map((c) => String(columns[c]?.[i] ?? 'NA')).join(','));
  const file = join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

async function stats(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli({
    argv: ['stats', ...argv],
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
  });
  return { code, out, err };
}

function close(actual: unknown, expected: number | null, label: string): void {
  if (expected === null) {
    expect(actual, label).toBeNull();
    return;
  }
  expect(typeof actual, label).toBe('number');
  expect(Math.abs((actual as number) - expected), `${label}: ${actual} vs R ${expected}`).toBeLessThanOrEqual(
    1e-9 * Math.abs(expected) + 1e-15,
  );
}

const lung = km.cases[0];
if (!lung) throw new Error('fixture');
const lungCsv = csv('lung.csv', {
  time: lung.data.time,
  status: lung.data.event,
  sex: lung.data.group,
  ecog: lung.data.stratum,
});

describe('cxcr4pet stats', () => {
  it('prints Kaplan–Meier medians with survfit CIs and the log-rank test as JSON', async () => {
    const r = await stats(
      'km',
      '--csv',
      lungCsv,
      '--time',
      'time',
      '--event',
      'status',
      '--group',
      'sex',
      '--json',
    );
    expect(r.code, r.err).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.groups.map((g: { group: string }) => g.group)).toEqual(['female', 'male']);
    lung.curves.forEach((c, i) => {
      const g = json.groups[i];
      expect(g.n).toBe(c.n);
      expect(g.events).toBe(c.events);
      close(g.median, c.median, 'median');
      close(g.medianCi[0], c.medianLower, 'median LCL');
      close(g.medianCi[1], c.medianUpper, 'median UCL');
      expect(g.atRisk).toEqual(c.nRisk);
      close(g.survival.at(-1), c.survival.at(-1) ?? null, 'last survival');
    });
    close(json.logrank.chisq, lung.logrank?.chisq ?? null, 'log-rank chisq');
    close(json.logrank.p, lung.logrank?.p ?? null, 'log-rank p');
    expect(json.logrank.df).toBe(1);
  });

  it('reads the curves at --at times as summary(survfit, times) does', async () => {
    const at = lung.curves[0]?.at;
    if (!at) throw new Error('fixture');
    const r = await stats(
      'km',
      '--csv',
      lungCsv,
      '--time',
      'time',
      '--event',
      'status',
      '--group',
      'sex',
      '--at',
      at.times.join(','),
      '--json',
    );
    const female = JSON.parse(r.out).groups[0];
    at.times.forEach((t, i) => {
      expect(female.at[i].time).toBe(t);
      expect(female.at[i].atRisk).toBe(at.nRisk[i]);
      close(female.at[i].survival, at.survival[i] ?? null, `S(${t})`);
      close(female.at[i].lower, at.lower[i] ?? null, `lower(${t})`);
    });
  });

  it('fits a stratified Cox model with --strata as coxph(... + strata(s))', async () => {
    const c = cox.cases.find((k) => k.name === 'lung: age and sex, stratified by ph.ecog');
    const stratum = (c as { stratum?: string[] } | undefined)?.stratum;
    if (!c || !stratum) throw new Error('fixture');
    const data = c.data as unknown as Record<string, number[]>;
    const file = csv('lung-strata.csv', {
      time: c.data.time,
      event: c.data.event,
      age: data.age ?? [],
      sex: data.sex ?? [],
      ecog: stratum,
    });
    const r = await stats(
      'cox',
      '--csv',
      file,
      '--time',
      'time',
      '--event',
      'event',
      '--covariates',
      'age,sex',
      '--strata',
      'ecog',
      '--json',
    );
    expect(r.code, r.err).toBe(0);
    const json = JSON.parse(r.out);
    for (const [i, k] of (json.coefficients as { coef: number }[]).entries())
      close(k.coef, c.coefficients[i]?.coef ?? null, 'coef');
    close(json.tests.score.chisq, c.score.chisq, 'score');
  });

  it('drops and counts rows with a missing value in a used column only', async () => {
    const file = csv('lung-missing.csv', {
      time: [...lung.data.time, 100, null],
      status: [...lung.data.event, null, 1],
      sex: [...lung.data.group, 'male', 'female'],
      unused: [...lung.data.time.map(() => null), 1, 2],
    });
    const json = JSON.parse(
      (await stats('km', '--csv', file, '--time', 'time', '--event', 'status', '--group', 'sex', '--json'))
        .out,
    );
    expect(json.dropped).toBe(2);
    close(json.logrank.chisq, lung.logrank?.chisq ?? null, 'log-rank chisq unchanged');
  });

  it('fits a Cox model with a dummy-coded factor as coxph does', async () => {
    const c = cox.cases.find((k) => k.name === 'lung: sex and ph.ecog as a factor');
    if (!c) throw new Error('fixture');
    const data = c.data as unknown as Record<string, (number | string)[]>;
    const file = csv('lung-cox.csv', {
      time: c.data.time,
      event: c.data.event,
      sex: data.sex ?? [],
      ecog: data.ph_ecog ?? [],
    });
    const r = await stats(
      'cox',
      '--csv',
      file,
      '--time',
      'time',
      '--event',
      'event',
      '--covariates',
      'sex,ecog',
      '--factors',
      'ecog',
      '--json',
    );
    expect(r.code, r.err).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.coefficients.map((k: { name: string }) => k.name)).toEqual([
      'sex',
      'ecog1',
      'ecog2',
      'ecog3',
    ]);
    json.coefficients.forEach((k: { coef: number; se: number; hrCi: number[] }, i: number) => {
      const expected = c.coefficients[i];
      close(k.coef, expected?.coef ?? null, 'coef');
      close(k.se, expected?.se ?? null, 'se');
      close(k.hrCi[1], expected?.upper ?? null, 'upper .95');
    });
    expect(json.loglik).toHaveLength(2);
    close(json.tests.likelihoodRatio.chisq, c.lr.chisq, 'LR');
    close(json.tests.wald.chisq, c.wald.chisq, 'Wald');
    close(json.tests.score.chisq, c.score.chisq, 'score');
    expect(json.n).toBe(c.n);
  });

  it('gives AUC, DeLong CI, Youden threshold and the paired DeLong test as pROC', async () => {
    const s100b = rocFixture.cases[0];
    const pair = rocFixture.paired[0];
    if (!s100b || !pair) throw new Error('fixture');
    const file = csv('asah.csv', { s100b: pair.score1, ndka: pair.score2, poor: pair.truth });
    const r = await stats(
      'roc',
      '--csv',
      file,
      '--score',
      's100b',
      '--truth',
      'poor',
      '--score2',
      'ndka',
      '--json',
    );
    expect(r.code, r.err).toBe(0);
    const json = JSON.parse(r.out);
    close(json.auc, s100b.auc, 'auc');
    close(json.aucCi[0], s100b.ci[0] ?? null, 'CI lower');
    close(json.youden.threshold, s100b.best.threshold as number, 'Youden threshold');
    close(json.delong.p, pair.p, 'DeLong p');
  });

  it('runs McNemar, Wilcoxon signed-rank and Spearman with the contract fields', async () => {
    const m = tests.mcnemar[1];
    const w = tests.signedRank[0];
    const s = tests.spearman[1];
    if (!m || !w || !s) throw new Error('fixture');
    const mFile = csv('mcnemar.csv', { pentixafor: m.a, fdg: m.b });
    const mj = JSON.parse(
      (await stats('mcnemar', '--csv', mFile, '--a', 'pentixafor', '--b', 'fdg', '--json')).out,
    );
    expect([mj.b, mj.c]).toEqual([m.b10, m.c01]);
    close(mj.chisq, m.chisq, 'McNemar chisq');
    close(mj.exactP, m.exactP, 'exact p');
    const wFile = csv('paired.csv', { before: w.x, after: w.y });
    const wj = JSON.parse(
      (await stats('wilcoxon', '--csv', wFile, '--x', 'before', '--y', 'after', '--json')).out,
    );
    expect(wj.V).toBe(w.V);
    close(wj.p, w.p, 'Wilcoxon p');
    const sFile = csv('spearman.csv', { suv: s.x, ki67: s.y });
    const sj = JSON.parse(
      (await stats('spearman', '--csv', sFile, '--x', 'suv', '--y', 'ki67', '--json')).out,
    );
    close(sj.rho, s.rho, 'rho');
    close(sj.p, s.p, 'Spearman p');
  });

  it("runs Fisher's exact test on two 0/1 columns with the conditional odds ratio", async () => {
    const f = tests.fisher.find((c) => c.name === 'larger');
    if (!f) throw new Error('fixture');
    // Rebuild rows from the R table [[a=0,b=0, a=0,b=1], [a=1,b=0, a=1,b=1]].
    const rows: [number, number][] = [];
    f.table.forEach((row, i) => {
      row.forEach((count, j) => {
        for (let k = 0; k < count; k++) rows.push([i, j]);
      });
    });
    const file = csv('fisher.csv', { pet: rows.map((r) => r[0]), biopsy: rows.map((r) => r[1]) });
    const json = JSON.parse(
      (await stats('fisher', '--csv', file, '--a', 'pet', '--b', 'biopsy', '--json')).out,
    );
    expect(json.table).toEqual(f.table);
    close(json.p, f.p, 'p');
    close(json.oddsRatio, f.oddsRatio, 'odds ratio');
  });

  it('prints an R-like summary without --json', async () => {
    const r = await stats('km', '--csv', lungCsv, '--time', 'time', '--event', 'status', '--group', 'sex');
    expect(r.out).toMatch(/sex=female +90 +53 +426 +348 +550/);
    // R: survdiff chisq 10.0081738, p 0.00155847 (fixtures/kaplan-meier.R), printed to 4 digits.
    expect(r.out).toMatch(/Chisq = 10.01 on 1 degrees of freedom, p = 0.001558/);
  });

  it('names the file, column and line of a bad value in one line', async () => {
    const file = csv('bad.csv', { time: [5, 8, 'soon', 3], event: [1, 0, 1, 2] });
    const nan = await stats('km', '--csv', file, '--time', 'time', '--event', 'event');
    expect(nan.code).toBe(1);
    expect(nan.err).toBe(
      `cxcr4pet stats: ${file} line 4, column 'time': 'soon' is not a number. [csv-not-a-number]\n`,
    );
    const file2 = csv('bad2.csv', { time: [5, 8, 2, 3], event: [1, 0, 1, 2] });
    const event = await stats('km', '--csv', file2, '--time', 'time', '--event', 'event');
    expect(event.err).toMatch(/line 5, column 'event': 2 is not 0 or 1/);
    const unknown = await stats('roc', '--csv', file2, '--score', 'suv', '--truth', 'event');
    expect(unknown.err).toMatch(/no column 'suv' \(columns: time, event\)/);
    expect(unknown.err.trim().split('\n')).toHaveLength(1);
  });

  it('refuses fewer complete rows than Cox parameters, an unreadable file and an unknown test', async () => {
    const file = csv('tiny.csv', { t: [1, 2], e: [1, 0], a: [1, 2], b: [3, 1] });
    const few = await stats('cox', '--csv', file, '--time', 't', '--event', 'e', '--covariates', 'a,b');
    expect(few.code).toBe(1);
    expect(few.err).toMatch(/2 complete rows .* needs at least 3/);
    const missing = await stats('km', '--csv', join(dir, 'nope.csv'), '--time', 't', '--event', 'e');
    expect(missing.err).toMatch(/cannot read .*nope.csv \(ENOENT\)/);
    const bad = await stats('anova', '--csv', file);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/unknown test 'anova'/);
  });
});
