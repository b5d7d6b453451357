import type { Volume } from '@cxcr4pet/volume';
import type { LocalDateTime } from './dicom-values.ts';

/** DICOM PatientSex (0010,0040). */
export type PatientSex = 'M' | 'F' | 'O';

/** Who is imaged. Omit `weightKg` / `heightM` to write a file without PatientWeight / PatientSize. */
export interface PatientFacts {
  readonly name: string;
  readonly id: string;
  /** `YYYYMMDD`. */
  readonly birthDate: string;
  readonly sex: PatientSex;
  readonly weightKg?: number;
  readonly heightM?: number;
}

/** The study both series belong to; PET and CT share its UIDs (same FrameOfReferenceUID). */
export interface StudyFacts {
  readonly studyInstanceUid: string;
  readonly frameOfReferenceUid: string;
  readonly studyDateTime: LocalDateTime;
  readonly studyId: string;
  readonly accessionNumber: string;
  readonly description: string;
}

/** One series: its UID (SOP instance UIDs are derived from it), number, text and times. */
export interface SeriesFacts {
  readonly seriesInstanceUid: string;
  readonly seriesNumber: number;
  readonly description: string;
  readonly seriesDateTime: LocalDateTime;
  /** AcquisitionDate/Time of every slice (a single-frame whole-body series acquired as one frame). */
  readonly acquisitionDateTime: LocalDateTime;
}

/** Radionuclides the writer knows codes and nominal half-lives for. */
export type Radionuclide = 'F18' | 'Ga68';

/** DICOM Units (0054,1001) of the stored PET values. */
export type PetUnits = 'BQML' | 'GML' | 'CNTS';

/** DICOM DecayCorrection (0054,1102): the time the stored activity is decay-corrected to. */
export type DecayCorrection = 'START' | 'ADMIN' | 'NONE';

/** The radiopharmaceutical as the PET Isotope module (PS3.3 C.8.9.2) carries it. */
export interface RadiopharmaceuticalFacts {
  /** Radiopharmaceutical (0018,0031), free text, e.g. `Ga68-Pentixafor`, `Fluorodeoxyglucose`. */
  readonly name: string;
  readonly radionuclide: Radionuclide;
  /** RadionuclideTotalDose (0018,1074) in Bq. */
  readonly injectedActivityBq: number;
  /** RadionuclideHalfLife (0018,1075) in seconds. */
  readonly halfLifeS: number;
  readonly injectionDateTime: LocalDateTime;
  /**
   * Write RadiopharmaceuticalStartDateTime (0018,1078) as well as RadiopharmaceuticalStartTime
   * (0018,1072). `false` writes the time only, as older scanners do (the reader must infer the date).
   */
  readonly writeStartDateTime: boolean;
}

/** Philips private PET scale factors, group 7053 "Philips PET Private Group". */
export interface PhilipsScaleFactors {
  /** (7053,1000): SUVbw = stored value × RescaleSlope × this. */
  readonly suvScaleFactor?: number;
  /** (7053,1009): Bq/ml = stored value × RescaleSlope × this. */
  readonly activityConcentrationScaleFactor?: number;
}

/** Everything `writePetSeries` needs. */
export interface PetSeriesInput {
  /** Values in the unit `units` names (Bq/ml for BQML, g/ml for GML, counts for CNTS). */
  readonly values: Volume;
  readonly units: PetUnits;
  readonly decayCorrection: DecayCorrection;
  readonly patient: PatientFacts;
  readonly study: StudyFacts;
  readonly series: SeriesFacts;
  readonly radiopharmaceutical: RadiopharmaceuticalFacts;
  /** ActualFrameDuration of each slice (seconds). */
  readonly frameDurationS: number;
  /** Required with units CNTS; written only then. */
  readonly philips?: PhilipsScaleFactors;
}

/** Everything `writeCtSeries` needs. */
export interface CtSeriesInput {
  /** Hounsfield units; stored as round(HU) + 1024 with RescaleIntercept -1024. */
  readonly hu: Volume;
  readonly patient: PatientFacts;
  readonly study: StudyFacts;
  readonly series: SeriesFacts;
}

/** One encoded Part 10 file: a name (no folders) and its bytes. */
export interface DicomFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}
