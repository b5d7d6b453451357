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

export interface IndolentLymphomaInput {
  readonly ageYears?: number | undefined;
  readonly annArborStage?: 1 | 2 | 3 | 4 | undefined;
  readonly hemoglobinGPerDl?: number | undefined;
  readonly ldhUPerL?: number | undefined;
  readonly ldhUpperLimitUPerL?: number | undefined;
  /** Number of involved nodal areas on the FLIPI nodal map (Solal-Céligny 2004, Figure 1). */
  readonly flipiNodalAreaCount?: number | undefined;
  readonly plateletsE9PerL?: number | undefined;
  readonly absoluteLymphocytesE9PerL?: number | undefined;
  /** MZL subtype (MZL-IPI counts nodal or disseminated MZL as a factor). */
  readonly marginalZoneType?: 'extranodal-malt' | 'nodal' | 'splenic' | 'disseminated' | undefined;
}

export const FLIPI: ScoreSystem = {
  id: 'flipi',
  name: 'FLIPI',
  version:
    'Follicular Lymphoma International Prognostic Index, Solal-Celigny et al., Blood 2004;104:1258-1265, 5 factors, groups 0-1/2/3-5',
};
export const MZL_IPI: ScoreSystem = {
  id: 'mzl-ipi',
  name: 'MZL-IPI',
  version: 'MZL-IPI, Alderuccio et al., Blood 2022;139:1149-1160, 5 factors, groups 0/1-2/3-5',
};

export type FlipiGroup = 'low' | 'intermediate' | 'high';
export type MzlIpiGroup = 'low' | 'intermediate' | 'high';

/**
 * FLIPI: one point each for age > 60, Ann Arbor stage III–IV, haemoglobin < 12 g/dL, LDH > ULN, more than
 * 4 nodal areas; 0–1 low, 2 intermediate, ≥ 3 high (10-year OS 71 %, 51 %, 36 %; Blood 2004;104:1258).
 */
export function flipi(input: IndolentLymphomaInput): ScoreResult<FlipiGroup> {
  const r = inputsOf(FLIPI, input, [
    'ageYears',
    'annArborStage',
    'hemoglobinGPerDl',
    'ldhUPerL',
    'ldhUpperLimitUPerL',
    'flipiNodalAreaCount',
  ]);
  if (!r.ok) return missingResult(FLIPI, r.missing);
  const v = r.values;
  const factors = [
    factor('Age > 60 years', v.ageYears > 60, 1, `${v.ageYears} years`),
    factor('Ann Arbor stage III or IV', v.annArborStage >= 3, 1, `stage ${v.annArborStage}`),
    factor('Haemoglobin < 12 g/dL', v.hemoglobinGPerDl < 12, 1, `${v.hemoglobinGPerDl} g/dL`),
    ldhFactor(v.ldhUPerL, v.ldhUpperLimitUPerL),
    factor('More than 4 nodal areas', v.flipiNodalAreaCount > 4, 1, `${v.flipiNodalAreaCount} areas`),
  ];
  const points = totalPoints(factors);
  return scored(FLIPI, points <= 1 ? 'low' : points === 2 ? 'intermediate' : 'high', factors, points);
}

/**
 * MZL-IPI: one point each for LDH > ULN, haemoglobin < 12 g/dL, absolute lymphocytes < 1 × 10⁹/L,
 * platelets < 100 × 10⁹/L, nodal or disseminated MZL; 0 low, 1–2 intermediate, ≥ 3 high (5-year PFS 85 %,
 * 66 %, 37 %; Alderuccio et al., Blood 2022;139:1149).
 */
export function mzlIpi(input: IndolentLymphomaInput): ScoreResult<MzlIpiGroup> {
  const r = inputsOf(MZL_IPI, input, [
    'ldhUPerL',
    'ldhUpperLimitUPerL',
    'hemoglobinGPerDl',
    'absoluteLymphocytesE9PerL',
    'plateletsE9PerL',
    'marginalZoneType',
  ]);
  if (!r.ok) return missingResult(MZL_IPI, r.missing);
  const v = r.values;
  const nodalOrDisseminated = v.marginalZoneType === 'nodal' || v.marginalZoneType === 'disseminated';
  const factors = [
    ldhFactor(v.ldhUPerL, v.ldhUpperLimitUPerL),
    factor('Haemoglobin < 12 g/dL', v.hemoglobinGPerDl < 12, 1, `${v.hemoglobinGPerDl} g/dL`),
    factor(
      'Absolute lymphocytes < 1 x 10^9/L',
      v.absoluteLymphocytesE9PerL < 1,
      1,
      `${v.absoluteLymphocytesE9PerL} x 10^9/L`,
    ),
    factor('Platelets < 100 x 10^9/L', v.plateletsE9PerL < 100, 1, `${v.plateletsE9PerL} x 10^9/L`),
    factor('Nodal or disseminated MZL', nodalOrDisseminated, 1, v.marginalZoneType),
  ];
  const points = totalPoints(factors);
  return scored(MZL_IPI, points === 0 ? 'low' : points <= 2 ? 'intermediate' : 'high', factors, points);
}
