import type { Volume } from '@cxcr4pet/volume';
import { type PetAcquisition, type PetOverrides, resolvePetAcquisition } from '../suv/pet-acquisition.ts';
import { buildVolume } from './build-volume.ts';
import type { DicomInstance } from './dicom-instance.ts';
import { selectPetAndCt } from './select-series.ts';

/**
 * A PET series ready for quantification: `volume` in Bq/ml (decay corrected to
 * `decayReferenceDateTime`), its acquisition facts, and `suvScale` with SUV = Bq/ml × factor.
 */
export interface PetSeries extends PetAcquisition {
  readonly volume: Volume;
  readonly seriesInstanceUid: string;
  readonly description: string;
  readonly frameOfReferenceUid: string | undefined;
  /** What was tolerated or inferred while reading this series. */
  readonly warnings: readonly string[];
}

/** The PET, the CT of the same frame of reference (in HU) if any, and every warning. */
export interface PetStudy {
  readonly pet: PetSeries;
  readonly ct: Volume | undefined;
  readonly warnings: readonly string[];
}

export interface PetStudyOptions extends PetOverrides {
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

/** Builds the PET series (Bq/ml volume, facts, SUV factors) from its instances. */
export async function buildPetSeries(
  instances: readonly DicomInstance[],
  options: PetOverrides = {},
): Promise<PetSeries> {
  const { acquisition, bqmlPerStored, warnings } = resolvePetAcquisition(instances, options);
  const first = instances[0];
  const uid = first?.seriesInstanceUid ?? '';
  const scaled = instances.map((instance, n) => withScale(instance, bqmlPerStored[n] ?? 1));
  const volume = await buildVolume(scaled, `PET series ${uid}`);
  return {
    ...acquisition,
    volume,
    seriesInstanceUid: uid,
    description: first?.seriesDescription ?? '',
    frameOfReferenceUid: first?.frameOfReferenceUid,
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
