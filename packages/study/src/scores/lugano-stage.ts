import { diaphragmSideOf, type NodalStation, type OrganRegion } from '../regions.ts';
import { factor, inputsOf, missingResult, type ScoreResult, type ScoreSystem, scored } from './result.ts';

/** An involved nodal region; left and right of a station are separate Ann Arbor regions. */
export interface InvolvedNode {
  readonly station: NodalStation;
  readonly side: 'left' | 'right' | 'midline';
}

/** An involved extranodal (extralymphatic) site and whether it is contiguous with involved nodes. */
export interface InvolvedExtranodalSite {
  readonly organ: Exclude<OrganRegion, 'spleen'>;
  readonly contiguousWithNodalDisease: boolean;
}

export interface LuganoStageInput {
  readonly involvedNodes?: readonly InvolvedNode[] | undefined;
  readonly spleenInvolved?: boolean | undefined;
  readonly extranodalSites?: readonly InvolvedExtranodalSite[] | undefined;
  /** Bulky disease (e.g. a nodal mass ≥ 10 cm or > 1/3 of the thoracic diameter in HL). */
  readonly bulky?: boolean | undefined;
}

export const LUGANO_STAGE: ScoreSystem = {
  id: 'lugano-stage',
  name: 'Ann Arbor/Lugano stage',
  version: 'Lugano modification of Ann Arbor staging, Cheson et al., J Clin Oncol 2014;32:3059-3068, Table 2',
};

export type LuganoStage = 'I' | 'IE' | 'II' | 'IIE' | 'II-bulky' | 'IIE-bulky' | 'III' | 'IV';

/**
 * Lugano (modified Ann Arbor) stage from the involved sites (J Clin Oncol 2014;32:3059, Table 2):
 * I one nodal region; IE a single extranodal lesion without nodes; II two or more nodal regions on one
 * side of the diaphragm; IIE stage I or II nodal extent with limited contiguous extranodal involvement;
 * II bulky stage II with bulk; III nodes on both sides of the diaphragm, or nodes above the diaphragm with
 * spleen involvement; IV non-contiguous extralymphatic involvement. Spleen and Waldeyer's ring are nodal
 * tissue. Bone-marrow involvement is always non-contiguous (stage IV). Regions are counted as distinct
 * (station, side) pairs, the spleen as one more region below the diaphragm.
 */
export function luganoStage(input: LuganoStageInput): ScoreResult<LuganoStage> {
  const r = inputsOf(LUGANO_STAGE, input, ['involvedNodes', 'spleenInvolved', 'extranodalSites', 'bulky']);
  if (!r.ok) return missingResult(LUGANO_STAGE, r.missing);
  const v = r.values;
  const regions = new Set(v.involvedNodes.map((n) => `${n.station}:${n.side}`));
  const sides = new Set(v.involvedNodes.map((n) => diaphragmSideOf(n.station)));
  if (v.spleenInvolved) {
    regions.add('spleen');
    sides.add('below');
  }
  const nonContiguous = v.extranodalSites.filter(
    (s) => s.organ === 'bone-marrow' || !s.contiguousWithNodalDisease,
  );
  const contiguous = v.extranodalSites.filter((s) => !nonContiguous.includes(s));
  if (regions.size === 0 && v.extranodalSites.length === 0)
    return missingResult(LUGANO_STAGE, ['involvedNodes or extranodalSites (no involved site)']);

  const factors = [
    factor(
      'Nodal regions involved',
      regions.size > 0,
      0,
      regions.size === 0 ? 'none' : [...regions].join(', '),
    ),
    factor('Nodes on both sides of the diaphragm', sides.size === 2, 0, [...sides].join(' and ') || 'none'),
    factor(
      'Non-contiguous extranodal involvement',
      nonContiguous.length > 0,
      0,
      nonContiguous.map((s) => s.organ).join(', ') || 'none',
    ),
    factor(
      'Contiguous extranodal involvement',
      contiguous.length > 0,
      0,
      contiguous.map((s) => s.organ).join(', ') || 'none',
    ),
    factor('Bulky disease', v.bulky, 0, v.bulky ? 'yes' : 'no'),
  ];
  let stage: LuganoStage;
  if (regions.size === 0) {
    // Primary extranodal disease: a single lesion is IE, more than one is disseminated (IV).
    stage = v.extranodalSites.length === 1 && v.extranodalSites[0]?.organ !== 'bone-marrow' ? 'IE' : 'IV';
  } else if (nonContiguous.length > 0) stage = 'IV';
  else if (sides.size === 2) stage = 'III';
  else {
    const extension = contiguous.length > 0;
    if (regions.size === 1 && !extension) stage = 'I';
    else stage = extension ? 'IIE' : 'II';
    if (v.bulky && stage !== 'I') stage = stage === 'IIE' ? 'IIE-bulky' : 'II-bulky';
  }
  return scored(LUGANO_STAGE, stage, factors, undefined);
}

/** The Ann Arbor stage number (1–4) of a Lugano stage, as the IPI family expects it. */
export function luganoStageNumber(stage: LuganoStage): 1 | 2 | 3 | 4 {
  if (stage === 'I' || stage === 'IE') return 1;
  if (stage === 'III') return 3;
  if (stage === 'IV') return 4;
  return 2;
}
