import {
  factor,
  inputsOf,
  ldhFactor,
  missingResult,
  type ScoreResult,
  type ScoreSystem,
  scored,
  totalPoints,
} from './result.ts';

export interface CnsLymphomaInput {
  readonly ageYears?: number | undefined;
  /** Karnofsky performance status 0–100 (MSKCC). */
  readonly karnofskyPerformanceStatus?: number | undefined;
  /** ECOG performance status 0–4 (IELSG). */
  readonly ecogPerformanceStatus?: 0 | 1 | 2 | 3 | 4 | undefined;
  readonly ldhUPerL?: number | undefined;
  readonly ldhUpperLimitUPerL?: number | undefined;
  readonly csfProteinMgPerDl?: number | undefined;
  /** Involvement of deep brain structures: periventricular regions, basal ganglia, brainstem and/or cerebellum. */
  readonly deepStructuresInvolved?: boolean | undefined;
}

export const MSKCC: ScoreSystem = {
  id: 'mskcc',
  name: 'MSKCC prognostic model',
  version:
    'MSKCC recursive partitioning model for primary CNS lymphoma, Abrey et al., J Clin Oncol 2006;24:5711-5715, classes 1-3',
};
export const IELSG: ScoreSystem = {
  id: 'ielsg',
  name: 'IELSG score',
  version:
    'IELSG prognostic score for primary CNS lymphoma, Ferreri et al., J Clin Oncol 2003;21:266-272, 5 factors, groups 0-1/2-3/4-5',
};

export type MskccClass = 'class-1' | 'class-2' | 'class-3';
export type IelsgGroup = 'low' | 'intermediate' | 'high';

/**
 * MSKCC model for primary CNS lymphoma: class 1 age ≤ 50; class 2 age > 50 and KPS ≥ 70; class 3 age > 50
 * and KPS < 70 (median OS 8.5, 3.2, 1.1 years; Abrey et al., J Clin Oncol 2006;24:5711). KPS is not needed
 * for patients aged 50 or less.
 */
export function mskcc(input: CnsLymphomaInput): ScoreResult<MskccClass> {
  const a = inputsOf(MSKCC, input, ['ageYears']);
  if (!a.ok) return missingResult(MSKCC, a.missing);
  const age = a.values.ageYears;
  const older = factor('Age > 50 years', age > 50, 0, `${age} years`);
  if (age <= 50) return scored(MSKCC, 'class-1', [older], undefined);
  const k = inputsOf(MSKCC, input, ['karnofskyPerformanceStatus']);
  if (!k.ok) return missingResult(MSKCC, k.missing);
  const kps = k.values.karnofskyPerformanceStatus;
  const poor = factor('Karnofsky performance status < 70', kps < 70, 0, `KPS ${kps}`);
  return scored(MSKCC, kps >= 70 ? 'class-2' : 'class-3', [older, poor], undefined);
}

/**
 * IELSG score for primary CNS lymphoma: one point each for age > 60, ECOG > 1, LDH > ULN, elevated CSF
 * protein (> 45 mg/dL at age ≤ 60, > 60 mg/dL at age > 60) and involvement of deep brain structures;
 * 0–1 low, 2–3 intermediate, 4–5 high (2-year OS 80 %, 48 %, 15 %; Ferreri et al., J Clin Oncol
 * 2003;21:266).
 */
export function ielsg(input: CnsLymphomaInput): ScoreResult<IelsgGroup> {
  const r = inputsOf(IELSG, input, [
    'ageYears',
    'ecogPerformanceStatus',
    'ldhUPerL',
    'ldhUpperLimitUPerL',
    'csfProteinMgPerDl',
    'deepStructuresInvolved',
  ]);
  if (!r.ok) return missingResult(IELSG, r.missing);
  const v = r.values;
  const csfLimit = v.ageYears > 60 ? 60 : 45;
  const factors = [
    factor('Age > 60 years', v.ageYears > 60, 1, `${v.ageYears} years`),
    factor('ECOG performance status > 1', v.ecogPerformanceStatus > 1, 1, `ECOG ${v.ecogPerformanceStatus}`),
    ldhFactor(v.ldhUPerL, v.ldhUpperLimitUPerL),
    factor(
      'Elevated CSF protein',
      v.csfProteinMgPerDl > csfLimit,
      1,
      `${v.csfProteinMgPerDl} mg/dL (> ${csfLimit} for this age)`,
    ),
    factor(
      'Deep brain structures involved',
      v.deepStructuresInvolved,
      1,
      v.deepStructuresInvolved ? 'involved' : 'not involved',
    ),
  ];
  const points = totalPoints(factors);
  return scored(IELSG, points <= 1 ? 'low' : points <= 3 ? 'intermediate' : 'high', factors, points);
}
