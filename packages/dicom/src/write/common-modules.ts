import { type Grid, ijkToLps } from '@cxcr4pet/volume';
import { formatDs, toDicomDate, toDicomTime } from './dicom-values.ts';
import type { PatientFacts, SeriesFacts, StudyFacts } from './types.ts';

/**
 * The modules PET and CT images share (PS3.3 A.21 / A.3): SOP Common, Patient, General Study,
 * Patient Study, General Series, Frame of Reference, General Equipment, General Acquisition,
 * General Image, Image Plane, and the Image Pixel attributes of a 16-bit signed monochrome slice.
 * Returned as a keyword-named dataset for dcmjs; the caller adds its modality's own modules.
 */
export function commonSliceModules(args: {
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
  readonly modality: 'PT' | 'CT';
  readonly patient: PatientFacts;
  readonly study: StudyFacts;
  readonly series: SeriesFacts;
  readonly grid: Grid;
  readonly k: number;
  readonly instanceNumber: number;
}): Record<string, unknown> {
  const { patient, study, series, grid, k } = args;
  const [nx, ny] = grid.dims;
  const [si, sj, sk] = grid.spacingMm;
  const d = grid.direction;
  const position = ijkToLps(grid, [0, 0, k]);
  // SliceLocation: position along the slice normal (i × j), as scanners write it.
  const normal = [d[1] * d[5] - d[2] * d[4], d[2] * d[3] - d[0] * d[5], d[0] * d[4] - d[1] * d[3]] as const;
  const sliceLocation = position[0] * normal[0] + position[1] * normal[1] + position[2] * normal[2];
  const patientStudy: Record<string, unknown> = {};
  if (patient.heightM !== undefined) patientStudy.PatientSize = formatDs(patient.heightM);
  if (patient.weightKg !== undefined) patientStudy.PatientWeight = formatDs(patient.weightKg);
  return {
    SpecificCharacterSet: 'ISO_IR 100',
    SOPClassUID: args.sopClassUid,
    SOPInstanceUID: args.sopInstanceUid,
    StudyDate: toDicomDate(study.studyDateTime),
    SeriesDate: toDicomDate(series.seriesDateTime),
    AcquisitionDate: toDicomDate(series.acquisitionDateTime),
    ContentDate: toDicomDate(series.seriesDateTime),
    StudyTime: toDicomTime(study.studyDateTime),
    SeriesTime: toDicomTime(series.seriesDateTime),
    AcquisitionTime: toDicomTime(series.acquisitionDateTime),
    ContentTime: toDicomTime(series.seriesDateTime),
    AccessionNumber: study.accessionNumber,
    Modality: args.modality,
    Manufacturer: 'cxcr4pet',
    ReferringPhysicianName: '',
    StudyDescription: study.description,
    SeriesDescription: series.description,
    ManufacturerModelName: 'digital phantom',
    PatientName: patient.name,
    PatientID: patient.id,
    PatientBirthDate: patient.birthDate,
    PatientSex: patient.sex,
    ...patientStudy,
    SliceThickness: formatDs(sk),
    SoftwareVersions: 'cxcr4pet 0.1',
    // PatientPosition only for CT: PET carries PatientOrientationCodeSequence instead, and the
    // two shall not both be present (PS3.3 C.7.3.1).
    ...(args.modality === 'CT' ? { PatientPosition: 'HFS' } : {}),
    BodyPartExamined: 'WHOLEBODY',
    StudyInstanceUID: study.studyInstanceUid,
    SeriesInstanceUID: series.seriesInstanceUid,
    StudyID: study.studyId,
    SeriesNumber: String(series.seriesNumber),
    AcquisitionNumber: '1',
    InstanceNumber: String(args.instanceNumber),
    ImagePositionPatient: position.map(formatDs),
    ImageOrientationPatient: [d[0], d[1], d[2], d[3], d[4], d[5]].map(formatDs),
    FrameOfReferenceUID: study.frameOfReferenceUid,
    PositionReferenceIndicator: '',
    SliceLocation: formatDs(sliceLocation),
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: ny,
    Columns: nx,
    // PixelSpacing is (row spacing = between rows, along j; column spacing = along i).
    PixelSpacing: [formatDs(sj), formatDs(si)],
    BitsAllocated: 16,
    BitsStored: 16,
    HighBit: 15,
    PixelRepresentation: 1,
  };
}

/** The values of slice k of a volume (i fastest, then j), a copy. */
export function sliceValues(data: Float32Array, grid: Grid, k: number): Float32Array {
  const size = grid.dims[0] * grid.dims[1];
  return data.slice(k * size, (k + 1) * size);
}
