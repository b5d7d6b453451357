import type { Vec3, Volume } from '@cxcr4pet/volume';
import { ImagingError } from './errors.ts';
import { sphereStatistics } from './voi-statistics.ts';

/** The organs a reference sphere can be placed in (closed set; names as the CLI's `--ref` takes them). */
export const ORGAN_NAMES = ['liver', 'blood-pool', 'spleen', 'brain', 'muscle', 'marrow'] as const;
export type OrganName = (typeof ORGAN_NAMES)[number];

/**
 * Diameter (mm) of each organ's reference sphere.
 * - liver 30 mm: PERCIST 1.0 (Wahl et al., J Nucl Med 2009;50:122S), right lobe.
 * - blood-pool 10 mm: PERCIST's descending-aorta VOI is a 1 cm × 2 cm cylinder; a 1 cm sphere here.
 * - spleen 20 mm: fits inside a normal spleen (≈ 10 × 7 × 4 cm) away from its hilum.
 * - brain 20 mm: normal (contralateral) brain, for tumour-to-brain ratios in CNS lymphoma.
 * - muscle 20 mm: e.g. gluteal or paraspinal muscle.
 * - marrow 15 mm: fits inside one lumbar vertebral body (≈ 3 cm wide), e.g. L3–L5, sparing the cortex.
 */
export const ORGAN_SPHERE_DIAMETER_MM: Readonly<Record<OrganName, number>> = {
  liver: 30,
  'blood-pool': 10,
  spleen: 20,
  brain: 20,
  muscle: 20,
  marrow: 15,
};

/** Where a reader placed an organ reference: the organ and the sphere's centre, patient LPS mm. */
export interface OrganPlacement {
  readonly organ: OrganName;
  readonly centreLps: Vec3;
}

/**
 * One organ reference measured in a sphere (values in the volume's unit, SUV normally). `sdSuv` is the
 * sample SD (n − 1; NaN for one voxel). `peakSuv` is the IBSI local intensity peak (1 cm³ sphere centred
 * on the sphere's maximum voxel, image voxels outside the reference sphere included). Partial voxels:
 * a voxel counts whole when its centre lies in the sphere, otherwise not at all.
 */
export interface OrganReference {
  readonly organ: OrganName;
  readonly centreLps: Vec3;
  readonly diameterMm: number;
  readonly voxelCount: number;
  readonly volumeMl: number;
  readonly meanSuv: number;
  readonly sdSuv: number;
  readonly peakSuv: number;
  readonly maxSuv: number;
}

/** Type guard for organ names (e.g. text from the CLI). */
export function isOrganName(name: string): name is OrganName {
  return (ORGAN_NAMES as readonly string[]).includes(name);
}

/**
 * Measures one organ reference in its sphere (diameter from `ORGAN_SPHERE_DIAMETER_MM`). Throws
 * `ImagingError` ('outside-volume', field `ref <organ>`) when the sphere holds no voxel.
 */
export function organReference(suv: Volume, placement: OrganPlacement): OrganReference {
  const diameterMm = ORGAN_SPHERE_DIAMETER_MM[placement.organ];
  const stats = sphereStatistics(suv, placement.centreLps, diameterMm, `ref ${placement.organ}`);
  return {
    organ: placement.organ,
    centreLps: placement.centreLps,
    diameterMm,
    voxelCount: stats.voxelCount,
    volumeMl: stats.volumeMl,
    meanSuv: stats.mean,
    sdSuv: stats.sd,
    peakSuv: stats.peak,
    maxSuv: stats.max,
  };
}

/**
 * Measures every placed organ reference, in `ORGAN_NAMES` order. Throws `ImagingError`
 * ('invalid-parameter') when an organ is placed twice.
 */
export function organReferences(suv: Volume, placements: readonly OrganPlacement[]): OrganReference[] {
  const seen = new Set<OrganName>();
  for (const placement of placements) {
    if (seen.has(placement.organ)) {
      throw new ImagingError('invalid-parameter', `The ${placement.organ} reference is given twice.`, {
        field: `ref ${placement.organ}`,
      });
    }
    seen.add(placement.organ);
  }
  const order = (p: OrganPlacement): number => ORGAN_NAMES.indexOf(p.organ);
  return [...placements].sort((a, b) => order(a) - order(b)).map((p) => organReference(suv, p));
}

/** EANM FDG PET/CT guideline 2.0 (Boellaard et al., EJNMMI 2015;42:328): liver SUVmean 1.3–3.0. */
export const FDG_LIVER_SUV_MEAN_RANGE = [1.3, 3.0] as const;

/**
 * The liver quality check for FDG: a one-line warning when the liver reference's SUVmean lies outside
 * 1.3–3.0 (EANM), which points to a calibration, extravasation or SUV-input problem; undefined when it
 * lies inside. The range is defined for 18F-FDG only; callers apply it to FDG studies.
 */
export function fdgLiverQualityWarning(liver: OrganReference): string | undefined {
  const [low, high] = FDG_LIVER_SUV_MEAN_RANGE;
  if (liver.meanSuv >= low && liver.meanSuv <= high) return undefined;
  return (
    `liver reference SUVmean ${liver.meanSuv.toFixed(2)} lies outside ${low}–${high} (EANM FDG quality range): ` +
    'check the injected activity, times, weight and extravasation'
  );
}
