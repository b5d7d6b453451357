import type { SuvKind } from '@cxcr4pet/dicom';
import {
  describeSegmentation,
  type ExclusionSphere,
  formatSegmentation,
  LESION_REGION_RULE,
  ORGAN_SPHERE_DIAMETER_MM,
  type OrganPlacement,
  type Segmentation,
} from '@cxcr4pet/imaging';
import type { Provenance } from '../../provenance.ts';

/**
 * What produced an `analyze` result: the software version (with its git commit), every parameter in
 * effect (defaults spelled out) and the method of every measure in one sentence each. Enough to
 * reproduce the numbers with the same code.
 */
export interface AnalysisProvenance extends Provenance {
  readonly command: 'analyze';
  readonly parameters: {
    readonly segment: string;
    readonly suv: SuvKind;
    readonly connectivity: number;
    readonly minVolumeMl: number;
    readonly references: readonly OrganPlacement[];
    readonly exclusions: readonly ExclusionSphere[];
    readonly vois: readonly string[];
    readonly features: boolean;
    readonly regions: string | null;
    readonly marrowBoneHu: number | null;
  };
  readonly methods: Readonly<Record<string, string>>;
}

/** The inputs `analysisProvenance` states. */
export interface StatedParameters {
  readonly segmentation: Segmentation;
  readonly suvKind: SuvKind;
  readonly connectivity: number;
  readonly minVolumeMl: number;
  readonly references?: readonly OrganPlacement[];
  readonly exclusions?: readonly ExclusionSphere[];
  readonly voiSources?: readonly string[];
  readonly features?: boolean;
  readonly regionsSource?: string | undefined;
  readonly marrowBoneHu?: number | undefined;
}

const SPHERES = Object.entries(ORGAN_SPHERE_DIAMETER_MM)
  .map(([organ, d]) => `${organ} ${d} mm`)
  .join(', ');

/** The provenance of one `analyze` run (see `AnalysisProvenance`). */
export function analysisProvenance(
  software: Provenance,
  p: StatedParameters,
  otherMethods: Readonly<Record<string, string>> = {},
): AnalysisProvenance {
  const methods: Record<string, string> = {
    suv: `SUV = Bq/ml (decay-corrected to the series reference time) × the ${p.suvKind} factor (injected activity decayed to that time per body size)`,
    segmentation: describeSegmentation(p.segmentation),
    lesionVolume: 'voxel count × voxel volume (no partial voxels)',
    suvPeak:
      'IBSI local intensity peak: mean SUV of every voxel centred within the 1 cm³ sphere (radius 6.2035 mm) on the maximum voxel, also outside the lesion; suvPeakGlobal: the highest such mean over the lesion’s voxels',
    totalLesionUptake: 'SUVmean × volume (ml)',
    references: `sphere at the given centre, voxels counted when their centre lies inside (${SPHERES}); SD with n − 1`,
    tbr: 'lesion SUVmax / reference SUVmean',
    burden: 'hot five: mean SUVmax of the five hottest lesions (of all when ≤ 5)',
  };
  if (p.regionsSource !== undefined) methods.regions = LESION_REGION_RULE;
  Object.assign(methods, otherMethods);
  return {
    ...software,
    command: 'analyze',
    parameters: {
      segment: formatSegmentation(p.segmentation),
      suv: p.suvKind,
      connectivity: p.connectivity,
      minVolumeMl: p.minVolumeMl,
      references: p.references ?? [],
      exclusions: p.exclusions ?? [],
      vois: p.voiSources ?? [],
      features: p.features ?? false,
      regions: p.regionsSource ?? null,
      marrowBoneHu: p.marrowBoneHu ?? null,
    },
    methods,
  };
}
