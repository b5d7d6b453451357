import {
  DEFAULT_FEATURE_SETTINGS,
  type FeatureSettings,
  IBSI_FAMILIES,
  type IbsiFeature,
  ibsiFeatures,
  maskVoxels,
  type OrganReference,
  regionStatistics,
  type TargetToBackground,
  targetToBackground,
} from '@cxcr4pet/imaging';
import type { Volume } from '@cxcr4pet/volume';
import type { VoiMask } from '../../io/index.ts';

/** One VOI from another tool (`--voi`) measured on the SUV volume. */
export interface VoiResult {
  readonly name: string;
  readonly source: string;
  readonly kind: VoiMask['kind'];
  /** How the file's outline became voxels of the PET grid. */
  readonly rule: string;
  readonly voxelCount: number;
  readonly volumeMl: number;
  readonly suvMean: number;
  /** Sample SD (n − 1). */
  readonly suvSd: number;
  readonly suvMin: number;
  readonly suvMax: number;
  /** IBSI local intensity peak: 1 cm³ sphere on the maximum voxel, every voxel centred in it. */
  readonly suvPeak: number;
  /** SUVmean × volume (ml). */
  readonly totalUptake: number;
  /** SUVmax / reference SUVmean for every `--ref` present. */
  readonly tbr: TargetToBackground;
  /** IBSI features with `--features` (null: not asked, or the VOI is above the voxel limit or empty). */
  readonly features: readonly IbsiFeature[] | null;
}

/** What `--features` computed with, stated in the result. */
export interface FeaturesMethod {
  readonly settings: FeatureSettings;
  readonly families: Readonly<Record<string, string>>;
  readonly note: string;
}

export const FEATURES_METHOD: FeaturesMethod = {
  settings: DEFAULT_FEATURE_SETTINGS,
  families: IBSI_FAMILIES,
  note:
    'IBSI 1 features on the SUV image as acquired (no interpolation, no re-segmentation); morphology from the ' +
    'region mask (mesh by marching cubes), histogram/IVH/texture on SUV discretised by fixed bin size 0.25 from 0; ' +
    'regions above maxVoxels get null (Moran’s I and Geary’s C cost n²)',
};

/** IBSI features of a region, or null (with the reason added to `warnings`) when they cannot be computed. */
export function featuresOrNull(
  suv: Volume,
  voxels: Int32Array,
  what: string,
  warnings: string[],
): IbsiFeature[] | null {
  if (voxels.length === 0) return null;
  if (voxels.length > DEFAULT_FEATURE_SETTINGS.maxVoxels) {
    warnings.push(
      `${what}: ${voxels.length} voxels is above the ${DEFAULT_FEATURE_SETTINGS.maxVoxels} for which features are computed; features null`,
    );
    return null;
  }
  return [...ibsiFeatures(suv, voxels, DEFAULT_FEATURE_SETTINGS)];
}

/** Measures every `--voi` mask on the SUV volume (statistics, TBR and, when asked, IBSI features). */
export function measureVois(
  suv: Volume,
  vois: readonly VoiMask[],
  references: readonly OrganReference[],
  withFeatures: boolean,
  warnings: string[],
): VoiResult[] {
  return vois.map((voi) => {
    warnings.push(...voi.warnings);
    const voxels = maskVoxels(voi.mask);
    if (voxels.length === 0)
      warnings.push(`VOI '${voi.name}' (${voi.source}) holds no voxel of the PET volume`);
    const s = regionStatistics(suv, voxels);
    return {
      name: voi.name,
      source: voi.source,
      kind: voi.kind,
      rule: voi.rule,
      voxelCount: s.voxelCount,
      volumeMl: s.volumeMl,
      suvMean: s.mean,
      suvSd: s.sd,
      suvMin: s.min,
      suvMax: s.max,
      suvPeak: s.peak,
      totalUptake: s.mean * s.volumeMl,
      tbr: targetToBackground({ suvMax: s.max }, references),
      features: withFeatures ? featuresOrNull(suv, voxels, `VOI '${voi.name}'`, warnings) : null,
    };
  });
}
