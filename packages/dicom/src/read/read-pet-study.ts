import { scaleVolume, type Volume } from '@cxcr4pet/volume';
import { type PetAcquisition, type PetOverrides, resolvePetAcquisition } from '../suv/pet-acquisition.ts';
import { type SuvKind, suvScaleFactor } from '../suv/suv-kind.ts';
import { buildVolume } from './build-volume.ts';
import type { DicomInstance } from './dicom-instance.ts';
import { selectPetAndCt } from './select-series.ts';
import { type SourceSeries, sourceSeries } from './source-series.ts';

/**
 * A PET series ready for quantification: `volume` in Bq/ml (decay corrected to
 * `decayReferenceDateTime`), its acquisition facts, and `suvScale` with SUV = Bq/ml × factor.
 */
export interface PetSeries extends PetAcquisition {
  /** In the unit `values` names: Bq/ml (the default) or SUV of one kind. */
  readonly volume: Volume;
  readonly values: PetValues;
  readonly seriesInstanceUid: string;
  readonly description: string;
  readonly frameOfReferenceUid: string | undefined;
  /** The study, series and slice SOP instances the volume came from (for SEG and SR that refer to it). */
  readonly source: SourceSeries;
  /** What was tolerated or inferred while reading this series. */
  readonly warnings: readonly string[];
}

/** The PET, the CT of the same frame of reference (in HU) if any, and every warning. */
export interface PetStudy {
  readonly pet: PetSeries;
  readonly ct: Volume | undefined;
  readonly warnings: readonly string[];
}

/** What a PET volume holds: activity concentration in Bq/ml, or SUV of a kind (SUV = Bq/ml × factor). */
export type PetValues = 'bqml' | SuvKind;

/** How to build the PET series. */
export interface PetSeriesOptions extends PetOverrides {
  /**
   * Write the volume directly in SUV of this kind instead of Bq/ml (default 'bqml'). The factor is folded
   * into each slice's rescale slope, so a caller that only needs SUV gets it without a second full-size
   * volume: on a whole-body series the second volume costs as much time as the whole read (bench/RESULTS.md).
   */
  readonly values?: PetValues | undefined;
}

export interface PetStudyOptions extends PetSeriesOptions {
  /** Which PET series to use when the instances hold several. */
  readonly seriesInstanceUid?: string | undefined;
}

function withScale(instance: DicomInstance, factor: number): DicomInstance {
  const image = instance.image;
  if (image === undefined || factor === 1) return instance;
  return {
    ...instance,
    image: {
      ...image,
      rescaleSlope: image.rescaleSlope * factor,
      rescaleIntercept: image.rescaleIntercept * factor,
    },
  };
}

/** Builds the PET series (volume in Bq/ml or SUV, facts, SUV factors) from its instances. */
export async function buildPetSeries(
  instances: readonly DicomInstance[],
  options: PetSeriesOptions = {},
): Promise<PetSeries> {
  const { acquisition, bqmlPerStored, warnings } = resolvePetAcquisition(instances, options);
  const values = options.values ?? 'bqml';
  const unitFactor = values === 'bqml' ? 1 : suvScaleFactor(acquisition, values);
  const first = instances[0];
  const uid = first?.seriesInstanceUid ?? '';
  const scaled = instances.map((instance, n) => withScale(instance, (bqmlPerStored[n] ?? 1) * unitFactor));
  const volume = await buildVolume(scaled, `PET series ${uid}`);
  return {
    ...acquisition,
    volume,
    values,
    seriesInstanceUid: uid,
    description: first?.seriesDescription ?? '',
    frameOfReferenceUid: first?.frameOfReferenceUid,
    source: sourceSeries(instances, volume),
    warnings,
  };
}

/**
 * From all instances of a study (any order, any mix of series): picks the PET series and its CT,
 * builds the PET in Bq/ml with SUV factors and the CT in HU. A CT that cannot be built becomes a
 * warning (the PET alone is enough for SUV); a PET that cannot be built throws `DicomError`.
 */
export async function buildPetStudy(
  instances: readonly DicomInstance[],
  options: PetStudyOptions = {},
): Promise<PetStudy> {
  const choice = selectPetAndCt(instances, { seriesInstanceUid: options.seriesInstanceUid });
  const pet = await buildPetSeries(choice.pet, options);
  const warnings = [...choice.warnings, ...pet.warnings];
  let ct: Volume | undefined;
  if (choice.ct !== undefined) {
    try {
      ct = await buildVolume(choice.ct, `CT series ${choice.ct[0]?.seriesInstanceUid ?? ''}`);
    } catch (error) {
      warnings.push(`CT not used: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { pet, ct, warnings };
}

/**
 * The PET volume in SUV of `kind`: the series' own volume when it already holds that SUV, otherwise a
 * new volume scaled from what it holds. Throws `DicomError` ('missing-attribute') when the kind needs a
 * height or sex the series lacks.
 */
export function suvVolume(pet: PetSeries, kind: SuvKind): Volume {
  if (pet.values === kind) return pet.volume;
  const perBqMl = suvScaleFactor(pet, kind);
  const held = pet.values === 'bqml' ? 1 : suvScaleFactor(pet, pet.values);
  return scaleVolume(pet.volume, perBqMl / held);
}
