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

/** Inputs shared by the IPI family (all optional: a missing one yields a `missing` result). */
export interface IpiInput {
  readonly ageYears?: number | undefined;
  /** Ann Arbor / Lugano stage 1–4. */
  readonly annArborStage?: 1 | 2 | 3 | 4 | undefined;
  /** ECOG performance status 0–4. */
  readonly ecogPerformanceStatus?: 0 | 1 | 2 | 3 | 4 | undefined;
  readonly ldhUPerL?: number | undefined;
  readonly ldhUpperLimitUPerL?: number | undefined;
  /** Number of extranodal sites involved. */
  readonly extranodalSiteCount?: number | undefined;
  /** Kidney and/or adrenal gland involvement (CNS-IPI only). */
  readonly kidneyOrAdrenalInvolved?: boolean | undefined;
}

export const IPI: ScoreSystem = {
  id: 'ipi',
  name: 'IPI',
  version:
    'International Prognostic Index, N Engl J Med 1993;329:987-994 (Shipp et al.), 5 factors, groups 0-1/2/3/4-5',
};
export const AA_IPI: ScoreSystem = {
  id: 'aa-ipi',
  name: 'age-adjusted IPI',
  version: 'Age-adjusted IPI, N Engl J Med 1993;329:987-994, 3 factors, groups 0/1/2/3',
};
export const CNS_IPI: ScoreSystem = {
  id: 'cns-ipi',
  name: 'CNS-IPI',
  version: 'CNS-IPI, Schmitz et al., J Clin Oncol 2016;34:3150-3156, 6 factors, groups 0-1/2-3/4-6',
};

export type IpiGroup = 'low' | 'low-intermediate' | 'high-intermediate' | 'high';
export type CnsIpiGroup = 'low' | 'intermediate' | 'high';

const IPI_FIELDS = [
  'ageYears',
  'annArborStage',
  'ecogPerformanceStatus',
  'ldhUPerL',
  'ldhUpperLimitUPerL',
  'extranodalSiteCount',
] as const;

function ipiFactors(v: {
  ageYears: number;
  annArborStage: number;
  ecogPerformanceStatus: number;
  ldhUPerL: number;
  ldhUpperLimitUPerL: number;
  extranodalSiteCount: number;
}) {
  return [
    factor('Age > 60 years', v.ageYears > 60, 1, `${v.ageYears} years`),
    factor('Ann Arbor stage III or IV', v.annArborStage >= 3, 1, `stage ${v.annArborStage}`),
    factor(
      'ECOG performance status >= 2',
      v.ecogPerformanceStatus >= 2,
      1,
      `ECOG ${v.ecogPerformanceStatus}`,
    ),
    ldhFactor(v.ldhUPerL, v.ldhUpperLimitUPerL),
    factor('More than one extranodal site', v.extranodalSiteCount > 1, 1, `${v.extranodalSiteCount} sites`),
  ];
}

/**
 * International Prognostic Index for aggressive non-Hodgkin lymphoma: one point each for age > 60,
 * stage III–IV, ECOG ≥ 2, LDH > ULN, > 1 extranodal site; 0–1 low, 2 low-intermediate, 3
 * high-intermediate, 4–5 high risk (N Engl J Med 1993;329:987, Table 2).
 */
export function ipi(input: IpiInput): ScoreResult<IpiGroup> {
  const r = inputsOf(IPI, input, IPI_FIELDS);
  if (!r.ok) return missingResult(IPI, r.missing);
  const factors = ipiFactors(r.values);
  const points = totalPoints(factors);
  const group: IpiGroup =
    points <= 1 ? 'low' : points === 2 ? 'low-intermediate' : points === 3 ? 'high-intermediate' : 'high';
  return scored(IPI, group, factors, points);
}

/**
 * Age-adjusted IPI (defined for patients aged ≤ 60 in the same paper): one point each for stage III–IV,
 * LDH > ULN, ECOG ≥ 2; 0 low, 1 low-intermediate, 2 high-intermediate, 3 high. Age is not a factor and
 * not required.
 */
export function ageAdjustedIpi(input: IpiInput): ScoreResult<IpiGroup> {
  const r = inputsOf(AA_IPI, input, [
    'annArborStage',
    'ecogPerformanceStatus',
    'ldhUPerL',
    'ldhUpperLimitUPerL',
  ]);
  if (!r.ok) return missingResult(AA_IPI, r.missing);
  const v = r.values;
  const factors = [
    factor('Ann Arbor stage III or IV', v.annArborStage >= 3, 1, `stage ${v.annArborStage}`),
    ldhFactor(v.ldhUPerL, v.ldhUpperLimitUPerL),
    factor(
      'ECOG performance status >= 2',
      v.ecogPerformanceStatus >= 2,
      1,
      `ECOG ${v.ecogPerformanceStatus}`,
    ),
  ];
  const points = totalPoints(factors);
  const groups: readonly IpiGroup[] = ['low', 'low-intermediate', 'high-intermediate', 'high'];
  return scored(AA_IPI, groups[points] ?? 'high', factors, points);
}

/**
 * CNS-IPI, the risk of CNS relapse in DLBCL treated with R-CHOP: the five IPI factors plus kidney and/or
 * adrenal involvement, one point each; 0–1 low, 2–3 intermediate, 4–6 high (2-year CNS relapse 0.6 %,
 * 3.4 %, 10.2 %; Schmitz et al., J Clin Oncol 2016;34:3150).
 */
export function cnsIpi(input: IpiInput): ScoreResult<CnsIpiGroup> {
  const r = inputsOf(CNS_IPI, input, [...IPI_FIELDS, 'kidneyOrAdrenalInvolved']);
  if (!r.ok) return missingResult(CNS_IPI, r.missing);
  const factors = [
    ...ipiFactors(r.values),
    factor(
      'Kidney and/or adrenal involvement',
      r.values.kidneyOrAdrenalInvolved,
      1,
      r.values.kidneyOrAdrenalInvolved ? 'involved' : 'not involved',
    ),
  ];
  const points = totalPoints(factors);
  return scored(CNS_IPI, points <= 1 ? 'low' : points <= 3 ? 'intermediate' : 'high', factors, points);
}
