import { type PatientFacts, type StudyFacts, writeCtSeries, writePetSeries } from '@cxcr4pet/dicom';
import { makePhantom, type PhantomOptions, type PhantomStudy } from './phantom.ts';
import type { PhantomTruth } from './truth.ts';

/** A file of the study: a relative path (`PET/PT-0001.dcm`, `CT/…`, `truth.json`) and its bytes. */
export interface StudyFile {
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** Who the files name as the patient (default `Phantom^FDG` / `PHANTOM-<seed>`, born 1961-01-01). */
export interface PhantomPatient {
  /** DICOM person name, `Family^Given`. */
  readonly name: string;
  readonly id: string;
  /** `YYYYMMDD`. */
  readonly birthDate: string;
}

export interface PhantomStudyFileOptions extends PhantomOptions {
  readonly patient?: PhantomPatient;
  /** Skip `truth.json` (a cohort keeps its truth elsewhere). */
  readonly withoutTruthFile?: boolean;
}

/**
 * The phantom study as files: the PET series (`PET/`), its CT (`CT/`, same FrameOfReferenceUID)
 * and `truth.json`. Pure: bytes out; the CLI writes them. Same options → same bytes.
 */
export function phantomStudyFiles(options: PhantomStudyFileOptions): {
  readonly files: readonly StudyFile[];
  readonly truth: PhantomTruth;
  readonly study: PhantomStudy;
} {
  const study = makePhantom(options);
  const { truth } = study;
  const a = truth.acquisition;
  const variant = options.variant ?? {};
  const patient: PatientFacts = {
    name: options.patient?.name ?? `Phantom^${truth.tracer === 'fdg' ? 'FDG' : 'Pentixafor'}`,
    id: options.patient?.id ?? `PHANTOM-${truth.seed}`,
    birthDate: options.patient?.birthDate ?? '19610101',
    sex: a.sex,
    heightM: a.heightM,
    ...(variant.omitWeight ? {} : { weightKg: a.weightKg }),
  };
  const studyFacts: StudyFacts = {
    studyInstanceUid: truth.series.studyInstanceUid,
    frameOfReferenceUid: truth.series.frameOfReferenceUid,
    studyDateTime: a.seriesDateTime,
    studyId: String(truth.seed),
    accessionNumber: `PH${truth.seed}`,
    description: `PET/CT ${a.radiopharmaceutical} digital phantom`,
  };
  const pet = writePetSeries({
    values: study.petStored,
    units: a.units,
    decayCorrection: a.decayCorrection,
    patient,
    study: studyFacts,
    series: {
      seriesInstanceUid: truth.series.petSeriesInstanceUid,
      seriesNumber: 2,
      description: `PET WB ${a.radiopharmaceutical}`,
      seriesDateTime: a.seriesDateTime,
      acquisitionDateTime: a.acquisitionDateTime,
    },
    radiopharmaceutical: {
      name: a.radiopharmaceutical,
      radionuclide: a.radionuclide,
      injectedActivityBq: a.injectedActivityBq,
      halfLifeS: a.halfLifeS,
      injectionDateTime: a.injectionDateTime,
      writeStartDateTime: variant.writeInjectionDate ?? true,
    },
    frameDurationS: a.frameDurationS,
    ...(a.units === 'CNTS'
      ? {
          philips: {
            suvScaleFactor: truth.stored.suvBwPerStoredValue,
            activityConcentrationScaleFactor: a.philipsBqMlPerCount,
          },
        }
      : {}),
  });
  const ct = writeCtSeries({
    hu: study.ctHu,
    patient,
    study: studyFacts,
    series: {
      seriesInstanceUid: truth.series.ctSeriesInstanceUid,
      seriesNumber: 1,
      description: 'CT WB low dose',
      seriesDateTime: a.seriesDateTime,
      acquisitionDateTime: a.seriesDateTime,
    },
  });
  const files: StudyFile[] = [
    ...pet.map((f) => ({ path: `PET/${f.name}`, bytes: f.bytes })),
    ...ct.map((f) => ({ path: `CT/${f.name}`, bytes: f.bytes })),
  ];
  if (options.withoutTruthFile !== true)
    files.push({
      path: 'truth.json',
      bytes: new TextEncoder().encode(`${JSON.stringify(truth, null, 2)}\n`),
    });
  return { files, truth, study };
}
