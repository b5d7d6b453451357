import {
  factor,
  inputsOf,
  missingResult,
  type ScoreFactor,
  type ScoreResult,
  type ScoreSystem,
  scored,
  totalPoints,
} from './result.ts';

export interface MyelomaInput {
  readonly beta2MicroglobulinMgPerL?: number | undefined;
  readonly albuminGPerDl?: number | undefined;
  readonly ldhUPerL?: number | undefined;
  readonly ldhUpperLimitUPerL?: number | undefined;
  /** Interphase FISH findings on purified plasma cells; each undefined when not tested. */
  readonly del17p?: boolean | undefined;
  readonly t4p14?: boolean | undefined;
  readonly t14p16?: boolean | undefined;
  /** Gain or amplification of 1q (1q+; R2-ISS). */
  readonly gain1q?: boolean | undefined;
}

export const ISS: ScoreSystem = {
  id: 'iss',
  name: 'ISS',
  version: 'International Staging System, Greipp et al., J Clin Oncol 2005;23:3412-3420, stages I-III',
};
export const R_ISS: ScoreSystem = {
  id: 'r-iss',
  name: 'R-ISS',
  version: 'Revised ISS, Palumbo et al., J Clin Oncol 2015;33:2863-2869, stages I-III',
};
export const R2_ISS: ScoreSystem = {
  id: 'r2-iss',
  name: 'R2-ISS',
  version:
    "Second revision of the ISS, D'Agostino et al., J Clin Oncol 2022;40:3406-3418, points 0-5, stages I-IV",
};

export type IssStage = 'I' | 'II' | 'III';
export type R2IssStage = 'I' | 'II' | 'III' | 'IV';

function issOf(b2m: number, albumin: number): { stage: IssStage; factors: ScoreFactor[] } {
  const factors = [
    factor('Serum beta2-microglobulin >= 5.5 mg/L', b2m >= 5.5, 0, `${b2m} mg/L`),
    factor('Serum beta2-microglobulin < 3.5 mg/L', b2m < 3.5, 0, `${b2m} mg/L`),
    factor('Serum albumin >= 3.5 g/dL', albumin >= 3.5, 0, `${albumin} g/dL`),
  ];
  const stage: IssStage = b2m >= 5.5 ? 'III' : b2m < 3.5 && albumin >= 3.5 ? 'I' : 'II';
  return { stage, factors };
}

/**
 * ISS for multiple myeloma: I β2-microglobulin < 3.5 mg/L and albumin ≥ 3.5 g/dL; III β2-microglobulin
 * ≥ 5.5 mg/L; II neither (median OS 62, 44, 29 months; Greipp et al., J Clin Oncol 2005;23:3412, Table 4).
 */
export function iss(input: MyelomaInput): ScoreResult<IssStage> {
  const r = inputsOf(ISS, input, ['beta2MicroglobulinMgPerL', 'albuminGPerDl']);
  if (!r.ok) return missingResult(ISS, r.missing);
  const { stage, factors } = issOf(r.values.beta2MicroglobulinMgPerL, r.values.albuminGPerDl);
  return scored(ISS, stage, factors, undefined);
}

/**
 * R-ISS: I = ISS I with standard-risk iFISH (no del(17p), t(4;14), t(14;16)) and LDH ≤ ULN; III = ISS III
 * with high-risk iFISH or LDH > ULN; II = all others (5-year OS 82 %, 62 %, 40 %; Palumbo et al., J Clin
 * Oncol 2015;33:2863, Table 2). All three translocations/deletions must have been tested.
 */
export function rIss(input: MyelomaInput): ScoreResult<IssStage> {
  const r = inputsOf(R_ISS, input, [
    'beta2MicroglobulinMgPerL',
    'albuminGPerDl',
    'ldhUPerL',
    'ldhUpperLimitUPerL',
    'del17p',
    't4p14',
    't14p16',
  ]);
  if (!r.ok) return missingResult(R_ISS, r.missing);
  const v = r.values;
  const base = issOf(v.beta2MicroglobulinMgPerL, v.albuminGPerDl);
  const highRiskCa = v.del17p || v.t4p14 || v.t14p16;
  const highLdh = v.ldhUPerL > v.ldhUpperLimitUPerL;
  const factors = [
    factor(
      `ISS stage ${base.stage}`,
      true,
      0,
      `beta2M ${v.beta2MicroglobulinMgPerL} mg/L, albumin ${v.albuminGPerDl} g/dL`,
    ),
    factor('High-risk iFISH: del(17p), t(4;14) or t(14;16)', highRiskCa, 0, fishText(v)),
    factor('LDH above upper limit of normal', highLdh, 0, `${v.ldhUPerL} U/L (ULN ${v.ldhUpperLimitUPerL})`),
  ];
  const stage: IssStage =
    base.stage === 'I' && !highRiskCa && !highLdh
      ? 'I'
      : base.stage === 'III' && (highRiskCa || highLdh)
        ? 'III'
        : 'II';
  return scored(R_ISS, stage, factors, undefined);
}

function fishText(v: { del17p: boolean; t4p14: boolean; t14p16: boolean }): string {
  const found = [v.del17p && 'del(17p)', v.t4p14 && 't(4;14)', v.t14p16 && 't(14;16)'].filter(
    (x) => x !== false,
  );
  return found.length === 0 ? 'none detected' : found.join(', ');
}

/**
 * R2-ISS: points ISS II 1, ISS III 1.5, del(17p) 1, LDH > ULN 1, t(4;14) 1, 1q+ 0.5; stage I 0 points,
 * II 0.5–1, III 1.5–2.5, IV 3–5 (median OS not reached, 109.2, 68.5, 37.9 months; D'Agostino et al.,
 * J Clin Oncol 2022;40:3406, Table 3). t(14;16) is not a factor and not required.
 */
export function r2Iss(input: MyelomaInput): ScoreResult<R2IssStage> {
  const r = inputsOf(R2_ISS, input, [
    'beta2MicroglobulinMgPerL',
    'albuminGPerDl',
    'ldhUPerL',
    'ldhUpperLimitUPerL',
    'del17p',
    't4p14',
    'gain1q',
  ]);
  if (!r.ok) return missingResult(R2_ISS, r.missing);
  const v = r.values;
  const base = issOf(v.beta2MicroglobulinMgPerL, v.albuminGPerDl).stage;
  const issValue = `ISS ${base} (beta2M ${v.beta2MicroglobulinMgPerL} mg/L, albumin ${v.albuminGPerDl} g/dL)`;
  const factors = [
    factor('ISS stage II', base === 'II', 1, issValue),
    factor('ISS stage III', base === 'III', 1.5, issValue),
    factor('del(17p)', v.del17p, 1, v.del17p ? 'detected' : 'not detected'),
    factor(
      'LDH above upper limit of normal',
      v.ldhUPerL > v.ldhUpperLimitUPerL,
      1,
      `${v.ldhUPerL} U/L (ULN ${v.ldhUpperLimitUPerL})`,
    ),
    factor('t(4;14)', v.t4p14, 1, v.t4p14 ? 'detected' : 'not detected'),
    factor('1q+', v.gain1q, 0.5, v.gain1q ? 'detected' : 'not detected'),
  ];
  const points = totalPoints(factors);
  const stage: R2IssStage = points === 0 ? 'I' : points <= 1 ? 'II' : points <= 2.5 ? 'III' : 'IV';
  return scored(R2_ISS, stage, factors, points);
}
