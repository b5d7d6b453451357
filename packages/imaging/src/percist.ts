import type { Grid, Vec3, Volume } from '@cxcr4pet/volume';
import { ImagingError } from './errors.ts';
import { sphereVoxels } from './sphere.ts';
import { regionStatistics } from './voi-statistics.ts';

/**
 * Where the PERCIST reference is measured: the liver (3 cm diameter sphere, threshold 1.5 × mean + 2 SD)
 * or, when the liver is diseased, the blood pool in the descending aorta (1 cm diameter sphere here —
 * PERCIST asks for a 1 cm × 2 cm cylinder —, threshold 2 × mean + 2 SD). Centres in patient LPS mm.
 */
export type PercistReference =
  | { readonly kind: 'liver'; readonly centreLps: Vec3 }
  | { readonly kind: 'blood-pool'; readonly centreLps: Vec3 };

/** The PERCIST threshold and the reference it came from. SD is the sample SD (n − 1). */
export interface PercistThreshold {
  readonly thresholdSuv: number;
  readonly reference: PercistReference['kind'];
  readonly centreLps: Vec3;
  readonly diameterMm: number;
  readonly voxelCount: number;
  readonly meanSuv: number;
  readonly sdSuv: number;
}

const RULES = {
  liver: { diameterMm: 30, meanFactor: 1.5, field: 'ref liver' },
  'blood-pool': { diameterMm: 10, meanFactor: 2, field: 'ref blood-pool' },
} as const;

/**
 * PERCIST 1.0 threshold of measurability from an SUV volume: 1.5 × liver SUVmean + 2 SD in a 3 cm
 * sphere, or 2 × blood-pool SUVmean + 2 SD. Voxels count when their centre lies in the sphere.
 * Throws `ImagingError` ('outside-volume') when the sphere misses the volume, ('empty-region') when it
 * holds fewer than 2 voxels (no SD).
 * @see Wahl RL et al. From RECIST to PERCIST. J Nucl Med 2009;50 Suppl 1:122S–150S.
 */
export function percistThreshold(suv: Volume, reference: PercistReference): PercistThreshold {
  const rule = RULES[reference.kind];
  const voxels = percistSphere(suv, reference);
  if (voxels.length < 2) {
    throw new ImagingError(
      'empty-region',
      `The ${rule.field} sphere holds ${voxels.length} voxel inside the volume; PERCIST needs at least 2 for an SD.`,
      { field: rule.field },
    );
  }
  const stats = regionStatistics(suv, voxels);
  return {
    thresholdSuv: rule.meanFactor * stats.mean + 2 * stats.sd,
    reference: reference.kind,
    centreLps: reference.centreLps,
    diameterMm: rule.diameterMm,
    voxelCount: stats.voxelCount,
    meanSuv: stats.mean,
    sdSuv: stats.sd,
  };
}

/**
 * The voxels (ascending indices) whose values `percistThreshold` reads: those of the reference sphere.
 * Throws `ImagingError` ('outside-volume') when the sphere misses the grid.
 */
export function percistSphere(grid: Grid, reference: PercistReference): Int32Array {
  const rule = RULES[reference.kind];
  return sphereVoxels(grid, reference.centreLps, rule.diameterMm / 2, rule.field);
}
