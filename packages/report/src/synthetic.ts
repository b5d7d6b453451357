import { type Cohort, cohortSurvival, DISEASE_PATTERNS } from '@cxcr4pet/phantom';
import { completedYears } from '@cxcr4pet/study';
import type {
  AnalysisParameters,
  DatasetDeviation,
  DatasetLesion,
  DatasetParticipant,
  StudyDataset,
} from './dataset.ts';
import type { ReferenceLesion } from './from-database.ts';
import { treatmentFacts } from './records-dataset.ts';

/** Default analysis choices: the cohort's stated cut-off, progression within 12 months for ROC, Efron ties. */
export function defaultParameters(cxcr4HighCutoffSuv: number): AnalysisParameters {
  return {
    cxcr4HighCutoffSuv,
    rocOutcomeMonths: 12,
    atRiskMonths: [0, 6, 12, 18, 24, 30, 36],
    coxTies: 'efron',
    pfsCensoring: 'last date known alive (deriveSurvival pfsCensoring "last-contact")',
    confLevel: 0.95,
  };
}

const fmt = (x: number) => String(Math.round(x * 1000) / 1000);

/**
 * The stated generating model of a synthetic cohort, as sentences for the methods section: screen
 * failures, diagnosis mix, dose shares, the hazard model and censoring.
 */
export function cohortModelDescription(cohort: Cohort): string[] {
  const h = cohort.model.hazard;
  const share = (x: number) => `${fmt(100 * x)} %`;
  const failures = Object.entries(cohort.model.screenFailure)
    .map(([c, s]) => `${c} ${share(s)}`)
    .join(', ');
  const mix = Object.entries(cohort.model.diagnosisMix)
    .map(([d, s]) => `${DISEASE_PATTERNS[d as keyof typeof DISEASE_PATTERNS].label} ${fmt(s)}`)
    .join(', ');
  const dose = cohort.model.pentixaforDose;
  return [
    `Synthetic cohort made by makeCohort (phantom room) with seed ${cohort.seed}: ${cohort.size} people screened; screen failures by criterion: ${failures}.`,
    `Diagnosis mix among the enrolled (relative weights): ${mix}.`,
    `Pentixafor net injected activity below, inside and above the 74–148 MBq window in shares ${share(dose.below)}, ${share(dose.within)}, ${share(dose.above)}.`,
    `Progression-free survival drawn from a Weibull proportional-hazards model: baseline S0(t) = exp(−(t/${fmt(h.scaleDays)} d)^${fmt(h.shape)}), log hazard ratios ${fmt(h.logHazardRatio.cxcr4High)} (HR ${fmt(Math.exp(h.logHazardRatio.cxcr4High))}) for CXCR4-high (Pentixafor SUVmax ≥ ${fmt(h.cxcr4HighCutoffSuv)}) and ${fmt(h.logHazardRatio.ldhElevated)} (HR ${fmt(Math.exp(h.logHazardRatio.ldhElevated))}) for LDH above the upper limit of normal; age has no effect.`,
    `Censoring: accrual uniform over ${fmt(h.accrualDays)} days from ${cohort.model.accrualStart}, administrative end ${fmt(h.minFollowUpDays)} days after the last enrolment, and random drop-out of ${share(h.dropoutPerYear)} per year (exponential).`,
  ];
}

/** The cohort's lesions per enrolled participant: the reference standard of a synthetic study. */
export function cohortReferenceLesions(cohort: Cohort): Map<string, ReferenceLesion[]> {
  return new Map(
    cohort.participants.flatMap((p) =>
      p.truth === null
        ? []
        : [
            [
              p.participantId,
              p.truth.lesions.map((l) => ({ name: l.name, centreMm: l.centreMm, radiusMm: l.radiusMm })),
            ] as const,
          ],
    ),
  );
}

/**
 * The study dataset of a synthetic cohort: records as the database will hold them (PFS and OS derived by
 * the study room from follow-up records, age from the birth date), with per-patient and per-lesion imaging
 * results taken from the cohort's truth (expected SUVmax and the stated detection rule) until the demo
 * fills them from the analyses of generated images.
 */
export function datasetFromCohort(cohort: Cohort): StudyDataset {
  const h = cohort.model.hazard;
  const participants: DatasetParticipant[] = [];
  const lesions: DatasetLesion[] = [];
  const deviations: DatasetDeviation[] = [];
  for (const p of cohort.participants) {
    const t = p.truth;
    const r = p.records;
    if (t === null || r.labs === undefined) continue;
    const survival = cohortSurvival(p);
    const { participantId, ...labs } = r.labs;
    const treatment = treatmentFacts(p.participantId, r.treatments ?? [], {
      enrolledDate: r.participant.enrolledDate,
      scans: r.scans,
      screening: r.screening,
    });
    participants.push({
      participantId: p.participantId,
      sex: r.participant.sex,
      ageYears: completedYears(
        r.identity.birthDate,
        r.screening.screeningDate,
        { record: 'identity', field: 'birthDate' },
        { record: 'screening', field: 'screeningDate' },
      ),
      diseaseFamily: DISEASE_PATTERNS[t.diseaseKey].disease.family,
      diagnosis: DISEASE_PATTERNS[t.diseaseKey].label,
      ...(r.baselineClinical?.ecogPerformanceStatus === undefined
        ? {}
        : { ecogPerformanceStatus: r.baselineClinical.ecogPerformanceStatus }),
      labs,
      suvMax: t.suvMax,
      positive: {
        pentixafor: t.lesions.some((l) => l.detected.pentixafor),
        fdg: t.lesions.some((l) => l.detected.fdg),
      },
      pfs: { timeMonths: survival.pfs.timeMonths, event: survival.pfs.event },
      os: { timeMonths: survival.os.timeMonths, event: survival.os.event },
      ...(treatment.firstLine === undefined ? {} : { firstLineTreatment: treatment.firstLine }),
    });
    deviations.push(...treatment.deviations);
    for (const l of t.lesions) {
      lesions.push({
        participantId: p.participantId,
        lesionId: `${p.participantId}/${l.name}`,
        site: l.name,
        detected: l.detected,
        suvMax: l.expectedSuvMax,
      });
    }
  }
  return {
    title: `Synthetic cohort (seed ${cohort.seed}, ${cohort.size} screened)`,
    source: {
      kind: 'synthetic-cohort',
      seed: cohort.seed,
      size: cohort.size,
      trueLogHazardRatio: h.logHazardRatio.cxcr4High,
      modelDescription: [
        ...cohortModelDescription(cohort),
        `Imaging results are the cohort's truth: per-lesion SUVmax after a Gaussian PSF of ${fmt(cohort.model.fwhmMm)} mm FWHM (partial-volume recovery of a sphere), and a lesion counts as seen when that SUVmax reaches the PERCIST liver threshold of the tracer and 1.5 × its local background.`,
      ],
    },
    verdicts: cohort.participants.map((p) => p.records.eligibilityVerdict),
    participants,
    doses: cohort.participants.flatMap((p) => p.records.doses),
    adverseEvents: cohort.participants.flatMap((p) => p.records.adverseEvents),
    lesions,
    parameters: defaultParameters(h.cxcr4HighCutoffSuv),
    treatmentDeviations: deviations,
  };
}
