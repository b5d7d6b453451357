import type { PetStudy } from '@cxcr4pet/dicom';
import {
  type LesionPair,
  matchLesions,
  pointTransformLps,
  type RegistrationLevel,
  type RigidTransform,
  registerRigid,
} from '@cxcr4pet/imaging';
import type { Vec3, Volume } from '@cxcr4pet/volume';
import { InputError } from '../../command.ts';
import type { Provenance } from '../../provenance.ts';
import {
  type AnalyzedLesion,
  type AnalyzeParameters,
  type AnalyzeReport,
  analyzeStudy,
} from '../analyze/analyze-study.ts';

/** How `compare` was asked to work: the analysis applied to both studies, and the matching distance. */
export interface CompareParameters {
  readonly analysis: AnalyzeParameters;
  readonly maxDistanceMm: number;
}

/** Relative change B vs A in percent: 100 × (B − A) / A (null when A is 0). */
export type PercentChange = number | null;

/** ΔSUV% of a matched lesion between two time points of one tracer. */
export interface LesionChange {
  readonly suvMaxPercent: PercentChange;
  readonly suvPeakPercent: PercentChange;
  readonly suvMeanPercent: PercentChange;
  readonly volumePercent: PercentChange;
  readonly totalLesionUptakePercent: PercentChange;
}

/** ΔSUV% of an organ reference measured in both studies. */
export interface ReferenceChange {
  readonly organ: string;
  readonly suvMeanA: number;
  readonly suvMeanB: number;
  readonly suvMeanPercent: PercentChange;
  readonly suvPeakPercent: PercentChange;
  readonly suvMaxPercent: PercentChange;
}

/** One study's side of the comparison: what `analyze` reports, less the lesions (they are in pairs/onlyA/onlyB). */
export type StudySide = Omit<AnalyzeReport, 'lesions' | 'provenance'> & { readonly folder: string };

export type ComparedPair = LesionPair<AnalyzedLesion, AnalyzedLesion> & {
  readonly change: LesionChange | null;
};

/**
 * The result of `cxcr4pet compare`, exactly as `--json` prints it. `registration`, `pairs` (`a`, `b`,
 * `distanceMm`), `onlyA`, `onlyB` and `perPatient` are the contract of issue 4; the rest extends it.
 */
export interface CompareReport {
  readonly registration: {
    readonly method: string;
    /** A → B: q_B = R·(p_A − centreMm) + centreMm + translationMm, R = Rz·Ry·Rx of rotationDeg. */
    readonly translationMm: Vec3;
    readonly rotationDeg: Vec3;
    readonly centreMm: Vec3;
    readonly convention: string;
    readonly residualMm: number;
    readonly similarity: {
      readonly measure: string;
      readonly windowHu: readonly [number, number];
      readonly initialMsdHu2: number;
      readonly finalMsdHu2: number;
    };
    readonly levels: readonly RegistrationLevel[];
  };
  readonly matching: { readonly method: string; readonly maxDistanceMm: number };
  readonly a: StudySide;
  readonly b: StudySide;
  readonly pairs: readonly ComparedPair[];
  readonly onlyA: readonly AnalyzedLesion[];
  readonly onlyB: readonly AnalyzedLesion[];
  readonly perPatient: {
    readonly positiveA: boolean;
    readonly positiveB: boolean;
    readonly lesionsA: number;
    readonly lesionsB: number;
    readonly paired: number;
  };
  /**
   * Change between two time points, present when both studies have the same radiopharmaceutical
   * (then each pair also has `change`); null across tracers, where a ΔSUV would mean nothing.
   */
  readonly timeCourse: {
    readonly radiopharmaceutical: string;
    readonly references: readonly ReferenceChange[];
  } | null;
  readonly warnings: readonly string[];
  readonly provenance: Provenance;
}

export const REGISTRATION_METHOD =
  'rigid 6-DOF CT-CT registration: mean squared difference of HU clamped to the window, 2×2×2 image pyramid, ' +
  'centre-of-mass start, Levenberg–Marquardt (cxcr4pet imaging registerRigid)';
export const REGISTRATION_CONVENTION =
  'q_B = R·(p_A − centreMm) + centreMm + translationMm; R = Rz(γ)·Ry(β)·Rx(α), rotationDeg = [α, β, γ] about the LPS x, y, z axes';
export const MATCHING_METHOD =
  'one-to-one optimal assignment (Hungarian algorithm) of centroids, A mapped into B by the registration: ' +
  'minimises the sum of pair distances + maxDistanceMm/2 per unpaired lesion, no pair beyond maxDistanceMm';

function percent(a: number, b: number): PercentChange {
  return a === 0 || !Number.isFinite(a) || !Number.isFinite(b) ? null : (100 * (b - a)) / a;
}

/** The analysis parameters for B: every position given in A's coordinates, mapped through the registration. */
export function parametersInB(parameters: AnalyzeParameters, transform: RigidTransform): AnalyzeParameters {
  const toB = pointTransformLps(transform);
  return {
    ...parameters,
    percistReference:
      parameters.percistReference === undefined
        ? undefined
        : { ...parameters.percistReference, centreLps: toB(parameters.percistReference.centreLps) },
    references: (parameters.references ?? []).map((r) => ({ ...r, centreLps: toB(r.centreLps) })),
    exclusions: (parameters.exclusions ?? []).map((e) => ({ ...e, centreLps: toB(e.centreLps) })),
  };
}

function ctOf({ study, folder }: { readonly study: PetStudy; readonly folder: string }): Volume {
  if (study.ct === undefined)
    throw new InputError(
      'no-ct',
      `${folder} has no CT in the PET's frame of reference: compare registers the two studies by their CTs`,
    );
  return study.ct;
}

function side(report: AnalyzeReport, folder: string): StudySide {
  const { lesions: _lesions, provenance: _provenance, ...rest } = report;
  return { folder, ...rest };
}

/**
 * Compares two PET/CT studies of one patient: registers B's CT to A's (rigid), analyses both with the
 * same parameters (positions given for A, mapped into B), and pairs their lesions one-to-one. Pure.
 */
export function compareStudies(
  studyA: { readonly study: PetStudy; readonly folder: string },
  studyB: { readonly study: PetStudy; readonly folder: string },
  parameters: CompareParameters,
  provenance: Provenance,
): CompareReport {
  const registration = registerRigid(ctOf(studyA), ctOf(studyB));
  const reportA = analyzeStudy(studyA.study, parameters.analysis, provenance);
  const reportB = analyzeStudy(
    studyB.study,
    parametersInB(parameters.analysis, registration.transform),
    provenance,
  );
  const matching = matchLesions(reportA.lesions, reportB.lesions, {
    transform: registration.transform,
    maxDistanceMm: parameters.maxDistanceMm,
  });
  const tracerA = reportA.pet.radiopharmaceutical;
  const sameTracer =
    tracerA !== null && tracerA.toLowerCase() === reportB.pet.radiopharmaceutical?.toLowerCase();
  const pairs = matching.pairs.map((pair) => ({
    ...pair,
    change: sameTracer
      ? {
          suvMaxPercent: percent(pair.a.suvMax, pair.b.suvMax),
          suvPeakPercent: percent(pair.a.suvPeak, pair.b.suvPeak),
          suvMeanPercent: percent(pair.a.suvMean, pair.b.suvMean),
          volumePercent: percent(pair.a.volumeMl, pair.b.volumeMl),
          totalLesionUptakePercent: percent(pair.a.totalLesionUptake, pair.b.totalLesionUptake),
        }
      : null,
  }));
  const references: ReferenceChange[] = [];
  for (const a of reportA.references) {
    const b = reportB.references.find((r) => r.organ === a.organ);
    if (b === undefined) continue;
    references.push({
      organ: a.organ,
      suvMeanA: a.meanSuv,
      suvMeanB: b.meanSuv,
      suvMeanPercent: percent(a.meanSuv, b.meanSuv),
      suvPeakPercent: percent(a.peakSuv, b.peakSuv),
      suvMaxPercent: percent(a.maxSuv, b.maxSuv),
    });
  }
  const window = registration.similarity.windowHu;
  return {
    registration: {
      method: REGISTRATION_METHOD,
      translationMm: registration.translationMm,
      rotationDeg: registration.rotationDeg,
      centreMm: registration.centreMm,
      convention: REGISTRATION_CONVENTION,
      residualMm: registration.residualMm,
      similarity: { ...registration.similarity, windowHu: window },
      levels: registration.levels,
    },
    matching: { method: MATCHING_METHOD, maxDistanceMm: parameters.maxDistanceMm },
    a: side(reportA, studyA.folder),
    b: side(reportB, studyB.folder),
    pairs,
    onlyA: matching.onlyA,
    onlyB: matching.onlyB,
    perPatient: {
      positiveA: reportA.lesions.length > 0,
      positiveB: reportB.lesions.length > 0,
      lesionsA: reportA.lesions.length,
      lesionsB: reportB.lesions.length,
      paired: pairs.length,
    },
    timeCourse: sameTracer ? { radiopharmaceutical: tracerA, references } : null,
    warnings: [...reportA.warnings.map((w) => `A: ${w}`), ...reportB.warnings.map((w) => `B: ${w}`)],
    provenance,
  };
}
