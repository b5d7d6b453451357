import { deriveUid } from '@cxcr4pet/dicom';
import { pointTransformLps, type RigidTransform } from '@cxcr4pet/imaging';
import { type Grid, type LabelMap, type Vec3, type Volume, voxelVolumeMl } from '@cxcr4pet/volume';
import {
  type Acquisition,
  type AcquisitionOverrides,
  acquisitionFor,
  type PhantomVariant,
  storedPerTrueBqMl,
} from './acquisition.ts';
import { LESIONS, type LesionSpec, ORGANS } from './anatomy.ts';
import { PATIENT_CENTRE_MM, phantomGrid } from './grid.ts';
import { marrowTruth } from './marrow-truth.ts';
import { normalStream } from './noise.ts';
import { sphereRecovery } from './partial-volume.ts';
import { blurGaussian } from './psf.ts';
import { shapeVolumeMl } from './shapes.ts';
import { TRACERS, type Tracer } from './tracers.ts';
import { type PhantomTruth, TRUTH_SCHEMA, type TruthLesion, type TruthOrgan } from './truth.ts';
import { countLabels, paintLabels } from './voxelise.ts';

/** How to make a phantom study. Everything but the tracer has a default. */
export interface PhantomOptions {
  readonly tracer: Tracer;
  /** Seeds the noise and the UIDs (default 1). */
  readonly seed?: number;
  /** PSF FWHM in mm (default 7); 0 turns the blurring off. */
  readonly fwhmMm?: number;
  /** Add noise (default true). */
  readonly noise?: boolean;
  /** Noise coefficient of variation in liver (default 0.10). */
  readonly noiseCov?: number;
  /** Grid size and voxel spacing (default 128 × 128 × 240 of 4 mm). */
  readonly dims?: Vec3;
  readonly spacingMm?: Vec3;
  readonly variant?: PhantomVariant;
  /**
   * The patient re-positioned on the table (default: none): the rigid transform from the patient's
   * own frame (where `ORGANS` and `LESIONS` are given) to the scanner's LPS, rotating about
   * `centreMm` (default `PATIENT_CENTRE_MM`). The grid stays where it is; the patient moves.
   */
  readonly pose?: PhantomPose;
  /**
   * The lesions this study shows, by name, each optionally with its own true SUV (default: every
   * lesion of `LESIONS` at the tracer's SUV). Lets two studies of one patient differ in their lesion
   * sets (a lesion one tracer does not see, a lesion that shrank between two time points).
   */
  readonly lesions?: readonly LesionChoice[];
  /**
   * The lesions `lesions` chooses from (default `LESIONS` of `anatomy.ts`): a synthetic cohort gives each
   * participant its own (`truth.phantom.lesions` of `makeCohort`).
   */
  readonly lesionCatalogue?: readonly LesionSpec[];
  /** A participant's own activity, injection time and sex (default: the tracer's protocol; see `AcquisitionOverrides`). */
  readonly acquisition?: AcquisitionOverrides;
}

/** Where the patient lies: translation (mm) and rotation (degrees, see `RigidTransform`). */
export interface PhantomPose {
  readonly translationMm?: Vec3;
  readonly rotationDeg?: Vec3;
  readonly centreMm?: Vec3;
}

/** A lesion of `LESIONS` by name, with its true SUV when it should differ from the tracer's. */
export interface LesionChoice {
  readonly name: string;
  readonly suv?: number;
}

/** A made phantom study, in memory. */
export interface PhantomStudy {
  readonly grid: Grid;
  /** 0 = air, organ labels 1..99, lesion labels 101.. (see truth). */
  readonly labels: LabelMap;
  /** True SUVbw, unblurred and noise-free. */
  readonly suvTruth: Volume;
  /** The measured image: Bq/ml decay-corrected to series start, after PSF and noise. */
  readonly petBqMl: Volume;
  /** `petBqMl` in the stored unit and decay convention of the variant (what goes into the files). */
  readonly petStored: Volume;
  readonly ctHu: Volume;
  readonly truth: PhantomTruth;
}

export const DEFAULT_FWHM_MM = 7;
export const DEFAULT_NOISE_COV = 0.1;
/** CT number of lesions (soft-tissue density nodes and lytic-like marrow lesions alike). */
const LESION_HU = 40;

/**
 * Makes the digital patient for a tracer: organs and lesions voxelised on the grid (voxel centre
 * inside), true SUV → Bq/ml at series start (C = SUV × injected activity × decay / weight, so SUVbw
 * truth is exact), then the PSF (separable Gaussian), then seeded Poisson-like Gaussian noise.
 * Pure: returns volumes and the truth; `phantomStudyFiles` turns them into DICOM.
 */
export function makePhantom(options: PhantomOptions): PhantomStudy {
  const seed = options.seed ?? 1;
  const fwhmMm = options.fwhmMm ?? DEFAULT_FWHM_MM;
  const noiseOn = options.noise ?? true;
  const noiseCov = options.noiseCov ?? DEFAULT_NOISE_COV;
  const variant = options.variant ?? {};
  const grid = phantomGrid(options.dims, options.spacingMm);
  const acquisition = acquisitionFor(options.tracer, variant, options.acquisition);
  const protocol = TRACERS[options.tracer];
  const bqMlPerSuv = 1 / acquisition.suvBwPerBqMl;
  const pose = poseTransform(options.pose);
  const toScanner = pointTransformLps(pose);
  const catalogue = options.lesionCatalogue ?? LESIONS;
  const chosen = chooseLesions(options.lesions, options.tracer, catalogue);

  const objects = [
    ...ORGANS.map((o) => ({ label: o.label, shape: o.shape })),
    ...chosen.map(({ spec: l }) => ({
      label: l.label,
      shape: { kind: 'sphere' as const, centreMm: l.centreMm, radiusMm: l.radiusMm },
    })),
  ];
  const { labels, shapeVoxelCounts } = paintLabels(grid, objects, isIdentity(pose) ? undefined : pose);
  const counts = countLabels(labels);

  const suvOfLabel = new Map<number, number>();
  const huOfLabel = new Map<number, number>([[0, -1000]]);
  for (const organ of ORGANS) {
    suvOfLabel.set(organ.label, protocol.suv[organ.tissue]);
    huOfLabel.set(organ.label, organ.hu);
  }
  for (const { spec, suv } of chosen) {
    suvOfLabel.set(spec.label, suv);
    huOfLabel.set(spec.label, LESION_HU);
  }
  const size = labels.length;
  const suvData = new Float32Array(size);
  const huData = new Float32Array(size);
  for (let n = 0; n < size; n++) {
    const label = labels[n] as number;
    suvData[n] = suvOfLabel.get(label) ?? 0;
    huData[n] = huOfLabel.get(label) ?? -1000;
  }
  const suvTruth: Volume = { ...grid, data: suvData };
  const trueBqMl: Volume = { ...grid, data: suvData.map((s) => s * bqMlPerSuv) };
  const blurred = blurGaussian(trueBqMl, fwhmMm);
  const referenceBqMl = protocol.suv.liver * bqMlPerSuv;
  const petBqMl = noiseOn ? addNoise(blurred, noiseCov, referenceBqMl, seed) : blurred;
  const toStored = storedPerTrueBqMl(acquisition, variant.acquisitionDelayS ?? 0);
  const petStored: Volume = { ...grid, data: petBqMl.data.map((v) => v * toStored) };

  const voxelMl = voxelVolumeMl(grid);
  const uidSeed = [
    'cxcr4pet-phantom',
    options.tracer,
    seed,
    ...studyKey(pose, options.lesions, catalogue),
    ...(options.acquisition === undefined ? [] : [`acquisition:${JSON.stringify(options.acquisition)}`]),
  ] as const;
  const organs: TruthOrgan[] = ORGANS.map((organ) => {
    const suv = protocol.suv[organ.tissue];
    const voxelCount = counts.get(organ.label) ?? 0;
    return {
      kind: 'organ',
      name: organ.name,
      label: organ.label,
      tissue: organ.tissue,
      shape: organ.shape,
      centreMm: toScanner(organ.shape.centreMm),
      patientCentreMm: organ.shape.centreMm,
      suv,
      bqMl: suv * bqMlPerSuv,
      shapeVolumeMl: shapeVolumeMl(organ.shape),
      shapeVoxelCount: shapeVoxelCounts.get(organ.label) ?? 0,
      voxelCount,
      voxelVolumeMl: voxelCount * voxelMl,
    };
  });
  const lesions: TruthLesion[] = chosen.map(({ spec: lesion, suv }) => {
    const host = ORGANS.find((o) => o.name === lesion.within);
    const backgroundSuv = host ? protocol.suv[host.tissue] : 0;
    const rc = sphereRecovery(lesion.radiusMm, fwhmMm);
    const shape = { kind: 'sphere' as const, centreMm: lesion.centreMm, radiusMm: lesion.radiusMm };
    const voxelCount = counts.get(lesion.label) ?? 0;
    return {
      kind: 'lesion',
      name: lesion.name,
      label: lesion.label,
      shape,
      centreMm: toScanner(lesion.centreMm),
      patientCentreMm: lesion.centreMm,
      radiusMm: lesion.radiusMm,
      suv,
      bqMl: suv * bqMlPerSuv,
      shapeVolumeMl: shapeVolumeMl(shape),
      shapeVoxelCount: shapeVoxelCounts.get(lesion.label) ?? 0,
      voxelCount,
      voxelVolumeMl: voxelCount * voxelMl,
      within: lesion.within,
      backgroundSuv,
      contrast: suv / backgroundSuv,
      expected: {
        recoveryCentre: rc.centre,
        recoveryMeanInSphere: rc.meanInSphere,
        suvMax: backgroundSuv + (suv - backgroundSuv) * rc.centre,
        suvMeanInSphere: backgroundSuv + (suv - backgroundSuv) * rc.meanInSphere,
      },
    };
  });
  const marrow = marrowTruth(
    grid,
    suvTruth,
    ORGANS,
    chosen.map(({ spec }) => spec),
    isIdentity(pose) ? undefined : pose,
  );
  const truth: PhantomTruth = {
    schema: TRUTH_SCHEMA,
    tracer: options.tracer,
    seed,
    acquisition,
    pose: { ...pose, convention: POSE_CONVENTION },
    grid: {
      dims: grid.dims,
      spacingMm: grid.spacingMm,
      originMm: grid.originMm,
      direction: [...grid.direction],
      voxelVolumeMl: voxelMl,
    },
    stored: { perTrueBqMl: toStored, suvBwPerStoredValue: acquisition.suvBwPerBqMl / toStored },
    psf: { kind: 'gaussian', fwhmMm, applied: fwhmMm > 0 },
    noise: { kind: 'gaussian', applied: noiseOn, cov: noiseCov, referenceBqMl, seed },
    series: {
      studyInstanceUid: deriveUid(...uidSeed, 'study'),
      frameOfReferenceUid: deriveUid(...uidSeed, 'frame-of-reference'),
      petSeriesInstanceUid: deriveUid(...uidSeed, 'pet', variantKey(acquisition, variant)),
      ctSeriesInstanceUid: deriveUid(...uidSeed, 'ct'),
    },
    organs,
    lesions,
    marrow,
  };
  return { grid, labels, suvTruth, petBqMl, petStored, ctHu: { ...grid, data: huData }, truth };
}

/** How truth.json states the pose (see `RigidTransform`). */
export const POSE_CONVENTION =
  'scanner = R·(patient − centreMm) + centreMm + translationMm; R = Rz(γ)·Ry(β)·Rx(α), rotationDeg = [α, β, γ] about the LPS x, y, z axes';

function poseTransform(pose: PhantomPose | undefined): RigidTransform {
  for (const [field, value] of Object.entries(pose ?? {}))
    if (!(value as readonly number[]).every(Number.isFinite))
      throw new Error(`phantom pose: ${field} must be three finite numbers`);
  return {
    translationMm: pose?.translationMm ?? [0, 0, 0],
    rotationDeg: pose?.rotationDeg ?? [0, 0, 0],
    centreMm: pose?.centreMm ?? PATIENT_CENTRE_MM,
  };
}

function isIdentity(pose: RigidTransform): boolean {
  return [...pose.translationMm, ...pose.rotationDeg].every((v) => v === 0);
}

/** The lesions to paint, in `LESIONS` order, with their true SUV; unknown or repeated names throw. */
function chooseLesions(
  choices: readonly LesionChoice[] | undefined,
  tracer: Tracer,
  catalogue: readonly LesionSpec[],
): readonly { readonly spec: LesionSpec; readonly suv: number }[] {
  if (choices === undefined) return catalogue.map((spec) => ({ spec, suv: spec.suv[tracer] }));
  const byName = new Map<string, LesionChoice>();
  for (const choice of choices) {
    if (!catalogue.some((l) => l.name === choice.name))
      throw new Error(
        `phantom lesion '${choice.name}' is not one of ${catalogue.map((l) => l.name).join(', ')}`,
      );
    if (byName.has(choice.name)) throw new Error(`phantom lesion '${choice.name}' is given twice`);
    if (choice.suv !== undefined && !(Number.isFinite(choice.suv) && choice.suv >= 0))
      throw new Error(`phantom lesion '${choice.name}': SUV must be a number ≥ 0, got ${choice.suv}`);
    byName.set(choice.name, choice);
  }
  return catalogue
    .filter((spec) => byName.has(spec.name))
    .map((spec) => ({
      spec,
      suv: byName.get(spec.name)?.suv ?? spec.suv[tracer],
    }));
}

/**
 * Extra UID seed parts for a re-positioned study or one with its own lesion set, so that it is a
 * different study with its own frame of reference; none for the default (same bytes as before).
 */
function studyKey(
  pose: RigidTransform,
  lesions: readonly LesionChoice[] | undefined,
  catalogue: readonly LesionSpec[],
): readonly string[] {
  const key: string[] = [];
  if (!isIdentity(pose))
    key.push(`pose:${[...pose.translationMm, ...pose.rotationDeg, ...pose.centreMm].join(',')}`);
  if (catalogue !== LESIONS)
    key.push(
      `catalogue:${catalogue.map((l) => `${l.name}:${l.radiusMm}:${l.suv.pentixafor}:${l.suv.fdg}`).join(',')}`,
    );
  if (lesions !== undefined) key.push(`lesions:${lesions.map((l) => `${l.name}:${l.suv ?? ''}`).join(',')}`);
  return key;
}

/** Distinguishes the PET series of different variants of the same study. */
function variantKey(acquisition: Acquisition, variant: PhantomVariant): string {
  return [
    acquisition.units,
    acquisition.decayCorrection,
    variant.injectionAcrossMidnight ? 'midnight' : 'day',
    variant.writeInjectionDate === false ? 'time-only' : 'date-time',
    variant.omitWeight ? 'no-weight' : 'weight',
    variant.acquisitionDelayS ?? 0,
  ].join(',');
}

/** Adds Gaussian noise of SD cov × √(max(C, 0) × reference) voxel by voxel, in index order. */
function addNoise(volume: Volume, cov: number, referenceBqMl: number, seed: number): Volume {
  const next = normalStream(seed);
  const data = new Float32Array(volume.data.length);
  for (let n = 0; n < data.length; n++) {
    const value = volume.data[n] as number;
    data[n] = value + cov * Math.sqrt(Math.max(value, 0) * referenceBqMl) * next();
  }
  return { ...volume, data };
}
