import { factor, inputsOf, missingResult, type ScoreResult, type ScoreSystem, scored } from './result.ts';

export interface DurieSalmonInput {
  readonly hemoglobinGPerDl?: number | undefined;
  readonly calciumMgPerDl?: number | undefined;
  readonly creatinineMgPerDl?: number | undefined;
  /**
   * Skeletal survey: `normal` (or solitary bone plasmacytoma only), `limited` (lytic disease short of
   * advanced), `advanced-lytic` (advanced lytic bone lesions, scale 3 of Durie–Salmon).
   */
  readonly boneLesions?: 'normal-or-solitary-plasmacytoma' | 'limited' | 'advanced-lytic' | undefined;
  /** Isotype of the serum M-component; `none` for light-chain-only or non-secretory disease. */
  readonly mProteinIsotype?: 'IgG' | 'IgA' | 'other' | 'none' | undefined;
  /** Serum M-component (g/dL); required for IgG and IgA isotypes. */
  readonly serumMProteinGPerDl?: number | undefined;
  /** Urine light-chain M-component by electrophoresis (g/24 h). */
  readonly urineLightChainGPer24h?: number | undefined;
}

export interface DurieSalmonPlusInput {
  /** Focal lesions counted on whole-body imaging (MRI or FDG/Pentixafor PET/CT). */
  readonly focalLesionCount?: number | undefined;
  /** Diffuse marrow infiltration on imaging. */
  readonly diffuseInfiltration?: 'none' | 'mild' | 'moderate' | 'severe' | undefined;
  /** Smouldering or indolent myeloma (stage IA). */
  readonly smouldering?: boolean | undefined;
  readonly creatinineMgPerDl?: number | undefined;
  readonly extramedullaryDisease?: boolean | undefined;
}

export const DURIE_SALMON: ScoreSystem = {
  id: 'durie-salmon',
  name: 'Durie-Salmon stage',
  version:
    'Durie-Salmon staging, Durie & Salmon, Cancer 1975;36:842-854, stages I-III, subclass A/B by creatinine 2.0 mg/dL',
};
export const DURIE_SALMON_PLUS: ScoreSystem = {
  id: 'durie-salmon-plus',
  name: 'Durie-Salmon PLUS stage',
  version:
    'Durie/Salmon PLUS, Durie, Eur J Cancer 2006;42:1539-1543 (focal lesions <5 / 5-20 / >20, diffuse mild/moderate/severe; B = creatinine >= 2.0 mg/dL and/or extramedullary disease)',
};

export type DurieSalmonStage = 'IA' | 'IB' | 'IIA' | 'IIB' | 'IIIA' | 'IIIB';

/**
 * Durie–Salmon: stage I requires all of Hb > 10 g/dL, calcium ≤ 12 mg/dL, normal bones or a solitary
 * plasmacytoma, and a low M-component (IgG < 5 g/dL, IgA < 3 g/dL, urine light chain < 4 g/24 h); stage
 * III any of Hb < 8.5 g/dL, calcium > 12 mg/dL, advanced lytic lesions, a high M-component (IgG > 7 g/dL,
 * IgA > 5 g/dL, urine light chain > 12 g/24 h); stage II the rest. Subclass A creatinine < 2.0 mg/dL,
 * B ≥ 2.0 (Cancer 1975;36:842, Table 6).
 */
export function durieSalmon(input: DurieSalmonInput): ScoreResult<DurieSalmonStage> {
  const r = inputsOf(DURIE_SALMON, input, [
    'hemoglobinGPerDl',
    'calciumMgPerDl',
    'creatinineMgPerDl',
    'boneLesions',
    'mProteinIsotype',
    'urineLightChainGPer24h',
  ]);
  if (!r.ok) return missingResult(DURIE_SALMON, r.missing);
  const v = r.values;
  const needsSerum = v.mProteinIsotype === 'IgG' || v.mProteinIsotype === 'IgA';
  if (needsSerum && input.serumMProteinGPerDl === undefined)
    return missingResult(DURIE_SALMON, ['serumMProteinGPerDl']);
  const serum = input.serumMProteinGPerDl ?? 0;
  const [lowSerum, highSerum] = v.mProteinIsotype === 'IgG' ? [5, 7] : [3, 5];
  const serumText = needsSerum
    ? `${v.mProteinIsotype} ${serum} g/dL`
    : `no IgG/IgA M-component (${v.mProteinIsotype})`;
  const lowM = (!needsSerum || serum < lowSerum) && v.urineLightChainGPer24h < 4;
  const highM = (needsSerum && serum > highSerum) || v.urineLightChainGPer24h > 12;
  const mText = `${serumText}; urine light chain ${v.urineLightChainGPer24h} g/24 h`;
  const stageOne = [
    factor('Haemoglobin > 10 g/dL', v.hemoglobinGPerDl > 10, 0, `${v.hemoglobinGPerDl} g/dL`),
    factor('Calcium <= 12 mg/dL', v.calciumMgPerDl <= 12, 0, `${v.calciumMgPerDl} mg/dL`),
    factor(
      'Normal bones or solitary plasmacytoma',
      v.boneLesions === 'normal-or-solitary-plasmacytoma',
      0,
      v.boneLesions,
    ),
    factor('Low M-component (IgG < 5, IgA < 3 g/dL, urine light chain < 4 g/24 h)', lowM, 0, mText),
  ];
  const stageThree = [
    factor('Haemoglobin < 8.5 g/dL', v.hemoglobinGPerDl < 8.5, 0, `${v.hemoglobinGPerDl} g/dL`),
    factor('Calcium > 12 mg/dL', v.calciumMgPerDl > 12, 0, `${v.calciumMgPerDl} mg/dL`),
    factor('Advanced lytic bone lesions', v.boneLesions === 'advanced-lytic', 0, v.boneLesions),
    factor('High M-component (IgG > 7, IgA > 5 g/dL, urine light chain > 12 g/24 h)', highM, 0, mText),
  ];
  const renal = factor(
    'Creatinine >= 2.0 mg/dL (subclass B)',
    v.creatinineMgPerDl >= 2,
    0,
    `${v.creatinineMgPerDl} mg/dL`,
  );
  const stage = stageThree.some((f) => f.present) ? 'III' : stageOne.every((f) => f.present) ? 'I' : 'II';
  return scored(
    DURIE_SALMON,
    `${stage}${renal.present ? 'B' : 'A'}` as DurieSalmonStage,
    [...stageOne, ...stageThree, renal],
    undefined,
  );
}

/**
 * Durie/Salmon PLUS: the stage from imaging — I < 5 focal lesions or mild diffuse disease (IA when
 * smouldering/indolent), II 5–20 focal lesions or moderate diffuse disease, III > 20 focal lesions or
 * severe diffuse disease; the higher of the focal and diffuse stages applies. Subclass B when creatinine
 * ≥ 2.0 mg/dL and/or extramedullary disease, else A (Durie, Eur J Cancer 2006;42:1539, Table 2).
 * Stage I is IA (smouldering) or IB; the A/B renal subclass applies to stages II and III.
 */
export function durieSalmonPlus(input: DurieSalmonPlusInput): ScoreResult<DurieSalmonStage> {
  const r = inputsOf(DURIE_SALMON_PLUS, input, [
    'focalLesionCount',
    'diffuseInfiltration',
    'smouldering',
    'creatinineMgPerDl',
    'extramedullaryDisease',
  ]);
  if (!r.ok) return missingResult(DURIE_SALMON_PLUS, r.missing);
  const v = r.values;
  const n = v.focalLesionCount;
  const focalStage = n < 5 ? 1 : n <= 20 ? 2 : 3;
  const diffuseStage = v.diffuseInfiltration === 'severe' ? 3 : v.diffuseInfiltration === 'moderate' ? 2 : 1;
  const stage = Math.max(focalStage, diffuseStage);
  const b = v.creatinineMgPerDl >= 2 || v.extramedullaryDisease;
  const factors = [
    factor('Focal lesions 5-20', focalStage === 2, 0, `${n} focal lesions`),
    factor('Focal lesions > 20', focalStage === 3, 0, `${n} focal lesions`),
    factor(
      'Moderate or severe diffuse infiltration',
      diffuseStage > 1,
      0,
      `diffuse: ${v.diffuseInfiltration}`,
    ),
    factor('Smouldering / indolent myeloma', v.smouldering, 0, v.smouldering ? 'yes' : 'no'),
    factor('Creatinine >= 2.0 mg/dL', v.creatinineMgPerDl >= 2, 0, `${v.creatinineMgPerDl} mg/dL`),
    factor(
      'Extramedullary disease',
      v.extramedullaryDisease,
      0,
      v.extramedullaryDisease ? 'present' : 'absent',
    ),
  ];
  const group: DurieSalmonStage =
    stage === 1 ? (v.smouldering ? 'IA' : 'IB') : stage === 2 ? (b ? 'IIB' : 'IIA') : b ? 'IIIB' : 'IIIA';
  return scored(DURIE_SALMON_PLUS, group, factors, undefined);
}
