import type { Disease, Treatment, TreatmentCategory } from '@cxcr4pet/study';
import type { Tracer } from '../tracers.ts';
import type { DiseaseKey } from './model.ts';

/** A place in the digital patient where a lesion may sit: its host organ and the largest radius that fits. */
export interface LesionSite {
  readonly name: string;
  readonly kind: 'node' | 'marrow' | 'spleen' | 'liver' | 'brain' | 'extranodal';
  readonly centreMm: readonly [number, number, number];
  readonly maxRadiusMm: number;
  /** The organ of `anatomy.ts` the whole sphere lies in (a test checks it for the largest radius). */
  readonly within: string;
}

/** Every lesion site; centres on multiples of 4 mm (voxel centres of the default grid). */
export const LESION_SITES: readonly LesionSite[] = [
  { name: 'mediastinal-node', kind: 'node', centreMm: [0, -60, 620], maxRadiusMm: 15, within: 'body-trunk' },
  {
    name: 'left-axillary-node',
    kind: 'node',
    centreMm: [148, -8, 700],
    maxRadiusMm: 8,
    within: 'body-trunk',
  },
  {
    name: 'right-axillary-node',
    kind: 'node',
    centreMm: [-148, -8, 700],
    maxRadiusMm: 8,
    within: 'body-trunk',
  },
  { name: 'para-aortic-node', kind: 'node', centreMm: [-24, 20, 300], maxRadiusMm: 12, within: 'body-trunk' },
  { name: 'mesenteric-node', kind: 'node', centreMm: [32, -40, 260], maxRadiusMm: 12, within: 'body-trunk' },
  {
    name: 'left-inguinal-node',
    kind: 'node',
    centreMm: [72, -60, 40],
    maxRadiusMm: 10,
    within: 'body-trunk',
  },
  {
    name: 'right-inguinal-node',
    kind: 'node',
    centreMm: [-72, -60, 40],
    maxRadiusMm: 10,
    within: 'body-trunk',
  },
  { name: 'cervical-node', kind: 'node', centreMm: [40, -8, 752], maxRadiusMm: 6, within: 'body-neck' },
  { name: 'vertebral-marrow-t6', kind: 'marrow', centreMm: [0, 80, 640], maxRadiusMm: 10, within: 'spine' },
  { name: 'vertebral-marrow-t10', kind: 'marrow', centreMm: [0, 80, 560], maxRadiusMm: 10, within: 'spine' },
  { name: 'vertebral-marrow-l1', kind: 'marrow', centreMm: [0, 80, 460], maxRadiusMm: 10, within: 'spine' },
  { name: 'vertebral-marrow-l3', kind: 'marrow', centreMm: [0, 80, 380], maxRadiusMm: 10, within: 'spine' },
  { name: 'vertebral-marrow-l5', kind: 'marrow', centreMm: [0, 80, 280], maxRadiusMm: 10, within: 'spine' },
  { name: 'vertebral-marrow-s1', kind: 'marrow', centreMm: [0, 80, 200], maxRadiusMm: 10, within: 'spine' },
  {
    name: 'right-iliac-bone',
    kind: 'marrow',
    centreMm: [-112, 40, 152],
    maxRadiusMm: 12,
    within: 'body-trunk',
  },
  {
    name: 'left-iliac-bone',
    kind: 'marrow',
    centreMm: [112, 40, 152],
    maxRadiusMm: 12,
    within: 'body-trunk',
  },
  { name: 'splenic-focus', kind: 'spleen', centreMm: [88, 44, 440], maxRadiusMm: 16, within: 'spleen' },
  { name: 'liver-lesion', kind: 'liver', centreMm: [-60, -8, 400], maxRadiusMm: 12, within: 'liver' },
  { name: 'periventricular-brain', kind: 'brain', centreMm: [20, 8, 880], maxRadiusMm: 14, within: 'brain' },
  { name: 'cerebellar-brain', kind: 'brain', centreMm: [-24, 40, 836], maxRadiusMm: 10, within: 'brain' },
  {
    name: 'gastric-malt',
    kind: 'extranodal',
    centreMm: [72, -60, 400],
    maxRadiusMm: 10,
    within: 'body-trunk',
  },
];

type Range = readonly [number, number];

/** A group of lesions of one diagnosis: where, how many, how large, and their true SUV per tracer. */
export interface LesionGroup {
  readonly sites: LesionSite['kind'];
  /** Drawn uniformly (whole numbers); bounded by the sites available. */
  readonly count: Range;
  /** Probability the group is present at all. */
  readonly probability: number;
  readonly radiusMm: Range;
  readonly suv: Readonly<Record<Tracer, Range>>;
}

/**
 * A first-line regimen as the `treatment` record has it (without participant and dates): name, category,
 * intent and, for a regimen given in cycles, the usual number of cycles.
 */
export interface FirstLineTreatment {
  readonly regimen: string;
  readonly category: TreatmentCategory;
  readonly intent: Treatment['intent'];
  readonly cycles?: number;
}

/** The typical lesion pattern of a diagnosis, and what the study records say of it. */
export interface DiseasePattern {
  readonly key: DiseaseKey;
  readonly label: string;
  readonly disease: Disease;
  readonly groups: readonly LesionGroup[];
  /** Probability that LDH is above the upper limit of normal. */
  readonly ldhElevated: number;
  /** The usual first-line treatment, written as each enrolled participant's `treatment` record. */
  readonly treatment: FirstLineTreatment;
}

/**
 * Per-tracer lesion patterns, rounded from the CXCR4 imaging literature: marginal-zone lymphoma is often
 * FDG-faint but Pentixafor-avid (Haug AR et al., J Nucl Med 2019;60:1340; Duell J et al., J Nucl Med
 * 2021;62:1415); mantle-cell and CLL are strongly CXCR4-positive (Mayerhoefer ME et al., J Nucl Med 2021;
 * 62:1393); myeloma shows focal marrow lesions with higher Pentixafor than FDG uptake (Lapa C et al.,
 * Theranostics 2017;7:205); aggressive DLBCL is FDG-avid first; PCNSL is avid on both with a near-zero
 * Pentixafor brain background (Herhaus P et al., Haematologica 2020;105:e393). Splenic involvement adds a
 * focus above the high physiological splenic Pentixafor uptake (6.5).
 */
export const DISEASE_PATTERNS: Readonly<Record<DiseaseKey, DiseasePattern>> = {
  dlbcl: {
    key: 'dlbcl',
    label: 'Diffuse large B-cell lymphoma',
    disease: { family: 'lymphoma', subtype: 'dlbcl' },
    groups: [
      {
        sites: 'node',
        count: [2, 5],
        probability: 1,
        radiusMm: [8, 15],
        suv: { pentixafor: [4, 12], fdg: [10, 25] },
      },
      {
        sites: 'liver',
        count: [1, 1],
        probability: 0.25,
        radiusMm: [8, 12],
        suv: { pentixafor: [4, 9], fdg: [8, 16] },
      },
    ],
    ldhElevated: 0.5,
    treatment: { regimen: 'R-CHOP', category: 'chemo-immunotherapy', intent: 'curative', cycles: 6 },
  },
  follicular: {
    key: 'follicular',
    label: 'Follicular lymphoma',
    disease: { family: 'lymphoma', subtype: 'follicular' },
    groups: [
      {
        sites: 'node',
        count: [2, 6],
        probability: 1,
        radiusMm: [6, 12],
        suv: { pentixafor: [6, 13], fdg: [4, 9] },
      },
      {
        sites: 'marrow',
        count: [1, 2],
        probability: 0.3,
        radiusMm: [6, 9],
        suv: { pentixafor: [6, 10], fdg: [2, 4] },
      },
    ],
    ldhElevated: 0.2,
    treatment: {
      regimen: 'bendamustine-rituximab',
      category: 'chemo-immunotherapy',
      intent: 'disease-control',
      cycles: 6,
    },
  },
  'marginal-zone': {
    key: 'marginal-zone',
    label: 'Marginal zone lymphoma',
    disease: { family: 'lymphoma', subtype: 'marginal-zone', marginalZoneType: 'extranodal-malt' },
    groups: [
      {
        sites: 'extranodal',
        count: [1, 1],
        probability: 1,
        radiusMm: [7, 10],
        suv: { pentixafor: [9, 16], fdg: [1.5, 3] },
      },
      {
        sites: 'node',
        count: [1, 3],
        probability: 0.6,
        radiusMm: [6, 10],
        suv: { pentixafor: [8, 14], fdg: [1.5, 3.5] },
      },
      {
        sites: 'spleen',
        count: [1, 1],
        probability: 0.3,
        radiusMm: [10, 16],
        suv: { pentixafor: [11, 16], fdg: [2.5, 3.5] },
      },
    ],
    ldhElevated: 0.15,
    treatment: { regimen: 'rituximab', category: 'immunotherapy', intent: 'disease-control', cycles: 4 },
  },
  'mantle-cell': {
    key: 'mantle-cell',
    label: 'Mantle cell lymphoma',
    disease: { family: 'lymphoma', subtype: 'mantle-cell' },
    groups: [
      {
        sites: 'node',
        count: [3, 6],
        probability: 1,
        radiusMm: [8, 15],
        suv: { pentixafor: [10, 20], fdg: [4, 9] },
      },
      {
        sites: 'spleen',
        count: [1, 1],
        probability: 0.5,
        radiusMm: [10, 16],
        suv: { pentixafor: [12, 18], fdg: [3, 6] },
      },
    ],
    ldhElevated: 0.35,
    treatment: {
      regimen: 'R-bendamustine with cytarabine',
      category: 'chemo-immunotherapy',
      intent: 'curative',
      cycles: 6,
    },
  },
  'primary-cns': {
    key: 'primary-cns',
    label: 'Primary CNS lymphoma',
    disease: { family: 'lymphoma', subtype: 'primary-cns' },
    groups: [
      {
        sites: 'brain',
        count: [1, 2],
        probability: 1,
        radiusMm: [8, 14],
        suv: { pentixafor: [5, 12], fdg: [14, 25] },
      },
    ],
    ldhElevated: 0.3,
    treatment: {
      regimen: 'high-dose methotrexate based',
      category: 'chemotherapy',
      intent: 'curative',
      cycles: 4,
    },
  },
  'multiple-myeloma': {
    key: 'multiple-myeloma',
    label: 'Multiple myeloma',
    disease: { family: 'plasma-cell', subtype: 'multiple-myeloma' },
    groups: [
      {
        sites: 'marrow',
        count: [2, 6],
        probability: 1,
        radiusMm: [6, 10],
        suv: { pentixafor: [7, 16], fdg: [2, 6] },
      },
    ],
    ldhElevated: 0.2,
    treatment: {
      regimen: 'bortezomib-lenalidomide-dexamethasone',
      category: 'targeted-agent',
      intent: 'disease-control',
      cycles: 8,
    },
  },
  cll: {
    key: 'cll',
    label: 'Chronic lymphocytic leukemia',
    disease: { family: 'leukemia', subtype: 'cll' },
    groups: [
      {
        sites: 'node',
        count: [2, 6],
        probability: 1,
        radiusMm: [6, 12],
        suv: { pentixafor: [7, 14], fdg: [1.8, 4] },
      },
      {
        sites: 'spleen',
        count: [1, 1],
        probability: 0.6,
        radiusMm: [10, 16],
        suv: { pentixafor: [11, 16], fdg: [2.5, 4] },
      },
    ],
    ldhElevated: 0.25,
    treatment: { regimen: 'ibrutinib', category: 'targeted-agent', intent: 'disease-control' },
  },
  aml: {
    key: 'aml',
    label: 'Acute myeloid leukemia',
    disease: { family: 'leukemia', subtype: 'aml' },
    groups: [
      {
        sites: 'marrow',
        count: [2, 4],
        probability: 1,
        radiusMm: [6, 9],
        suv: { pentixafor: [6, 12], fdg: [3, 6] },
      },
      {
        sites: 'spleen',
        count: [1, 1],
        probability: 0.3,
        radiusMm: [10, 14],
        suv: { pentixafor: [10, 14], fdg: [3, 5] },
      },
    ],
    ldhElevated: 0.5,
    treatment: {
      regimen: 'cytarabine-daunorubicin (7+3)',
      category: 'chemotherapy',
      intent: 'curative',
      cycles: 1,
    },
  },
};
