import {
  factor,
  inputsOf,
  missingResult,
  type ScoreResult,
  type ScoreSystem,
  scored,
  totalPoints,
} from './result.ts';

export interface CllInput {
  readonly ageYears?: number | undefined;
  readonly hemoglobinGPerDl?: number | undefined;
  readonly plateletsE9PerL?: number | undefined;
  /** Palpable lymphadenopathy (any site; Rai). */
  readonly lymphadenopathy?: boolean | undefined;
  readonly splenomegaly?: boolean | undefined;
  readonly hepatomegaly?: boolean | undefined;
  /**
   * Binet lymphoid areas with palpable nodes, each counted once whether uni- or bilateral: head and neck
   * (incl. Waldeyer's ring), axillary, inguinal (incl. superficial femoral).
   */
  readonly binetNodalAreas?: readonly ('head-neck' | 'axillary' | 'inguinal')[] | undefined;
  /** TP53 status: del(17p) and/or TP53 mutation. */
  readonly tp53Aberrant?: boolean | undefined;
  readonly ighvUnmutated?: boolean | undefined;
  readonly beta2MicroglobulinMgPerL?: number | undefined;
}

export const RAI: ScoreSystem = {
  id: 'rai',
  name: 'Rai stage',
  version:
    'Rai staging, Rai et al., Blood 1975;46:219-234, stages 0-IV; risk groups of the modified Rai system (Rai 1987)',
};
export const BINET: ScoreSystem = {
  id: 'binet',
  name: 'Binet stage',
  version: 'Binet staging, Binet et al., Cancer 1981;48:198-206, stages A-C over 5 lymphoid areas',
};
export const CLL_IPI: ScoreSystem = {
  id: 'cll-ipi',
  name: 'CLL-IPI',
  version:
    'CLL-IPI, International CLL-IPI working group, Lancet Oncol 2016;17:779-790, points 0-10, groups 0-1/2-3/4-6/7-10',
};

export type RaiStage = '0' | 'I' | 'II' | 'III' | 'IV';
export type BinetStage = 'A' | 'B' | 'C';
export type CllIpiGroup = 'low' | 'intermediate' | 'high' | 'very-high';

/** Modified Rai risk group of a Rai stage: 0 low, I–II intermediate, III–IV high. */
export function raiRiskGroup(stage: RaiStage): 'low' | 'intermediate' | 'high' {
  return stage === '0' ? 'low' : stage === 'I' || stage === 'II' ? 'intermediate' : 'high';
}

/**
 * Rai stage of CLL (the patient has CLL lymphocytosis): IV platelets < 100 × 10⁹/L; III Hb < 11 g/dL;
 * II splenomegaly or hepatomegaly; I lymphadenopathy; 0 lymphocytosis only — the highest that applies
 * (Blood 1975;46:219). Anaemia or thrombocytopenia from another cause (autoimmune) should not be entered.
 */
export function rai(input: CllInput): ScoreResult<RaiStage> {
  const r = inputsOf(RAI, input, [
    'hemoglobinGPerDl',
    'plateletsE9PerL',
    'lymphadenopathy',
    'splenomegaly',
    'hepatomegaly',
  ]);
  if (!r.ok) return missingResult(RAI, r.missing);
  const v = r.values;
  const factors = [
    factor('Lymphadenopathy', v.lymphadenopathy, 0, v.lymphadenopathy ? 'present' : 'absent'),
    factor(
      'Splenomegaly or hepatomegaly',
      v.splenomegaly || v.hepatomegaly,
      0,
      `spleen ${v.splenomegaly ? 'enlarged' : 'normal'}, liver ${v.hepatomegaly ? 'enlarged' : 'normal'}`,
    ),
    factor('Haemoglobin < 11 g/dL', v.hemoglobinGPerDl < 11, 0, `${v.hemoglobinGPerDl} g/dL`),
    factor('Platelets < 100 x 10^9/L', v.plateletsE9PerL < 100, 0, `${v.plateletsE9PerL} x 10^9/L`),
  ];
  // The highest criterion present decides: factor i stands for stage i + 1.
  const highest = factors.map((f) => f.present).lastIndexOf(true);
  const stages: readonly RaiStage[] = ['0', 'I', 'II', 'III', 'IV'];
  return scored(RAI, stages[highest + 1] ?? '0', factors, undefined);
}

/**
 * Binet stage of CLL: C Hb < 10 g/dL and/or platelets < 100 × 10⁹/L; otherwise B with ≥ 3 involved areas
 * and A with fewer, the five areas being head-and-neck, axillary and inguinal nodes, spleen and liver
 * (Cancer 1981;48:198).
 */
export function binet(input: CllInput): ScoreResult<BinetStage> {
  const r = inputsOf(BINET, input, [
    'hemoglobinGPerDl',
    'plateletsE9PerL',
    'binetNodalAreas',
    'splenomegaly',
    'hepatomegaly',
  ]);
  if (!r.ok) return missingResult(BINET, r.missing);
  const v = r.values;
  const areas = new Set<string>(v.binetNodalAreas);
  if (v.splenomegaly) areas.add('spleen');
  if (v.hepatomegaly) areas.add('liver');
  const cytopenia = v.hemoglobinGPerDl < 10 || v.plateletsE9PerL < 100;
  const factors = [
    factor(
      'Three or more involved areas',
      areas.size >= 3,
      0,
      `${areas.size} areas${areas.size > 0 ? `: ${[...areas].join(', ')}` : ''}`,
    ),
    factor('Haemoglobin < 10 g/dL', v.hemoglobinGPerDl < 10, 0, `${v.hemoglobinGPerDl} g/dL`),
    factor('Platelets < 100 x 10^9/L', v.plateletsE9PerL < 100, 0, `${v.plateletsE9PerL} x 10^9/L`),
  ];
  return scored(BINET, cytopenia ? 'C' : areas.size >= 3 ? 'B' : 'A', factors, undefined);
}

/**
 * CLL-IPI: TP53 deleted/mutated 4, IGHV unmutated 2, β2-microglobulin > 3.5 mg/L 2, clinical stage Binet
 * B–C or Rai I–IV 1, age > 65 years 1; 0–1 low, 2–3 intermediate, 4–6 high, 7–10 very high (5-year OS
 * 93.2 %, 79.3 %, 63.3 %, 23.3 %; Lancet Oncol 2016;17:779, Table 3). The stage factor is taken from Binet.
 */
export function cllIpi(input: CllInput): ScoreResult<CllIpiGroup> {
  const r = inputsOf(CLL_IPI, input, [
    'tp53Aberrant',
    'ighvUnmutated',
    'beta2MicroglobulinMgPerL',
    'ageYears',
  ]);
  if (!r.ok) return missingResult(CLL_IPI, r.missing);
  const stage = binet(input);
  if (stage.kind === 'missing') return missingResult(CLL_IPI, stage.missing);
  const v = r.values;
  const factors = [
    factor('TP53 deleted and/or mutated', v.tp53Aberrant, 4, v.tp53Aberrant ? 'aberrant' : 'wild type'),
    factor('IGHV unmutated', v.ighvUnmutated, 2, v.ighvUnmutated ? 'unmutated' : 'mutated'),
    factor(
      'Beta2-microglobulin > 3.5 mg/L',
      v.beta2MicroglobulinMgPerL > 3.5,
      2,
      `${v.beta2MicroglobulinMgPerL} mg/L`,
    ),
    factor('Clinical stage Binet B-C', stage.group !== 'A', 1, `Binet ${stage.group}`),
    factor('Age > 65 years', v.ageYears > 65, 1, `${v.ageYears} years`),
  ];
  const points = totalPoints(factors);
  const group: CllIpiGroup =
    points <= 1 ? 'low' : points <= 3 ? 'intermediate' : points <= 6 ? 'high' : 'very-high';
  return scored(CLL_IPI, group, factors, points);
}
