import {
  type AdverseEvent,
  assessEligibility,
  type BaselineClinical,
  type Consent,
  type CriterionId,
  type Diagnosis,
  type DoseRecord,
  deriveSurvival,
  type EligibilityVerdict,
  HALF_LIFE_S,
  type Labs,
  type Participant,
  type ParticipantIdentity,
  type Scan,
  type Screening,
  type SurvivalOutcome,
  type Treatment,
} from '@cxcr4pet/study';
import type { LesionSpec } from '../anatomy.ts';
import type { Tracer } from '../tracers.ts';
import { addDays, instantOn } from './dates.ts';
import { DISEASE_PATTERNS, type DiseasePattern } from './diseases.ts';
import { type DrawnSurvival, drawSurvival, type FollowUpRecords, followUpRecords } from './follow-up.ts';
import { type CohortLesion, drawLesions } from './lesions.ts';
import { type CohortModel, DEFAULT_COHORT_MODEL, type DiseaseKey } from './model.ts';
import { quotas, type Random, seededRandom } from './random.ts';

/** Every study record of one participant, each valid against `RECORD_SCHEMAS` of the study room. */
export interface CohortRecords extends Partial<FollowUpRecords> {
  readonly participant: Participant;
  readonly identity: ParticipantIdentity;
  readonly consents: readonly Consent[];
  readonly screening: Screening;
  readonly eligibilityVerdict: EligibilityVerdict;
  readonly diagnosis?: Diagnosis;
  readonly labs?: Labs;
  readonly baselineClinical?: BaselineClinical;
  readonly doses: readonly DoseRecord[];
  readonly scans: readonly Scan[];
  readonly adverseEvents: readonly AdverseEvent[];
  /** The first-line treatment, started after both baseline PET/CTs (enrolled participants only). */
  readonly treatments?: readonly Treatment[];
}

/** What the demo needs to make the participant's two PET/CTs with `makePhantom`. */
export interface ParticipantPhantom {
  /** The digital patient's body (one adult anatomy: 72 kg, 1.74 m). */
  readonly weightKg: number;
  readonly heightM: number;
  readonly injectedActivityBq: Readonly<Record<Tracer, number>>;
  /** Lesions with their true SUV on each tracer; `makePhantom({ tracer, lesionCatalogue: lesions })` paints them. */
  readonly lesions: readonly LesionSpec[];
}

/** The hidden truth of an enrolled participant (what the analyses should recover). */
export interface EnrolledTruth {
  readonly diseaseKey: DiseaseKey;
  /** The first-line treatment record written for the participant (its regimen is the diagnosis's usual one). */
  readonly treatment: Treatment;
  readonly lesions: readonly CohortLesion[];
  /** Per-patient SUVmax (the hottest lesion's expected SUVmax) on each tracer. */
  readonly suvMax: Readonly<Record<Tracer, number>>;
  readonly cxcr4High: boolean;
  readonly ldhElevated: boolean;
  readonly pentixaforDoseClass: 'below' | 'within' | 'above';
  readonly netPentixaforMBq: number;
  readonly survival: DrawnSurvival;
  readonly phantom: ParticipantPhantom;
}

export interface CohortParticipant {
  readonly participantId: string;
  /** The criterion this screen failure was made to fail; null for the enrolled. */
  readonly screenFailure: CriterionId | null;
  readonly records: CohortRecords;
  readonly truth: EnrolledTruth | null;
}

export interface Cohort {
  readonly seed: number;
  readonly size: number;
  readonly model: CohortModel;
  readonly participants: readonly CohortParticipant[];
}

export interface CohortOptions {
  /** People screened (default 40). */
  readonly size?: number;
  readonly seed: number;
  readonly model?: CohortModel;
}

const SITE_ID = 'site-01';
const CONSENT_VERSION = 'v2.1';
const UPTAKE_MIN = 60;
const WEIGHT_KG = 72;
const HEIGHT_M = 1.74;

/**
 * A synthetic study cohort: `size` people screened, screen failures in the stated share for each
 * eligibility criterion, the rest enrolled with a diagnosis from the stated mix, its typical per-tracer
 * lesions, labs, risk factors, Pentixafor doses inside and outside 74–148 MBq in the stated shares, two
 * baseline scans, adverse events and follow-up drawn from the stated hazard model. Pure and seeded: the
 * same options give the same cohort.
 */
export function makeCohort(options: CohortOptions): Cohort {
  const size = options.size ?? 40;
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`cohort size must be a whole number ≥ 1, got ${size}`);
  const model = options.model ?? DEFAULT_COHORT_MODEL;
  const random = seededRandom(options.seed);
  const failureShare = Object.values(model.screenFailure).reduce((s, p) => s + p, 0);
  const fates = quotas(size, { ...model.screenFailure, enrolled: 1 - failureShare });
  const plan = random.shuffle(
    Object.entries(fates).flatMap(([fate, n]) =>
      Array.from({ length: n }, () => fate as CriterionId | 'enrolled'),
    ),
  );
  const enrolledCount = fates.enrolled;
  const diseases = random.shuffle(
    Object.entries(quotas(enrolledCount, model.diagnosisMix)).flatMap(([key, n]) =>
      Array.from({ length: n }, () => key as DiseaseKey),
    ),
  );
  const doseClasses = random.shuffle(
    Object.entries(quotas(enrolledCount, model.pentixaforDose)).flatMap(([c, n]) =>
      Array.from({ length: n }, () => c as EnrolledTruth['pentixaforDoseClass']),
    ),
  );
  let enrolledIndex = 0;
  const participants = plan.map((fate, i) => {
    const participantId = `CX-${String(i + 1).padStart(3, '0')}`;
    const enrolmentOffsetDays = Math.floor(
      (model.hazard.accrualDays * i) / size + random.between(0, model.hazard.accrualDays / size),
    );
    if (fate !== 'enrolled') return screenFailure(participantId, fate, enrolmentOffsetDays, model, random);
    const key = diseases[enrolledIndex] ?? 'dlbcl';
    const doseClass = doseClasses[enrolledIndex] ?? 'within';
    enrolledIndex++;
    return enrolled(participantId, DISEASE_PATTERNS[key], doseClass, enrolmentOffsetDays, model, random);
  });
  return { seed: options.seed, size, model, participants };
}

/** Screening facts shared by every participant, with the one criterion to fail broken. */
function baseScreening(
  participantId: string,
  fail: CriterionId | null,
  screeningDate: string,
  pentixaforDate: string,
  fdgDate: string,
  sex: Participant['sex'],
): Screening {
  const female = sex === 'female';
  const notMale = { kind: 'not-applicable', reason: 'male participant' } as const;
  return {
    participantId,
    screeningDate,
    lymphoproliferativeDisease: { kind: 'confirmed', source: 'pathology report' },
    priorTreatment:
      fail === 'untreated-lymphoproliferative-disease'
        ? { kind: 'yes', source: 'two cycles of chemotherapy last year' }
        : { kind: 'no', source: 'medical history' },
    fdgPetCtDate: { kind: 'known', date: fdgDate },
    pentixaforPetCtDate: { kind: 'known', date: pentixaforDate },
    pregnant: !female
      ? notMale
      : fail === 'pregnancy'
        ? { kind: 'yes', source: 'serum beta-hCG' }
        : { kind: 'no', source: 'serum beta-hCG' },
    breastfeeding: !female ? notMale : fail === 'breastfeeding' ? { kind: 'yes' } : { kind: 'no' },
    pentixaforAllergy:
      fail === 'pentixafor-allergy' ? { kind: 'yes', source: 'previous reaction' } : { kind: 'no' },
  };
}

interface Common {
  /** The records every screened person has. */
  readonly records: Pick<
    CohortRecords,
    'participant' | 'identity' | 'consents' | 'screening' | 'eligibilityVerdict'
  >;
  readonly pentixaforDate: string;
  readonly fdgDate: string;
}

function common(
  participantId: string,
  fail: CriterionId | null,
  enrolmentOffsetDays: number,
  model: CohortModel,
  random: Random,
): Common {
  const pentixaforDate = addDays(model.accrualStart, enrolmentOffsetDays);
  const screeningDate = addDays(pentixaforDate, -3);
  const interval = fail === 'fdg-pet-ct-within-14-days' ? random.integer(15, 30) : random.integer(0, 10);
  const fdgDate = addDays(pentixaforDate, -interval);
  const sex: Participant['sex'] =
    fail === 'pregnancy' || fail === 'breastfeeding' ? 'female' : random.bernoulli(0.45) ? 'female' : 'male';
  if (fail === 'pregnancy' || fail === 'breastfeeding') random.uniform();
  const ageYears =
    fail === 'age-18-to-80' ? random.pick([17, 81, 83]) : random.integer(fail === null ? 35 : 30, 79);
  const birthDate = addDays(screeningDate, -Math.floor(ageYears * 365.25) - random.integer(10, 300));
  const number = participantId.slice(3);
  const identity: ParticipantIdentity = {
    participantId,
    fullName: `Synthetic Participant ${number}`,
    birthDate,
    hospitalId: `H${number}`,
  };
  const consents: Consent[] =
    fail === 'signed-consent'
      ? []
      : [
          {
            participantId,
            consentFormVersion: CONSENT_VERSION,
            signedDate: screeningDate,
            obtainedBy: 'investigator-01',
          },
        ];
  const screening = baseScreening(participantId, fail, screeningDate, pentixaforDate, fdgDate, sex);
  const eligibilityVerdict = assessEligibility({ screening, birthDate, consents });
  const participant: Participant =
    fail === null
      ? { participantId, siteId: SITE_ID, sex, enrolledDate: pentixaforDate }
      : { participantId, siteId: SITE_ID, sex };
  return {
    records: { participant, identity, consents, screening, eligibilityVerdict },
    pentixaforDate,
    fdgDate,
  };
}

function screenFailure(
  participantId: string,
  fail: CriterionId,
  offset: number,
  model: CohortModel,
  random: Random,
): CohortParticipant {
  const c = common(participantId, fail, offset, model, random);
  return {
    participantId,
    screenFailure: fail,
    records: {
      ...c.records,
      doses: [],
      scans: [],
      adverseEvents: [],
    },
    truth: null,
  };
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;

/** The dose record that gives net activity `netMBq`: residual read 5 min after, syringe 10 min before injection. */
function doseRecord(
  participantId: string,
  tracer: Tracer,
  date: string,
  netMBq: number,
  random: Random,
): DoseRecord {
  const radionuclide = tracer === 'pentixafor' ? 'Ga-68' : 'F-18';
  const halfLifeS = HALF_LIFE_S[radionuclide];
  const injectionMin = 9 * 60 + random.integer(0, 120);
  const residualMBq = round1(random.between(1, 4));
  const beforeMBq = (netMBq + residualMBq * 2 ** (-300 / halfLifeS)) * 2 ** (600 / halfLifeS);
  return {
    participantId,
    tracer,
    radionuclide,
    syringeBefore: { activityMBq: round1(beforeMBq), measuredAt: instantOn(date, injectionMin - 10) },
    syringeResidual: { activityMBq: residualMBq, measuredAt: instantOn(date, injectionMin + 5) },
    injectedAt: instantOn(date, injectionMin),
  };
}

function enrolled(
  participantId: string,
  pattern: DiseasePattern,
  doseClass: EnrolledTruth['pentixaforDoseClass'],
  offset: number,
  model: CohortModel,
  random: Random,
): CohortParticipant {
  const c = common(participantId, null, offset, model, random);
  const lesions = drawLesions(pattern, random, model.fwhmMm);
  const suvMax = {
    pentixafor: Math.max(...lesions.map((l) => l.expectedSuvMax.pentixafor)),
    fdg: Math.max(...lesions.map((l) => l.expectedSuvMax.fdg)),
  };
  // LDH: more often elevated in FDG-avid (aggressive) disease, on top of the diagnosis's base rate.
  const ldhElevated = random.bernoulli(
    Math.min(0.9, pattern.ldhElevated + 0.02 * Math.max(0, suvMax.fdg - 6)),
  );
  const cxcr4High = suvMax.pentixafor >= model.hazard.cxcr4HighCutoffSuv;
  const survival = drawSurvival(model.hazard, { cxcr4High, ldhElevated }, offset, random);
  const followUp = followUpRecords(participantId, pattern.disease, c.pentixaforDate, survival, random);
  const netPentixaforMBq = round1(
    doseClass === 'below'
      ? random.between(55, 72)
      : doseClass === 'above'
        ? random.between(150, 175)
        : random.between(80, 145),
  );
  const netFdgMBq = round1(random.normal(3.7 * WEIGHT_KG, 15));
  const doses = [
    doseRecord(participantId, 'pentixafor', c.pentixaforDate, netPentixaforMBq, random),
    doseRecord(participantId, 'fdg', c.fdgDate, netFdgMBq, random),
  ];
  const scans: Scan[] = doses.map((d) => ({
    scanId: `${participantId}-${d.tracer}-baseline`,
    participantId,
    tracer: d.tracer,
    timepoint: 'baseline',
    acquisitionStartAt: instantOn(d.injectedAt.slice(0, 10), minutesOf(d.injectedAt) + UPTAKE_MIN),
  }));
  const treatment: Treatment = {
    participantId,
    ...pattern.treatment,
    lineOfTherapy: 1,
    startDate: treatmentStart(participantId, [c.pentixaforDate, c.fdgDate]),
  };
  const ldhUpperLimitUPerL = 250;
  const labs: Labs = {
    participantId,
    sampledDate: c.records.screening.screeningDate,
    ldhUPerL: Math.round(
      ldhUpperLimitUPerL * (ldhElevated ? random.between(1.05, 3) : random.between(0.5, 0.98)),
    ),
    ldhUpperLimitUPerL,
    hemoglobinGPerDl: round1(
      Math.max(6, random.normal(pattern.disease.family === 'lymphoma' ? 12.8 : 10.8, 1.5)),
    ),
    plateletsE9PerL: Math.round(Math.max(20, random.normal(pattern.key === 'aml' ? 90 : 230, 50))),
    absoluteLymphocytesE9PerL: round2(
      pattern.key === 'cll' ? random.between(8, 60) : Math.max(0.3, random.normal(1.6, 0.5)),
    ),
    // β2-microglobulin rises with CXCR4 burden (log-linear, 4 % per SUV unit): a marker for the Spearman table.
    beta2MicroglobulinMgPerL: round2(2 * Math.exp(0.04 * suvMax.pentixafor + random.normal(0, 0.3))),
    albuminGPerDl: round1(Math.max(2.5, random.normal(3.9, 0.4))),
    calciumMgPerDl: round1(random.normal(9.5, 0.5)),
    creatinineMgPerDl: round2(Math.max(0.5, random.normal(0.95, 0.2))),
  };
  const nodal = lesions.filter((l) => l.siteKind === 'node');
  const extranodal = lesions.filter((l) => l.siteKind !== 'node' && l.siteKind !== 'marrow');
  const marrow = lesions.filter((l) => l.siteKind === 'marrow');
  const baselineClinical: BaselineClinical = {
    participantId,
    assessedDate: c.records.screening.screeningDate,
    ecogPerformanceStatus: random.pick([0, 0, 1, 1, 2] as const),
    ...(pattern.disease.family === 'lymphoma'
      ? {
          annArborStage:
            marrow.length > 0 || extranodal.length > 1 ? 4 : nodal.length > 2 ? 3 : nodal.length > 1 ? 2 : 1,
          bSymptoms: random.bernoulli(0.3),
          extranodalSiteCount: extranodal.length + (marrow.length > 0 ? 1 : 0),
        }
      : {}),
    ...(pattern.key === 'multiple-myeloma'
      ? { focalLesionCount: marrow.length, mProteinIsotype: random.pick(['IgG', 'IgA'] as const) }
      : {}),
    ...(pattern.key === 'cll'
      ? { splenomegaly: lesions.some((l) => l.siteKind === 'spleen'), lymphadenopathy: true }
      : {}),
  };
  const diagnosedDate = addDays(c.records.screening.screeningDate, -random.integer(3, 20));
  const diagnosis: Diagnosis = {
    participantId,
    certainty: 'confirmed',
    disease: pattern.disease,
    reference: referenceOf(pattern, lesions, diagnosedDate, participantId),
    diagnosedDate,
  };
  return {
    participantId,
    screenFailure: null,
    records: {
      ...c.records,
      diagnosis,
      labs,
      baselineClinical,
      doses,
      scans,
      adverseEvents: adverseEvents(participantId, c.pentixaforDate, c.fdgDate, model, random),
      ...followUp,
      treatments: [treatment],
    },
    truth: {
      diseaseKey: pattern.key,
      treatment,
      lesions,
      suvMax,
      cxcr4High,
      ldhElevated,
      pentixaforDoseClass: doseClass,
      netPentixaforMBq,
      survival,
      phantom: {
        weightKg: WEIGHT_KG,
        heightM: HEIGHT_M,
        injectedActivityBq: { pentixafor: netPentixaforMBq * 1e6, fdg: netFdgMBq * 1e6 },
        lesions: lesions.map(({ name, label, centreMm, radiusMm, suv, within }) => ({
          name,
          label,
          centreMm,
          radiusMm,
          suv,
          within,
        })),
      },
    },
  };
}

/**
 * First-line treatment starts 3 to 9 days after the later baseline PET/CT (the protocol images before
 * treatment). The delay comes from the study code, not the random stream, so adding treatment records
 * left every other drawn value of the cohort as it was.
 */
function treatmentStart(participantId: string, scanDates: readonly string[]): string {
  const last = [...scanDates].sort().at(-1) ?? scanDates[0] ?? '';
  return addDays(last, 3 + (Number(participantId.replace(/\D/g, '')) % 7));
}

function minutesOf(instant: string): number {
  return Number(instant.slice(11, 13)) * 60 + Number(instant.slice(14, 16));
}

function referenceOf(
  pattern: DiseasePattern,
  lesions: readonly CohortLesion[],
  sampledDate: string,
  participantId: string,
): Diagnosis['reference'] {
  const reportId = `PATH-${participantId}`;
  switch (pattern.key) {
    case 'cll':
      return { kind: 'cytology', specimen: 'peripheral-blood-flow-cytometry', sampledDate, reportId };
    case 'aml':
      return { kind: 'cytology', specimen: 'bone-marrow-aspirate', sampledDate, reportId };
    case 'multiple-myeloma':
      return {
        kind: 'histology',
        specimen: 'bone-marrow-trephine',
        site: 'posterior iliac crest',
        sampledDate,
        reportId,
      };
    case 'primary-cns':
      return {
        kind: 'histology',
        specimen: 'stereotactic-brain-biopsy',
        site: lesions[0]?.name ?? 'brain',
        sampledDate,
        reportId,
      };
    default:
      return {
        kind: 'histology',
        specimen: pattern.key === 'marginal-zone' ? 'endoscopic-biopsy' : 'excisional-biopsy',
        site: lesions[0]?.name ?? 'lymph node',
        sampledDate,
        reportId,
      };
  }
}

function adverseEvents(
  participantId: string,
  pentixaforDate: string,
  fdgDate: string,
  model: CohortModel,
  random: Random,
): AdverseEvent[] {
  const events: AdverseEvent[] = [];
  const rates = model.adverseEvents;
  const id = () => `${participantId}-AE${events.length + 1}`;
  if (random.bernoulli(rates.injectionSiteReaction)) {
    events.push({
      aeId: id(),
      participantId,
      ctcaeVersion: '5.0',
      ctcaeTerm: 'Injection site reaction',
      grade: 1,
      onsetDate: pentixaforDate,
      resolvedDate: addDays(pentixaforDate, 1),
      attributedTo: 'pentixafor',
      relatedness: 'possible',
      serious: { kind: 'no' },
      outcome: 'recovered',
    });
  }
  if (random.bernoulli(rates.nausea)) {
    events.push({
      aeId: id(),
      participantId,
      ctcaeVersion: '5.0',
      ctcaeTerm: 'Nausea',
      grade: 1,
      onsetDate: fdgDate,
      resolvedDate: fdgDate,
      attributedTo: 'fdg',
      relatedness: 'unlikely',
      serious: { kind: 'no' },
      outcome: 'recovered',
    });
  }
  if (random.bernoulli(rates.anaemia)) {
    const grade = random.pick([2, 3] as const);
    events.push({
      aeId: id(),
      participantId,
      ctcaeVersion: '5.0',
      ctcaeTerm: 'Anemia',
      grade,
      onsetDate: addDays(pentixaforDate, random.integer(1, 6)),
      attributedTo: 'none',
      relatedness: 'not-related',
      serious: grade === 3 ? { kind: 'yes', criteria: ['hospitalisation'] } : { kind: 'no' },
      outcome: 'recovering',
    });
  }
  return events;
}

/**
 * PFS and OS of an enrolled participant derived by the study room from the follow-up records
 * (`deriveSurvival`, PFS censored at the last date known alive: leukemias have no response assessments).
 */
export function cohortSurvival(p: CohortParticipant): SurvivalOutcome {
  const r = p.records;
  return deriveSurvival(
    {
      participant: r.participant,
      responses: r.responseAssessments ?? [],
      progressions: r.progressions ?? [],
      death: r.death,
      contacts: r.followUpContacts ?? [],
    },
    { pfsCensoring: 'last-contact' },
  );
}
