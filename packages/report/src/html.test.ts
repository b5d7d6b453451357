import { DISEASE_PATTERNS, makeCohort } from '@cxcr4pet/phantom';
import { coxPh, logRank, mcnemar, roc, spearman, wilcoxonSignedRank } from '@cxcr4pet/stats';
import { consortScreening } from '@cxcr4pet/study';
import { describe, expect, it } from 'vitest';
import { buildStudyReport } from './html.ts';
import { datasetFromCohort } from './synthetic.ts';

const PROVENANCE = { software: 'cxcr4pet', version: '0.1.0-test', commit: 'abc123' };

/** Every `data-key` → `data-value` of the report's numbers. */
function numbersOf(html: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of html.matchAll(/<span class="num" data-key="([^"]+)" data-value="([^"]*)">/g)) {
    const [, key, value] = m;
    if (key === undefined || value === undefined) continue;
    if (out.has(key)) throw new Error(`number key ${key} appears twice`);
    out.set(key, Number(value));
  }
  return out;
}

function get(numbers: Map<string, number>, key: string): number {
  const v = numbers.get(key);
  if (v === undefined)
    throw new Error(
      `the report has no number '${key}' (has ${[...numbers.keys()].slice(0, 8).join(', ')}, …)`,
    );
  return v;
}

/** The report's visible text (tags dropped, entities of spaces undone), for wording checks. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replaceAll('&nbsp;', ' ')
    .replace(/\s+/g, ' ');

// 120 screened → 99 enrolled: enough events for every analysis, small enough to build in about a second.
const dataset = datasetFromCohort(makeCohort({ size: 120, seed: 5 }));
const report = await buildStudyReport(dataset, PROVENANCE);
const numbers = numbersOf(report.html);
const people = dataset.participants;
const cutoff = dataset.parameters.cxcr4HighCutoffSuv;

describe('buildStudyReport', () => {
  it('is one self-contained HTML document: inline SVG figures, no scripts, no external assets', () => {
    expect(report.html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(report.html).not.toMatch(/<script|<link|<img|\ssrc=|url\(\s*['"]?http/i);
    expect(report.html.match(/<figure id="fig-[a-z]+" class="figure"><svg/g)).toHaveLength(5);
    expect(report.html.match(/<section class="page"/g)).toHaveLength(report.pages);
  });

  it('prints the CONSORT counts that consortScreening gives for the verdicts', () => {
    const box = consortScreening(dataset.verdicts);
    expect(get(numbers, 'consort.assessed')).toBe(120);
    expect(get(numbers, 'consort.assessed')).toBe(box.assessed);
    expect(get(numbers, 'consort.ineligible')).toBe(box.ineligible);
    expect(get(numbers, 'consort.enrolled')).toBe(people.length);
  });

  it('prints the McNemar, Wilcoxon, Spearman, ROC and log-rank results of the stats room on the same data', () => {
    const pos = (t: 'pentixafor' | 'fdg') => people.map((p) => (p.positive[t] ? 1 : 0));
    const patient = mcnemar(pos('pentixafor'), pos('fdg'));
    expect(get(numbers, 'patient.mcnemar.p')).toBe(patient.p);
    expect(get(numbers, 'patient.mcnemar.exactP')).toBe(patient.exactP);
    expect(get(numbers, 'patient.pentixaforOnly')).toBe(patient.b);
    expect(get(numbers, 'patient.fdgOnly')).toBe(patient.c);
    const lesion = mcnemar(
      dataset.lesions.map((l) => (l.detected.pentixafor ? 1 : 0)),
      dataset.lesions.map((l) => (l.detected.fdg ? 1 : 0)),
    );
    expect(get(numbers, 'lesion.mcnemar.p')).toBe(lesion.p);

    const suvP = people.map((p) => p.suvMax.pentixafor);
    const suvF = people.map((p) => p.suvMax.fdg);
    const w = wilcoxonSignedRank(suvP, suvF);
    expect(get(numbers, 'suvmax.wilcoxon.V')).toBe(w.V);
    expect(get(numbers, 'suvmax.wilcoxon.p')).toBe(w.p);

    const ldh = people.map((p) => p.labs.ldhUPerL ?? Number.NaN);
    expect(get(numbers, 'spearman.ldhUPerL.fdg.rho')).toBe(spearman(suvF, ldh).rho);
    expect(get(numbers, 'spearman.ldhUPerL.fdg.p')).toBe(spearman(suvF, ldh).p);
    const b2m = people.map((p) => p.labs.beta2MicroglobulinMgPerL ?? Number.NaN);
    expect(get(numbers, 'spearman.beta2MicroglobulinMgPerL.pentixafor.rho')).toBe(spearman(suvP, b2m).rho);

    const months = dataset.parameters.rocOutcomeMonths;
    const rows = people.filter((p) => p.pfs.event || p.pfs.timeMonths >= months);
    const r = roc(
      {
        score: rows.map((p) => p.suvMax.pentixafor),
        truth: rows.map((p) => (p.pfs.event && p.pfs.timeMonths <= months ? 1 : 0)),
      },
      { direction: '<' },
    );
    expect(get(numbers, 'roc.auc')).toBe(r.auc);
    expect(get(numbers, 'roc.youden.threshold')).toBe(r.youden.threshold);

    const lr = logRank({
      time: people.map((p) => p.pfs.timeMonths),
      event: people.map((p) => (p.pfs.event ? 1 : 0)),
      group: people.map((p) => (p.suvMax.pentixafor >= cutoff ? 'CXCR4-high' : 'CXCR4-low')),
    });
    expect(get(numbers, 'km.logrank.chisq')).toBe(lr.chisq);
    expect(get(numbers, 'km.logrank.p')).toBe(lr.p);
    // At month 0 everyone is at risk.
    const high = people.filter((p) => p.suvMax.pentixafor >= cutoff).length;
    expect(get(numbers, 'km.atrisk.CXCR4-high.0')).toBe(high);
    expect(get(numbers, 'km.atrisk.CXCR4-low.0')).toBe(people.length - high);
  });

  it('prints the Cox coefficients of coxPh fitted on the same covariates', () => {
    const time = people.map((p) => p.pfs.timeMonths);
    const event = people.map((p) => (p.pfs.event ? 1 : 0));
    const cxcr4High = people.map((p) => (p.suvMax.pentixafor >= cutoff ? 1 : 0));
    const ldhElevated = people.map((p) =>
      (p.labs.ldhUPerL ?? 0) > (p.labs.ldhUpperLimitUPerL ?? 0) ? 1 : 0,
    );
    const agePer10Years = people.map((p) => p.ageYears / 10);
    const fit = coxPh({
      time,
      event,
      covariates: [
        { kind: 'numeric', name: 'cxcr4High', values: cxcr4High },
        { kind: 'numeric', name: 'ldhElevated', values: ldhElevated },
        { kind: 'numeric', name: 'agePer10Years', values: agePer10Years },
      ],
    });
    for (const c of fit.coefficients) {
      expect(get(numbers, `cox.multi.${c.name}.hr`)).toBe(c.hr);
      expect(get(numbers, `cox.multi.${c.name}.lower`)).toBe(c.hrCi[0]);
      expect(get(numbers, `cox.multi.${c.name}.upper`)).toBe(c.hrCi[1]);
      expect(get(numbers, `cox.multi.${c.name}.p`)).toBe(c.p);
    }
    const uni = coxPh({
      time,
      event,
      covariates: [{ kind: 'numeric', name: 'cxcr4High', values: cxcr4High }],
    });
    expect(get(numbers, 'cox.uni.cxcr4High.hr')).toBe(uni.coefficients[0]?.hr);
  });

  it('recovers the simulated hazard ratio of CXCR4-high within its 95 % CI (cohort of 400 screened)', async () => {
    const big = datasetFromCohort(makeCohort({ size: 400, seed: 17 }));
    const n = numbersOf((await buildStudyReport(big, PROVENANCE)).html);
    const truth =
      big.source.kind === 'synthetic-cohort' ? Math.exp(big.source.trueLogHazardRatio) : Number.NaN;
    expect(truth).toBe(2);
    const lower = get(n, 'cox.multi.cxcr4High.lower');
    const upper = get(n, 'cox.multi.cxcr4High.upper');
    expect(lower).toBeLessThan(truth);
    expect(upper).toBeGreaterThan(truth);
    // And the interval is informative: it excludes HR 1 (330 participants, ~200 events).
    expect(lower).toBeGreaterThan(1);
  });

  it("covers the simulated hazard ratio in the demo's default cohort too (40 screened, seed 1)", async () => {
    const demo = datasetFromCohort(makeCohort({ size: 40, seed: 1 }));
    const n = numbersOf((await buildStudyReport(demo, PROVENANCE)).html);
    // 33 enrolled: the interval is wide, but a correct model covers the truth in 95 % of seeds.
    expect(get(n, 'cox.multi.cxcr4High.lower')).toBeLessThan(2);
    expect(get(n, 'cox.multi.cxcr4High.upper')).toBeGreaterThan(2);
  });

  it('writes the methods from the parameters used and cites every analysis in a footnote with the version', () => {
    expect(report.html).toContain(`Pentixafor SUVmax ≥ ${cutoff}`);
    expect(report.html).toContain(`within ${dataset.parameters.rocOutcomeMonths} months`);
    expect(report.html).toContain('efron ties');
    const footnotes = [...report.html.matchAll(/<li id="(fn-\d+)">/g)].map((m) => m[1]);
    const cited = [...report.html.matchAll(/<a href="#(fn-\d+)">/g)].map((m) => m[1]);
    expect(new Set(cited)).toEqual(new Set(footnotes));
    expect(footnotes.length).toBeGreaterThanOrEqual(10);
    expect(report.html.match(/cxcr4pet 0\.1\.0-test \(abc123\)/g)?.length).toBeGreaterThanOrEqual(
      footnotes.length,
    );
  });

  it("tabulates first-line treatment by diagnosis as the cohort's truth has it, with no timing deviation", () => {
    const cohort = makeCohort({ size: 120, seed: 5 });
    const expected = new Map<string, number>();
    for (const p of cohort.participants) {
      if (p.truth === null || p.records.labs === undefined) continue;
      const key = `${DISEASE_PATTERNS[p.truth.diseaseKey].label}.${p.truth.treatment.regimen}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    const printed = new Map(
      [...numbers.entries()]
        .filter(([k]) => k.startsWith('baseline.treatment.'))
        .map(([k, v]) => [k.slice('baseline.treatment.'.length), v]),
    );
    expect(printed).toEqual(expected);
    expect([...printed.values()].reduce((a, b) => a + b, 0)).toBe(people.length);
    expect(get(numbers, 'treatment.deviations')).toBe(0);
    expect(report.html).toContain(
      '<td>Diffuse large B-cell lymphoma</td><td>R-CHOP</td><td>chemo-immunotherapy</td>',
    );
  });

  it('counts a treatment started before the baseline scans and enrolment as protocol deviations', async () => {
    const cohort = makeCohort({ size: 40, seed: 1 });
    const [first, ...rest] = cohort.participants.filter((p) => p.truth !== null);
    if (first === undefined) throw new Error('no one enrolled');
    const early = {
      ...first,
      records: {
        ...first.records,
        // The day before the earlier scan (FDG, before enrolment): before both scans and enrolment.
        treatments: (first.records.treatments ?? []).map((t) => ({
          ...t,
          startDate: new Date(
            Math.min(...first.records.scans.map((x) => Date.parse(x.acquisitionStartAt.slice(0, 10)))) -
              86_400_000,
          )
            .toISOString()
            .slice(0, 10),
        })),
      },
    };
    const moved = { ...cohort, participants: [early, ...rest] };
    const n = numbersOf((await buildStudyReport(datasetFromCohort(moved), PROVENANCE)).html);
    expect(get(n, 'treatment.deviations')).toBe(3);
    expect(get(n, 'treatment.deviationParticipants')).toBe(1);
  });

  it('writes one of a count in the singular: 1 screen failure, 1 participant, 1 event', async () => {
    const plurals =
      /(^|[^.,\d])1 (people|participants|events|cases|controls|screen failures|deviations|stored per-scan analyses|comparisons|enrolled participants|lesions|patients)\b/;
    expect(textOf(report.html)).not.toMatch(plurals);
    // One screen failure, one enrolled participant with one adverse event.
    const cohort = makeCohort({ size: 40, seed: 1 });
    const failure = cohort.participants.find((p) => p.truth === null);
    const withEvent = dataset.participants.find((p) =>
      dataset.adverseEvents.some((e) => e.participantId === p.participantId),
    );
    if (failure === undefined || withEvent === undefined) throw new Error('fixture lacks a case');
    const single = {
      ...dataset,
      verdicts: [
        failure.records.eligibilityVerdict,
        ...dataset.verdicts.filter((v) => v.kind === 'eligible'),
      ],
      adverseEvents: dataset.adverseEvents
        .filter((e) => e.participantId === withEvent.participantId)
        .slice(0, 1),
    };
    const text = textOf((await buildStudyReport(single, PROVENANCE)).html);
    expect(text).toContain('1 failed screening (a screen failure)');
    expect(text).toContain('1 participant had at least one adverse event');
    expect(text).not.toMatch(plurals);
  });
});
