import type {
  AdverseEvent,
  DeviationCode,
  DoseRecord,
  EligibilityVerdict,
  TreatmentCategory,
} from '@cxcr4pet/study';

/** The two tracers compared, in the report's order (the new tracer first). */
export const TRACERS = ['pentixafor', 'fdg'] as const;
export type Tracer = (typeof TRACERS)[number];

/** A value per tracer. */
export type PerTracer<T> = Readonly<Record<Tracer, T>>;

/** A time-to-event outcome in months. */
export interface TimeToEventMonths {
  readonly timeMonths: number;
  readonly event: boolean;
}

/** A treatment as the report tabulates it. */
export interface DatasetTreatment {
  readonly regimen: string;
  readonly category: TreatmentCategory;
  readonly lineOfTherapy: number;
  readonly startDate: string;
}

/** A protocol deviation of one participant (today: a treatment started before baseline imaging or enrolment). */
export interface DatasetDeviation {
  readonly participantId: string;
  readonly code: DeviationCode;
  readonly message: string;
}

/** One enrolled participant as the analyses see them: plain values, no records. */
export interface DatasetParticipant {
  readonly participantId: string;
  readonly sex: 'female' | 'male';
  readonly ageYears: number;
  /** Disease family and a readable name of the subtype (`Marginal zone lymphoma`). */
  readonly diseaseFamily: 'lymphoma' | 'plasma-cell' | 'leukemia';
  readonly diagnosis: string;
  readonly ecogPerformanceStatus?: number;
  readonly labs: {
    readonly ldhUPerL?: number | undefined;
    readonly ldhUpperLimitUPerL?: number | undefined;
    readonly beta2MicroglobulinMgPerL?: number | undefined;
    readonly hemoglobinGPerDl?: number | undefined;
    readonly plateletsE9PerL?: number | undefined;
    readonly absoluteLymphocytesE9PerL?: number | undefined;
    readonly albuminGPerDl?: number | undefined;
  };
  /** Per-patient SUVmax (hottest lesion) on each tracer; 0 when the scan shows no lesion. */
  readonly suvMax: PerTracer<number>;
  /** Per-patient read: at least one lesion seen on the tracer. */
  readonly positive: PerTracer<boolean>;
  readonly pfs: TimeToEventMonths;
  readonly os: TimeToEventMonths;
  /** The stored analyses the SUVmax and reads came from (database source; see `StudyDataset.analyses`). */
  readonly analysisIds?: PerTracer<string>;
  /** The first-line treatment (the lowest line of therapy recorded, its earliest start); absent when none is. */
  readonly firstLineTreatment?: DatasetTreatment;
}

/** One lesion of the reference standard with whether each tracer showed it. */
export interface DatasetLesion {
  readonly participantId: string;
  readonly lesionId: string;
  readonly site: string;
  readonly detected: PerTracer<boolean>;
  readonly suvMax: PerTracer<number>;
  /** The stored FDG ↔ Pentixafor comparison the detection came from (database source). */
  readonly analysisId?: string;
}

/** A stored analysis behind the report's imaging numbers: its id, what ran it and with which parameters. */
export interface DatasetAnalysis {
  readonly analysisId: string;
  readonly participantId: string;
  readonly kind: 'analyse-series' | 'compare-series';
  /** The tracer of the analysed series; null for a comparison (Pentixafor = A, FDG = B). */
  readonly tracer: Tracer | null;
  readonly seriesInstanceUid: string;
  /** The options of `cxcr4pet analyze` / `compare` it ran with. */
  readonly arguments: readonly string[];
  readonly softwareVersion: string;
  readonly softwareCommit: string | null;
  readonly createdAt: string;
  /** How it measured, as the analysis stated it: the segmentation rule; for a comparison, registration and matching. */
  readonly method: string;
}

/** The analysis choices the report states in its methods and footnotes. */
export interface AnalysisParameters {
  /** CXCR4-high: Pentixafor SUVmax at or above this. */
  readonly cxcr4HighCutoffSuv: number;
  /** ROC outcome: progression or death within this many months (participants censored earlier are left out). */
  readonly rocOutcomeMonths: number;
  /** Times (months) at which the Kaplan–Meier figure lists the numbers at risk. */
  readonly atRiskMonths: readonly number[];
  readonly coxTies: 'efron' | 'breslow';
  /** How PFS was censored when derived from the records. */
  readonly pfsCensoring: string;
  readonly confLevel: number;
}

/** Where the data came from, cited in the methods section. */
export type DatasetSource =
  | {
      readonly kind: 'synthetic-cohort';
      readonly seed: number;
      readonly size: number;
      /** The stated generating model, as plain sentences for the methods section. */
      readonly modelDescription: readonly string[];
      /** The true log hazard ratio of CXCR4-high in the generating model. */
      readonly trueLogHazardRatio: number;
    }
  | { readonly kind: 'database'; readonly description: string }
  | {
      /** A synthetic cohort written to the database and imaged: the model is known, the values are measured. */
      readonly kind: 'synthetic-database';
      readonly seed: number;
      readonly size: number;
      readonly modelDescription: readonly string[];
      readonly trueLogHazardRatio: number;
      readonly description: string;
    };

/**
 * Everything the study report is computed from. The CLI fills it from a synthetic cohort today; the demo
 * pipeline will fill it from the database (same type), so the report code never knows the source.
 */
export interface StudyDataset {
  readonly title: string;
  readonly source: DatasetSource;
  /** Latest eligibility verdict of everyone screened (screen failures included). */
  readonly verdicts: readonly EligibilityVerdict[];
  /** The enrolled participants. */
  readonly participants: readonly DatasetParticipant[];
  readonly doses: readonly DoseRecord[];
  readonly adverseEvents: readonly AdverseEvent[];
  readonly lesions: readonly DatasetLesion[];
  readonly parameters: AnalysisParameters;
  /** The stored analyses the imaging values came from (database source); absent for a cohort's truth. */
  readonly analyses?: readonly DatasetAnalysis[];
  /** Enrolled participants left out because a scan had no stored analysis (database source). */
  readonly notAnalysed?: number;
  /** Treatment-timing deviations of every enrolled participant (`treatmentDeviations` of the study room). */
  readonly treatmentDeviations?: readonly DatasetDeviation[];
}

/** Software and version that computed the report (every footnote cites it). */
export interface ReportProvenance {
  readonly software: string;
  readonly version: string;
  readonly commit: string | null;
}
