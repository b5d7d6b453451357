import { type PetStudy, type SuvKind, suvScaleFactor, suvVolume } from '@cxcr4pet/dicom';
import {
  type Connectivity,
  findLesions,
  type Lesion,
  type LesionTotals,
  type PercistReference,
  type PercistThreshold,
  type Segmentation,
} from '@cxcr4pet/imaging';
import type { Vec3 } from '@cxcr4pet/volume';
import type { Provenance } from '../../provenance.ts';

export interface AnalyzeParameters {
  readonly segmentationText: string;
  readonly segmentation: Segmentation;
  readonly suvKind: SuvKind;
  readonly connectivity: Connectivity;
  readonly minVolumeMl: number;
  readonly percistReference: PercistReference | undefined;
}

/**
 * The result of `cxcr4pet analyze`, exactly as `--json` prints it. The fields named in
 * docs/architecture.md are a contract (scripts and reports read them); the others are extensions.
 */
export interface AnalyzeReport {
  readonly pet: {
    readonly seriesInstanceUid: string;
    readonly seriesDescription: string;
    readonly radiopharmaceutical: string | null;
    readonly nuclide: string | null;
    readonly injectedActivityBq: number;
    readonly injectionDateTime: string;
    readonly decayReferenceDateTime: string;
    readonly halfLifeS: number;
    readonly weightKg: number;
    readonly heightM: number | null;
    readonly sex: string | null;
    readonly units: string;
    readonly decayCorrection: string;
    readonly dims: Vec3;
    readonly spacingMm: Vec3;
    readonly originMm: Vec3;
  };
  readonly ct: { readonly dims: Vec3; readonly spacingMm: Vec3 } | null;
  readonly suv: {
    readonly kind: SuvKind;
    /** SUV per Bq/ml of the kind used. */
    readonly scaleFactor: number;
    /** Every factor the facts allow (null where height or sex is missing). */
    readonly scaleFactors: {
      readonly bw: number;
      readonly lbm: number | null;
      readonly lbmJames: number | null;
      readonly lbmJanmahasatian: number | null;
      readonly bsa: number | null;
    };
  };
  readonly segmentation: {
    readonly method: string;
    readonly kind: Segmentation['kind'];
    readonly thresholdSuv: number | null;
    readonly connectivity: Connectivity;
    readonly minVolumeMl: number;
    readonly percist: PercistThreshold | null;
  };
  readonly lesions: readonly Lesion[];
  readonly totals: LesionTotals;
  readonly warnings: readonly string[];
  readonly provenance: Provenance;
}

/** Turns a read PET study into SUV and measures its lesions with the given parameters. Pure. */
export function analyzeStudy(
  study: PetStudy,
  parameters: AnalyzeParameters,
  provenance: Provenance,
): AnalyzeReport {
  const pet = study.pet;
  const scaleFactor = suvScaleFactor(pet, parameters.suvKind);
  const suv = suvVolume(pet, parameters.suvKind);
  const findings = findLesions(suv, parameters.segmentation, {
    connectivity: parameters.connectivity,
    minVolumeMl: parameters.minVolumeMl,
    ...(parameters.percistReference === undefined ? {} : { percistReference: parameters.percistReference }),
  });
  const volume = pet.volume;
  return {
    pet: {
      seriesInstanceUid: pet.seriesInstanceUid,
      seriesDescription: pet.description,
      radiopharmaceutical: pet.radiopharmaceutical ?? null,
      nuclide: pet.nuclide ?? null,
      injectedActivityBq: pet.injectedActivityBq,
      injectionDateTime: pet.injectionDateTime,
      decayReferenceDateTime: pet.decayReferenceDateTime,
      halfLifeS: pet.halfLifeS,
      weightKg: pet.weightKg,
      heightM: pet.heightM ?? null,
      sex: pet.sex ?? null,
      units: pet.units,
      decayCorrection: pet.decayCorrection,
      dims: volume.dims,
      spacingMm: volume.spacingMm,
      originMm: volume.originMm,
    },
    ct: study.ct === undefined ? null : { dims: study.ct.dims, spacingMm: study.ct.spacingMm },
    suv: {
      kind: parameters.suvKind,
      scaleFactor,
      scaleFactors: {
        bw: pet.suvScale.bw,
        lbm: pet.suvScale.lbm ?? null,
        lbmJames: pet.suvScale.lbmJames ?? null,
        lbmJanmahasatian: pet.suvScale.lbmJanmahasatian ?? null,
        bsa: pet.suvScale.bsa ?? null,
      },
    },
    segmentation: {
      method: parameters.segmentationText,
      kind: parameters.segmentation.kind,
      thresholdSuv: findings.thresholdSuv ?? null,
      connectivity: findings.connectivity,
      minVolumeMl: findings.minVolumeMl,
      percist: findings.percist ?? null,
    },
    lesions: findings.lesions,
    totals: findings.totals,
    warnings: study.warnings,
    provenance,
  };
}
