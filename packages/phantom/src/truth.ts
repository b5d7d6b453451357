import type { RigidTransform } from '@cxcr4pet/imaging';
import type { Vec3 } from '@cxcr4pet/volume';
import type { Acquisition } from './acquisition.ts';
import type { MarrowTruth } from './marrow-truth.ts';
import type { Shape } from './shapes.ts';
import type { TissueKind, Tracer } from './tracers.ts';

/** Version tag of the truth.json schema; bump on incompatible change. */
export const TRUTH_SCHEMA = 'cxcr4pet-phantom-truth/1';

/** One organ or lesion of the phantom, as truth.json lists it. */
export interface TruthObject {
  readonly name: string;
  /** Its value in the phantom's label map. */
  readonly label: number;
  /** The solid in the patient's own frame (before the pose; the scanner's LPS when there is no pose). */
  readonly shape: Shape;
  /** Centre of the solid in the image (scanner LPS mm, after the pose; `shape.centreMm` without one). */
  readonly centreMm: Vec3;
  /** Centre of the solid in the patient's own frame (repeats `shape.centreMm`). */
  readonly patientCentreMm: Vec3;
  /** True (unblurred, noise-free) SUVbw, and the same as Bq/ml decay-corrected to series start. */
  readonly suv: number;
  readonly bqMl: number;
  /** Analytic volume of the solid (ml), regardless of the grid. */
  readonly shapeVolumeMl: number;
  /** Voxels whose centre lies inside the solid (before later objects are painted over it). */
  readonly shapeVoxelCount: number;
  /** Voxels carrying this label in the final label map (what a perfect segmentation finds). */
  readonly voxelCount: number;
  /** voxelCount × voxel volume (ml). */
  readonly voxelVolumeMl: number;
}

export interface TruthOrgan extends TruthObject {
  readonly kind: 'organ';
  readonly tissue: TissueKind;
}

export interface TruthLesion extends TruthObject {
  readonly kind: 'lesion';
  readonly radiusMm: number;
  /** The organ it sits in and that organ's true SUV (its background). */
  readonly within: string;
  readonly backgroundSuv: number;
  /** suv / backgroundSuv. */
  readonly contrast: number;
  /**
   * Noise-free partial-volume prediction for this lesion at the study's PSF (equal to `suv` when
   * the PSF is off): analytic centre value and mean over the true sphere, for a uniform background.
   */
  readonly expected: {
    readonly recoveryCentre: number;
    readonly recoveryMeanInSphere: number;
    readonly suvMax: number;
    readonly suvMeanInSphere: number;
  };
}

/** Everything truth.json holds. */
export interface PhantomTruth {
  readonly schema: typeof TRUTH_SCHEMA;
  readonly tracer: Tracer;
  readonly seed: number;
  readonly acquisition: Acquisition;
  /**
   * Where the patient lies on the table: the rigid transform from the patient's own frame to the
   * scanner's LPS (identity unless re-positioned). Two studies of the same digital patient map into
   * each other by pose_B ∘ pose_A⁻¹; their lesions correspond by `name`.
   */
  readonly pose: RigidTransform & { readonly convention: string };
  readonly grid: {
    readonly dims: Vec3;
    readonly spacingMm: Vec3;
    readonly originMm: Vec3;
    readonly direction: readonly number[];
    readonly voxelVolumeMl: number;
  };
  /** How the PET files store the measured image (per the variant). */
  readonly stored: {
    /** Stored value (after RescaleSlope) per Bq/ml decay-corrected to series start. */
    readonly perTrueBqMl: number;
    /** SUVbw per stored value (after RescaleSlope); the Philips SUV scale factor for CNTS. */
    readonly suvBwPerStoredValue: number;
  };
  readonly psf: { readonly kind: 'gaussian'; readonly fwhmMm: number; readonly applied: boolean };
  readonly noise: {
    readonly kind: 'gaussian';
    readonly applied: boolean;
    /** SD at a voxel of true value C: cov × √(C × referenceBqMl) (Poisson-like, CoV `cov` in liver). */
    readonly cov: number;
    readonly referenceBqMl: number;
    readonly seed: number;
  };
  readonly series: {
    readonly studyInstanceUid: string;
    readonly frameOfReferenceUid: string;
    readonly petSeriesInstanceUid: string;
    readonly ctSeriesInstanceUid: string;
  };
  readonly organs: readonly TruthOrgan[];
  readonly lesions: readonly TruthLesion[];
  /** The marrow from the analytic shapes: what a marrow VOI cut from the CT must find. */
  readonly marrow: MarrowTruth;
}
