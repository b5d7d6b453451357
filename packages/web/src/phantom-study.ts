import { findLesions } from '@cxcr4pet/imaging';
import {
  type LesionChoice,
  makePhantom,
  type PhantomPose,
  type PhantomStudy,
  type Tracer,
} from '@cxcr4pet/phantom';
import { scaleVolume, type Vec3, type Volume } from '@cxcr4pet/volume';
import type { ViewerStudyInput } from './viewer-files.ts';

/** A phantom study for the viewer: what `writeViewerStudy` takes, plus the phantom it came from (truth). */
export interface PhantomViewerStudy {
  readonly input: ViewerStudyInput;
  readonly phantom: PhantomStudy;
  /** The PET in SUVbw, exactly the voxels served as the PET volume. */
  readonly petSuv: Volume;
}

export interface PhantomViewerOptions {
  readonly id: string;
  readonly tracer: Tracer;
  /** PET grid (default 80 × 56 × 192 of 5 mm: the whole patient, small enough for a quick test). */
  readonly petDims?: Vec3;
  readonly petSpacingMm?: Vec3;
  /** CT grid, finer than the PET's as on a scanner (default 100 × 70 × 240 of 4 mm). */
  readonly ctDims?: Vec3;
  readonly ctSpacingMm?: Vec3;
  /** Fixed SUV threshold of the engine's segmentation (default 4). */
  readonly thresholdSuv?: number;
  /** The patient re-positioned on the table (PET and CT alike; default none), as `makePhantom` takes it. */
  readonly pose?: PhantomPose;
  /** The lesions this study shows (default every lesion of the phantom at the tracer's SUV). */
  readonly lesions?: readonly LesionChoice[];
}

/**
 * Makes a digital patient (PSF and noise on, as a scanner gives), its PET in SUV on one grid and its CT
 * on another (so that the viewer must place both by their geometry), and finds the lesions with the
 * imaging room's `findLesions` (fixed SUV threshold, ≥ 0.5 ml) — the engine's output the viewer shows.
 */
export function phantomViewerStudy(options: PhantomViewerOptions): PhantomViewerStudy {
  const patient = {
    tracer: options.tracer,
    ...(options.pose === undefined ? {} : { pose: options.pose }),
    ...(options.lesions === undefined ? {} : { lesions: options.lesions }),
  };
  const phantom = makePhantom({
    ...patient,
    dims: options.petDims ?? [80, 56, 192],
    spacingMm: options.petSpacingMm ?? [5, 5, 5],
  });
  const ct = makePhantom({
    ...patient,
    dims: options.ctDims ?? [100, 70, 240],
    spacingMm: options.ctSpacingMm ?? [4, 4, 4],
    noise: false,
    fwhmMm: 0,
  });
  const petSuv = scaleVolume(phantom.petBqMl, phantom.truth.acquisition.suvBwPerBqMl);
  const thresholdSuv = options.thresholdSuv ?? 4;
  const found = findLesions(petSuv, { kind: 'suv', thresholdSuv }, { minVolumeMl: 0.5 });
  return {
    phantom,
    petSuv,
    input: {
      id: options.id,
      title: `Phantom ${phantom.truth.acquisition.radiopharmaceutical} (seed ${phantom.truth.seed})`,
      ctHu: ct.ctHu,
      petSuv,
      lesionLabels: found.labels,
      segmentation: `suv:${thresholdSuv}, ≥ 0.5 ml`,
      thresholdSuv,
      minVolumeMl: 0.5,
      lesions: found.lesions.map((l) => ({
        label: l.label,
        suvMax: l.suvMax,
        suvMean: l.suvMean,
        suvPeak: l.suvPeak,
        volumeMl: l.volumeMl,
        centroidMm: l.centroidMm,
      })),
    },
  };
}
