import { type PetStudy, type SuvKind, suvScaleFactor, suvVolume } from '@cxcr4pet/dicom';
import {
  type Connectivity,
  DEFAULT_MARROW_CT,
  describeSegmentation,
  type ExclusionSphere,
  type ExclusionSummary,
  exclusionMask,
  fdgLiverQualityWarning,
  findLesions,
  formatSegmentation,
  type IbsiFeature,
  ImagingError,
  LESION_REGION_RULE,
  type Lesion,
  type LesionTotals,
  majorityRegion,
  type OrganPlacement,
  type OrganReference,
  organReferences,
  type PercistReference,
  type PercistThreshold,
  type Region,
  type RegionCount,
  regionCounts,
  regionVoxels,
  type Segmentation,
  type TargetToBackground,
  targetToBackground,
  voxelsOf,
  type WholeBodyBurden,
  wholeBodyBurden,
} from '@cxcr4pet/imaging';
import type { LabelMap, Vec3 } from '@cxcr4pet/volume';
import type { VoiMask } from '../../io/index.ts';
import type { Provenance } from '../../provenance.ts';
import { type AnalysisProvenance, analysisProvenance } from './analysis-provenance.ts';
import { type MarrowResult, measureMarrow } from './marrow-result.ts';
import {
  FEATURES_METHOD,
  type FeaturesMethod,
  featuresOrNull,
  measureVois,
  type VoiResult,
} from './voi-results.ts';

export interface AnalyzeParameters {
  readonly segmentationText: string;
  readonly segmentation: Segmentation;
  readonly suvKind: SuvKind;
  readonly connectivity: Connectivity;
  readonly minVolumeMl: number;
  readonly percistReference: PercistReference | undefined;
  /** Organ reference spheres (none when absent). */
  readonly references?: readonly OrganPlacement[];
  /** Exclusion spheres of physiological uptake (none when absent). */
  readonly exclusions?: readonly ExclusionSphere[];
  /** VOIs from other tools (`--voi`), as masks on the PET grid. */
  readonly vois?: readonly VoiMask[];
  /** Compute IBSI features per lesion and VOI (`--features`). */
  readonly features?: boolean;
  /** `--regions`: an anatomical label map on the PET grid and the names of its labels. */
  readonly regions?:
    | { readonly source: string; readonly labels: LabelMap; readonly names: readonly Region[] }
    | undefined;
  /** `--marrow`: bone threshold (HU) of the marrow VOI from the CT; no marrow when undefined. */
  readonly marrowBoneHu?: number | undefined;
}

/** A lesion as `analyze` reports it: the imaging room's measures plus its target-to-background ratios. */
export type AnalyzedLesion = Lesion & {
  /** SUVmax / reference SUVmean for every organ reference present (empty without `--ref`). */
  readonly tbr: TargetToBackground;
  /** With `--regions`: the anatomical region holding most of the lesion (null: none); absent without it. */
  readonly region?: Region | null;
  /** IBSI features with `--features` (null when above the voxel limit); absent without it. */
  readonly features?: readonly IbsiFeature[] | null;
};

/** True when the radiopharmaceutical names 18F-FDG (the tracer the EANM liver range is defined for). */
export function isFdg(radiopharmaceutical: string | undefined): boolean {
  return radiopharmaceutical !== undefined && /fdg|fluorodeoxyglucose/i.test(radiopharmaceutical);
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
    /** The method with every parameter spelled out (defaults included), as `parseSegmentation` reads it. */
    readonly parameters: string;
    /** The rule in one sentence (levels, background definition, how lesions are kept apart). */
    readonly description: string;
    readonly kind: Segmentation['kind'];
    readonly thresholdSuv: number | null;
    readonly connectivity: Connectivity;
    readonly minVolumeMl: number;
    readonly percist: PercistThreshold | null;
  };
  readonly lesions: readonly AnalyzedLesion[];
  readonly totals: LesionTotals;
  /** Organ reference spheres (`--ref`), in the order liver, blood-pool, spleen, brain, muscle, marrow. */
  readonly references: readonly OrganReference[];
  /** Spheres of physiological uptake removed before segmentation (`--exclude`). */
  readonly exclusions: readonly ExclusionSummary[];
  /** VOIs from other tools (`--voi`): statistics, TBR and features. */
  readonly vois: readonly VoiResult[];
  /** `--regions`: lesions counted per anatomical region (null without it). */
  readonly regions: {
    readonly source: string;
    readonly rule: string;
    readonly counts: readonly RegionCount[];
    /** Lesions with no voxel in any region. */
    readonly unassignedLesionCount: number;
  } | null;
  /** `--marrow`: the whole-skeleton marrow from the CT measured on the PET (null without it). */
  readonly marrow: MarrowResult | null;
  /** How `--features` computed (null without it). */
  readonly features: FeaturesMethod | null;
  /** Whole-body burden: totals plus the mean SUVmax of the five hottest lesions. */
  readonly burden: WholeBodyBurden;
  readonly warnings: readonly string[];
  /** Software version and commit, every parameter in effect and the method of every measure. */
  readonly provenance: AnalysisProvenance;
}

/** Turns a read PET study into SUV and measures its lesions with the given parameters. Pure. */
export function analyzeStudy(
  study: PetStudy,
  parameters: AnalyzeParameters,
  provenance: Provenance,
): AnalyzeReport {
  return analyzeStudyWithLabels(study, parameters, provenance).report;
}

/** `analyzeStudy` plus the lesion label map (lesion n of the report carries label n), for a DICOM SEG. */
export function analyzeStudyWithLabels(
  study: PetStudy,
  parameters: AnalyzeParameters,
  provenance: Provenance,
): { readonly report: AnalyzeReport; readonly labels: LabelMap } {
  const pet = study.pet;
  const scaleFactor = suvScaleFactor(pet, parameters.suvKind);
  const suv = suvVolume(pet, parameters.suvKind);
  const references = organReferences(suv, parameters.references ?? []);
  const exclusions = parameters.exclusions ?? [];
  const exclusion = exclusions.length > 0 ? exclusionMask(suv, exclusions) : undefined;
  const findings = findLesions(suv, parameters.segmentation, {
    connectivity: parameters.connectivity,
    minVolumeMl: parameters.minVolumeMl,
    ...(parameters.percistReference === undefined ? {} : { percistReference: parameters.percistReference }),
    ...(exclusion === undefined ? {} : { exclusionMask: exclusion.mask }),
  });
  const warnings: string[] = [];
  const withFeatures = parameters.features ?? false;
  const regionMap = parameters.regions;
  const lesionVoxels =
    withFeatures || regionMap !== undefined
      ? regionVoxels(findings.labels, findings.lesions.length)
      : undefined;
  const regionOf = (label: number): Region | null => {
    if (regionMap === undefined || lesionVoxels === undefined) return null;
    const region = majorityRegion(regionMap.labels, voxelsOf(lesionVoxels, label));
    if (region === 0) return null;
    return {
      label: region,
      name: regionMap.names.find((r) => r.label === region)?.name ?? `region ${region}`,
    };
  };
  const lesions = findings.lesions.map((lesion) => ({
    ...lesion,
    tbr: targetToBackground(lesion, references),
    ...(regionMap === undefined ? {} : { region: regionOf(lesion.label) }),
    ...(!withFeatures || lesionVoxels === undefined
      ? {}
      : {
          features: featuresOrNull(
            suv,
            voxelsOf(lesionVoxels, lesion.label),
            `lesion ${lesion.label}`,
            warnings,
          ),
        }),
  }));
  const liverMean = references.find((r) => r.organ === 'liver')?.meanSuv;
  let marrow: MarrowResult | null = null;
  if (parameters.marrowBoneHu !== undefined) {
    if (study.ct === undefined)
      throw new ImagingError(
        'missing-reference',
        '--marrow needs the CT of the PET (same frame of reference); the folder has none.',
        {
          field: 'marrow',
        },
      );
    marrow = measureMarrow(
      suv,
      study.ct,
      { ...DEFAULT_MARROW_CT, boneHu: parameters.marrowBoneHu },
      liverMean,
    );
    if (liverMean === undefined)
      warnings.push('marrow pattern not judged: it compares with the liver (--ref liver=x,y,z)');
  }
  const vois = measureVois(suv, parameters.vois ?? [], references, withFeatures, warnings);
  const liver = references.find((r) => r.organ === 'liver');
  const liverWarning =
    liver !== undefined && isFdg(pet.radiopharmaceutical) ? fdgLiverQualityWarning(liver) : undefined;
  const volume = pet.volume;
  const report: AnalyzeReport = {
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
      parameters: formatSegmentation(parameters.segmentation),
      description: describeSegmentation(parameters.segmentation),
      kind: parameters.segmentation.kind,
      thresholdSuv: findings.thresholdSuv ?? null,
      connectivity: findings.connectivity,
      minVolumeMl: findings.minVolumeMl,
      percist: findings.percist ?? null,
    },
    lesions,
    totals: findings.totals,
    references,
    exclusions: exclusion?.spheres ?? [],
    vois,
    regions:
      regionMap === undefined
        ? null
        : {
            source: regionMap.source,
            rule: LESION_REGION_RULE,
            counts: regionCounts(
              lesions.map((l) => ({ ...l, region: l.region ?? null })),
              regionMap.names,
            ),
            unassignedLesionCount: lesions.filter((l) => l.region === null).length,
          },
    marrow,
    features: withFeatures ? FEATURES_METHOD : null,
    burden: wholeBodyBurden(findings.lesions),
    warnings: [...study.warnings, ...(liverWarning === undefined ? [] : [liverWarning]), ...warnings],
    provenance: analysisProvenance(
      provenance,
      {
        ...parameters,
        voiSources: [...new Set((parameters.vois ?? []).map((v) => v.source))],
        regionsSource: regionMap?.source,
      },
      {
        ...(marrow === null ? {} : { marrow: `${marrow.method}; ${marrow.patternRule}` }),
        ...Object.fromEntries(vois.map((v) => [`voi ${v.name}`, v.rule])),
        ...(withFeatures ? { features: FEATURES_METHOD.note } : {}),
      },
    ),
  };
  return { report, labels: findings.labels };
}
