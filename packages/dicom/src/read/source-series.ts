import { type Grid, lpsToIjk } from '@cxcr4pet/volume';
import type { DicomInstance, StudyIdentity } from './dicom-instance.ts';

/**
 * The DICOM identity of the series a volume was built from: enough for a derived object (SEG, SR) to
 * refer back to it: its study, series and frame of reference, and the SOP instance of every slice k.
 */
export interface SourceSeries {
  readonly study: StudyIdentity;
  readonly seriesInstanceUid: string;
  readonly frameOfReferenceUid: string;
  /** `Modality` of the series (`PT`). */
  readonly modality: string;
  /** The SOP instance of slice k of the volume, at index k (SOP class and instance UID). */
  readonly slices: readonly { readonly sopClassUid: string; readonly sopInstanceUid: string }[];
}

/**
 * The source series of a volume built from single-frame `instances`: each slice is placed at the k of
 * its ImagePositionPatient on `grid` (the same sort `buildVolume` made), so `slices[k]` is the file
 * the volume's slice k came from.
 */
export function sourceSeries(instances: readonly DicomInstance[], grid: Grid): SourceSeries {
  const first = instances[0];
  const slices: { sopClassUid: string; sopInstanceUid: string }[] = new Array(grid.dims[2]);
  for (const instance of instances) {
    const position = instance.image?.positionMm;
    if (position === undefined) continue;
    const k = Math.round(lpsToIjk(grid, position)[2]);
    if (k >= 0 && k < slices.length)
      slices[k] = { sopClassUid: instance.sopClassUid, sopInstanceUid: instance.sopInstanceUid };
  }
  return {
    study: first?.study ?? EMPTY_STUDY_IDENTITY,
    seriesInstanceUid: first?.seriesInstanceUid ?? '',
    frameOfReferenceUid: first?.frameOfReferenceUid ?? '',
    modality: first?.modality ?? '',
    slices: Array.from(slices, (slice) => slice ?? { sopClassUid: '', sopInstanceUid: '' }),
  };
}

/** A study identity with every attribute empty (type 2 attributes written empty). */
export const EMPTY_STUDY_IDENTITY: StudyIdentity = {
  patientName: '',
  patientId: '',
  patientBirthDate: '',
  patientSex: '',
  studyInstanceUid: '',
  studyDate: '',
  studyTime: '',
  studyId: '',
  accessionNumber: '',
  referringPhysicianName: '',
};

/** The Patient and General Study attributes of a study identity, keyword-named for dcmjs (SEG, SR). */
export function studyModules(study: StudyIdentity): Record<string, string> {
  return {
    PatientName: study.patientName,
    PatientID: study.patientId,
    PatientBirthDate: study.patientBirthDate,
    PatientSex: study.patientSex,
    StudyInstanceUID: study.studyInstanceUid,
    StudyDate: study.studyDate,
    StudyTime: study.studyTime,
    StudyID: study.studyId,
    AccessionNumber: study.accessionNumber,
    ReferringPhysicianName: study.referringPhysicianName,
  };
}
