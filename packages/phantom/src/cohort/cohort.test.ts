import { coxPh } from '@cxcr4pet/stats';
import {
  type CriterionId,
  consortScreening,
  doseWindowDeviations,
  netInjectedActivity,
  RECORD_SCHEMAS,
  treatmentDeviations,
} from '@cxcr4pet/study';
import { describe, expect, it } from 'vitest';
import { ORGANS } from '../anatomy.ts';
import { makePhantom } from '../phantom.ts';
import { containsLps } from '../shapes.ts';
import { type Cohort, type CohortParticipant, cohortSurvival, makeCohort } from './cohort.ts';
import { DISEASE_PATTERNS, LESION_SITES } from './diseases.ts';
import { DEFAULT_COHORT_MODEL } from './model.ts';
import { cohortRecords } from './record-list.ts';

const small = makeCohort({ size: 40, seed: 11 });
// 2000 screened → 1650 enrolled, ~1200 progressions: the Cox SE of each log HR is ≈ 0.06–0.1.
const large = makeCohort({ size: 2000, seed: 2026 });
const enrolled = (c: Cohort) => c.participants.filter((p) => p.truth !== null);
const truthOf = (p: CohortParticipant) => {
  if (p.truth === null) throw new Error(`${p.participantId} is not enrolled`);
  return p.truth;
};

const pfsOf = (p: CohortParticipant) => cohortSurvival(p).pfs;

describe('makeCohort', () => {
  it('is fixed by its seed: the same seed gives the same cohort, another seed another', () => {
    expect(makeCohort({ size: 40, seed: 11 })).toEqual(small);
    expect(makeCohort({ size: 40, seed: 12 })).not.toEqual(small);
  });

  it('writes only records that the study room accepts (RECORD_SCHEMAS)', () => {
    for (const cohort of [small, large]) {
      for (const { type, record } of cohortRecords(cohort)) {
        const result = RECORD_SCHEMAS[type].safeParse(record);
        if (!result.success) throw new Error(`${type} ${JSON.stringify(record)}: ${result.error.message}`);
      }
    }
  });

  it('gives each enrolled participant one first-line treatment of their diagnosis, started after both baseline scans', () => {
    for (const p of enrolled(large)) {
      const { treatments = [], scans, participant } = p.records;
      expect(treatments).toHaveLength(1);
      const [treatment] = treatments;
      if (treatment === undefined) throw new Error(`${p.participantId} has no treatment`);
      expect(treatment).toBe(truthOf(p).treatment);
      expect(treatment.regimen).toBe(DISEASE_PATTERNS[truthOf(p).diseaseKey].treatment.regimen);
      expect(treatment.lineOfTherapy).toBe(1);
      // Independent of the rule: the start is 3–9 days after the later scan's date.
      const lastScanDay = Math.max(...scans.map((s) => Date.parse(s.acquisitionStartAt.slice(0, 10))));
      const delayDays = (Date.parse(treatment.startDate) - lastScanDay) / 86_400_000;
      expect(delayDays).toBeGreaterThanOrEqual(3);
      expect(delayDays).toBeLessThanOrEqual(9);
      expect(
        treatmentDeviations(treatment, {
          enrolledDate: participant.enrolledDate,
          scans,
          screening: p.records.screening,
        }),
      ).toEqual([]);
    }
    for (const p of small.participants.filter((q) => q.truth === null))
      expect(p.records.treatments ?? []).toEqual([]);
  });

  it('makes one screen failure for each criterion in a cohort of 40, and the eligibility rules agree', () => {
    const failures = small.participants.filter((p) => p.screenFailure !== null);
    expect(failures.map((p) => p.screenFailure).sort()).toEqual(
      Object.keys(DEFAULT_COHORT_MODEL.screenFailure).sort(),
    );
    for (const p of failures) {
      const verdict = p.records.eligibilityVerdict;
      expect(verdict.kind).toBe('ineligible');
      const failed = verdict.criteria.filter((c) =>
        c.role === 'inclusion' ? c.status.kind === 'not-met' : c.status.kind === 'met',
      );
      expect(failed.map((c) => c.criterion)).toEqual([p.screenFailure]);
    }
    for (const p of enrolled(small)) expect(p.records.eligibilityVerdict.kind).toBe('eligible');
  });

  it('meets the stated screen-failure shares in a large cohort (counted by the CONSORT rules)', () => {
    const box = consortScreening(large.participants.map((p) => p.records.eligibilityVerdict));
    const shares = DEFAULT_COHORT_MODEL.screenFailure;
    for (const [criterion, share] of Object.entries(shares)) {
      // Whole people: the count is the share × 2000 (= 50) exactly, by largest-remainder allocation.
      expect(box.failuresByCriterion[criterion as CriterionId]).toBe(Math.round(share * 2000));
    }
    expect(box.eligible).toBe(2000 - 7 * 50);
    expect(box.incomplete).toBe(0);
  });

  it('gives the stated diagnosis mix and Pentixafor doses below, inside and above 74–148 MBq', () => {
    const people = enrolled(large);
    const subtypes = new Map<string, number>();
    for (const p of people) {
      const s = p.records.diagnosis?.disease.subtype ?? 'none';
      subtypes.set(s, (subtypes.get(s) ?? 0) + 1);
    }
    const n = people.length;
    const mix = DEFAULT_COHORT_MODEL.diagnosisMix;
    const total = Object.values(mix).reduce((s, w) => s + w, 0);
    for (const [key, weight] of Object.entries(mix)) {
      // Whole people: each count is within one of the stated share × 1650.
      const count = subtypes.get(key) ?? 0;
      expect(Math.abs(count - (weight / total) * n), key).toBeLessThan(1);
    }
    const codes = people.flatMap((p) =>
      p.records.doses
        .filter((d) => d.tracer === 'pentixafor')
        .flatMap((d) => doseWindowDeviations('pentixafor', netInjectedActivity(d).netInjectedActivityMBq))
        .map((dev) => dev.code),
    );
    expect(codes.filter((c) => c === 'dose-below-window')).toHaveLength(0.1 * n);
    expect(codes.filter((c) => c === 'dose-above-window')).toHaveLength(0.1 * n);
  });

  it('derives from its records exactly the PFS it drew (deriveSurvival, censoring at last contact)', () => {
    for (const p of enrolled(large)) {
      const pfs = pfsOf(p);
      const drawn = truthOf(p).survival;
      expect([pfs.timeDays, pfs.event]).toEqual([drawn.observedDays, drawn.event]);
    }
  });

  it('recovers the stated hazard ratios with a Cox model on 1650 enrolled participants (95 % CI covers β)', () => {
    const people = enrolled(large);
    const pfs = people.map(pfsOf);
    const fit = coxPh({
      time: pfs.map((s) => s.timeDays),
      event: pfs.map((s) => (s.event ? 1 : 0)),
      covariates: [
        { kind: 'numeric', name: 'cxcr4High', values: people.map((p) => (truthOf(p).cxcr4High ? 1 : 0)) },
        { kind: 'numeric', name: 'ldhElevated', values: people.map((p) => (truthOf(p).ldhElevated ? 1 : 0)) },
      ],
    });
    const beta = DEFAULT_COHORT_MODEL.hazard.logHazardRatio;
    for (const c of fit.coefficients) {
      const truth = c.name === 'cxcr4High' ? beta.cxcr4High : beta.ldhElevated;
      // The 95 % Wald interval of a correct model covers the truth in 95 % of seeds; this seed is one of them.
      expect(Math.log(c.hrCi[0])).toBeLessThan(truth);
      expect(Math.log(c.hrCi[1])).toBeGreaterThan(truth);
    }
    // CXCR4-high is about half of the cohort (the cut-off sits near the median SUVmax).
    const high = people.filter((p) => truthOf(p).cxcr4High).length / people.length;
    expect(high).toBeGreaterThan(0.35);
    expect(high).toBeLessThan(0.65);
  });

  it('draws typical lesion patterns: MZL FDG-faint but Pentixafor-avid, myeloma marrow foci, splenic foci', () => {
    const people = enrolled(large).map(truthOf);
    const mzl = people.filter((t) => t.diseaseKey === 'marginal-zone').flatMap((t) => t.lesions);
    expect(mzl.every((l) => l.detected.pentixafor && !l.detected.fdg)).toBe(true);
    const myeloma = people.filter((t) => t.diseaseKey === 'multiple-myeloma');
    expect(myeloma.every((t) => t.lesions.filter((l) => l.siteKind === 'marrow').length >= 2)).toBe(true);
    const cll = people.filter((t) => t.diseaseKey === 'cll');
    const splenic = cll.filter((t) => t.lesions.some((l) => l.siteKind === 'spleen')).length / cll.length;
    expect(splenic).toBeGreaterThan(0.45);
    expect(splenic).toBeLessThan(0.75);
    const dlbcl = people.filter((t) => t.diseaseKey === 'dlbcl');
    const fdgHotter = dlbcl.filter((t) => t.suvMax.fdg > t.suvMax.pentixafor).length / dlbcl.length;
    expect(fdgHotter).toBeGreaterThan(0.9);
  });

  it('places every lesion site, at its largest radius, inside its host organ and clear of all others', () => {
    for (const site of LESION_SITES) {
      const host = ORGANS.find((o) => o.name === site.within);
      expect(host, site.name).toBeDefined();
      const [cx, cy, cz] = site.centreMm;
      const r = site.maxRadiusMm;
      for (let k = 0; k < 400; k++) {
        // Points on the sphere's surface (Fibonacci lattice) and its centre.
        const z = 1 - (2 * (k + 0.5)) / 400;
        const phi = k * Math.PI * (3 - Math.sqrt(5));
        const s = Math.sqrt(1 - z * z);
        const p = [cx + r * s * Math.cos(phi), cy + r * s * Math.sin(phi), cz + r * z] as const;
        if (host !== undefined)
          expect(containsLps(host.shape, p), `${site.name} leaves ${host.name}`).toBe(true);
        for (const other of ORGANS) {
          if (other === host || (site.within !== 'body-trunk' && other.name === 'body-trunk')) continue;
          if (site.within === 'brain' && other.name === 'head') continue;
          expect(containsLps(other.shape, p), `${site.name} enters ${other.name}`).toBe(false);
        }
      }
    }
  });

  it("gives the demo each participant's lesions, which makePhantom paints without overlap", () => {
    const p = enrolled(small).find((q) => truthOf(q).lesions.length >= 3);
    if (p === undefined) throw new Error('no participant with 3 lesions');
    const phantom = truthOf(p).phantom;
    const study = makePhantom({
      tracer: 'pentixafor',
      lesionCatalogue: phantom.lesions,
      noise: false,
      fwhmMm: 0,
    });
    expect(study.truth.lesions.map((l) => l.name)).toEqual(phantom.lesions.map((l) => l.name));
    for (const l of study.truth.lesions) {
      expect(l.voxelCount).toBeGreaterThan(0);
      expect(l.voxelCount).toBe(l.shapeVoxelCount);
    }
  });
});
