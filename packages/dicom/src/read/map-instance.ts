import type { Vec3 } from '@cxcr4pet/volume';
import dicomParser from 'dicom-parser';
import { DicomError } from '../errors.ts';
import { combineDaTmS, parseDaS, parseDtS, parseTmS } from '../suv/dicom-time.ts';
import {
  decimal,
  decimals,
  firstItem,
  type PrivateCreator,
  privateBlocks,
  text,
  texts,
  uint16,
} from './data-set-values.ts';
import type {
  DicomInstance,
  ImagePlane,
  PetInstanceFacts,
  PixelData,
  PixelReader,
  StudyIdentity,
} from './dicom-instance.ts';
import { type HeaderTemplate, headerTemplate, parseWithTemplate } from './header-template.ts';
import { parsePart10, parsePart10Header, type RawDataSet } from './parse-part10.ts';

/*
 * The one place where DICOM attributes are named. Each tag is written with its keyword
 * (PS3.6) so a reader can check it; nothing outside this file and data-set-values.ts reads tags.
 */
const TAG = {
  TransferSyntaxUID: 'x00020010',
  SOPClassUID: 'x00080016',
  SOPInstanceUID: 'x00080018',
  StudyDate: 'x00080020',
  StudyTime: 'x00080030',
  AccessionNumber: 'x00080050',
  ReferringPhysicianName: 'x00080090',
  PatientName: 'x00100010',
  PatientID: 'x00100020',
  PatientBirthDate: 'x00100030',
  StudyInstanceUID: 'x0020000d',
  StudyID: 'x00200010',
  SeriesDate: 'x00080021',
  AcquisitionDate: 'x00080022',
  AcquisitionDateTime: 'x0008002a',
  SeriesTime: 'x00080031',
  AcquisitionTime: 'x00080032',
  Modality: 'x00080060',
  SeriesDescription: 'x0008103e',
  CodeValue: 'x00080100',
  CodeMeaning: 'x00080104',
  PatientSex: 'x00100040',
  PatientSize: 'x00101020',
  PatientWeight: 'x00101030',
  Radiopharmaceutical: 'x00180031',
  SliceThickness: 'x00180050',
  RadiopharmaceuticalStartTime: 'x00181072',
  RadionuclideTotalDose: 'x00181074',
  RadionuclideHalfLife: 'x00181075',
  RadiopharmaceuticalStartDateTime: 'x00181078',
  ActualFrameDuration: 'x00181242',
  SeriesInstanceUID: 'x0020000e',
  ImagePositionPatient: 'x00200032',
  ImageOrientationPatient: 'x00200037',
  FrameOfReferenceUID: 'x00200052',
  SamplesPerPixel: 'x00280002',
  PhotometricInterpretation: 'x00280004',
  NumberOfFrames: 'x00280008',
  Rows: 'x00280010',
  Columns: 'x00280011',
  PixelSpacing: 'x00280030',
  CorrectedImage: 'x00280051',
  BitsAllocated: 'x00280100',
  BitsStored: 'x00280101',
  PixelRepresentation: 'x00280103',
  RescaleIntercept: 'x00281052',
  RescaleSlope: 'x00281053',
  RadiopharmaceuticalInformationSequence: 'x00540016',
  RadionuclideCodeSequence: 'x00540300',
  Units: 'x00541001',
  SUVType: 'x00541006',
  DecayCorrection: 'x00541102',
  PixelData: 'x7fe00010',
} as const;

/**
 * The private blocks read, looked up together in one pass: GE (0009,xx0D) "post-injection date-time",
 * creator GEMS_PETD_01, as used by calculate-suv; Philips (7053,xx00) SUV scale factor and (7053,xx09)
 * activity concentration scale factor.
 */
const PRIVATE_CREATORS: readonly PrivateCreator[] = [
  { group: '0009', creator: 'GEMS_PETD_01' },
  { group: '7053', creator: 'Philips PET Private Group' },
];

function vec3(values: readonly number[] | undefined): Vec3 | undefined {
  if (values === undefined || values.length < 3) return undefined;
  const [x = 0, y = 0, z = 0] = values;
  return [x, y, z];
}

function orientation(values: readonly number[] | undefined): ImagePlane['orientation'] {
  if (values === undefined || values.length < 6) return undefined;
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = values;
  return [a, b, c, d, e, f];
}

function pixelData(
  dataSet: RawDataSet,
  fileName: string,
  numberOfFrames: number,
  readPixels: PixelReader | undefined,
): PixelData | undefined {
  const element = dataSet.elements[TAG.PixelData];
  if (element === undefined) return undefined;
  if (readPixels !== undefined)
    return { kind: 'deferred', fileOffset: element.dataOffset, byteLength: element.length, read: readPixels };
  if (!element.encapsulatedPixelData) {
    const bytes = dataSet.byteArray;
    return {
      kind: 'native',
      bytes: new Uint8Array(bytes.buffer, bytes.byteOffset + element.dataOffset, element.length),
    };
  }
  const fragments = element.fragments ?? [];
  if (numberOfFrames === 1)
    return {
      kind: 'encapsulated',
      frames: [dicomParser.readEncapsulatedPixelDataFromFragments(dataSet, element, 0, fragments.length)],
    };
  const frames: Uint8Array[] = [];
  const offsets = element.basicOffsetTable ?? [];
  for (let frame = 0; frame < numberOfFrames; frame++) {
    if (offsets.length === numberOfFrames)
      frames.push(dicomParser.readEncapsulatedImageFrame(dataSet, element, frame));
    else if (fragments.length === numberOfFrames)
      frames.push(dicomParser.readEncapsulatedPixelDataFromFragments(dataSet, element, frame, 1));
    else
      throw new DicomError(
        'unsupported-transfer-syntax',
        `${fileName}: cannot split ${fragments.length} compressed fragments into ${numberOfFrames} frames (no basic offset table)`,
        { file: fileName, attribute: 'PixelData' },
      );
  }
  return { kind: 'encapsulated', frames };
}

function imagePlane(
  dataSet: RawDataSet,
  fileName: string,
  readPixels: PixelReader | undefined,
): ImagePlane | undefined {
  const rows = uint16(dataSet, TAG.Rows);
  const columns = uint16(dataSet, TAG.Columns);
  if (rows === undefined || columns === undefined) return undefined;
  const numberOfFrames = decimal(dataSet, TAG.NumberOfFrames) ?? 1;
  const pixels = pixelData(dataSet, fileName, numberOfFrames, readPixels);
  if (pixels === undefined)
    throw new DicomError(
      'truncated',
      `${fileName} describes a ${columns}×${rows} image but has no Pixel Data (truncated?)`,
      {
        file: fileName,
        attribute: 'PixelData',
      },
    );
  const spacing = decimals(dataSet, TAG.PixelSpacing);
  const bitsAllocated = uint16(dataSet, TAG.BitsAllocated) ?? 16;
  return {
    rows,
    columns,
    numberOfFrames,
    rowSpacingMm: spacing?.[0],
    columnSpacingMm: spacing?.[1] ?? spacing?.[0],
    sliceThicknessMm: decimal(dataSet, TAG.SliceThickness),
    positionMm: vec3(decimals(dataSet, TAG.ImagePositionPatient)),
    orientation: orientation(decimals(dataSet, TAG.ImageOrientationPatient)),
    rescaleSlope: decimal(dataSet, TAG.RescaleSlope) ?? 1,
    rescaleIntercept: decimal(dataSet, TAG.RescaleIntercept) ?? 0,
    bitsAllocated,
    bitsStored: uint16(dataSet, TAG.BitsStored) ?? bitsAllocated,
    pixelRepresentation: uint16(dataSet, TAG.PixelRepresentation) ?? 0,
    samplesPerPixel: uint16(dataSet, TAG.SamplesPerPixel) ?? 1,
    photometricInterpretation: text(dataSet, TAG.PhotometricInterpretation) ?? 'MONOCHROME2',
    pixelData: pixels,
  };
}

function positive(value: number | undefined): number | undefined {
  return value !== undefined && value > 0 ? value : undefined;
}

function privateDecimal(dataSet: RawDataSet, tag: string | undefined): number | undefined {
  return tag === undefined ? undefined : positive(decimal(dataSet, tag));
}

function petFacts(dataSet: RawDataSet): PetInstanceFacts {
  const drug = firstItem(dataSet, TAG.RadiopharmaceuticalInformationSequence);
  const nuclide = drug === undefined ? undefined : firstItem(drug, TAG.RadionuclideCodeSequence);
  const seriesDate = text(dataSet, TAG.SeriesDate);
  const seriesTime = text(dataSet, TAG.SeriesTime);
  const acquisitionDate = text(dataSet, TAG.AcquisitionDate) ?? seriesDate;
  const acquisitionTime = text(dataSet, TAG.AcquisitionTime);
  const acquisitionDateTime = text(dataSet, TAG.AcquisitionDateTime);
  const [geBlock, philipsBlock] = privateBlocks(dataSet, PRIVATE_CREATORS);
  const geTag = geBlock === undefined ? undefined : `x0009${geBlock}0d`;
  const philips = (element: string): string | undefined =>
    philipsBlock === undefined ? undefined : `x7053${philipsBlock}${element}`;
  const geText = geTag === undefined ? undefined : text(dataSet, geTag);
  const startDateTime = drug === undefined ? undefined : text(drug, TAG.RadiopharmaceuticalStartDateTime);
  const startTime = drug === undefined ? undefined : text(drug, TAG.RadiopharmaceuticalStartTime);
  const sex = text(dataSet, TAG.PatientSex)?.toUpperCase();
  return {
    hasRadiopharmaceuticalInformation: drug !== undefined,
    units: text(dataSet, TAG.Units)?.toUpperCase(),
    decayCorrection: text(dataSet, TAG.DecayCorrection)?.toUpperCase(),
    correctedImage: texts(dataSet, TAG.CorrectedImage).map((value) => value.toUpperCase()),
    suvType: text(dataSet, TAG.SUVType)?.toUpperCase(),
    radiopharmaceutical: drug === undefined ? undefined : text(drug, TAG.Radiopharmaceutical),
    radionuclideText: nuclide === undefined ? undefined : text(nuclide, TAG.CodeMeaning),
    radionuclideCode: nuclide === undefined ? undefined : text(nuclide, TAG.CodeValue),
    injectedActivityBq: drug === undefined ? undefined : positive(decimal(drug, TAG.RadionuclideTotalDose)),
    halfLifeS: drug === undefined ? undefined : positive(decimal(drug, TAG.RadionuclideHalfLife)),
    injectionDateTimeS: startDateTime === undefined ? undefined : parseDtS(startDateTime),
    injectionTimeOfDayS: startTime === undefined ? undefined : parseTmS(startTime),
    weightKg: positive(decimal(dataSet, TAG.PatientWeight)),
    heightM: positive(decimal(dataSet, TAG.PatientSize)),
    sex,
    seriesDateTimeS:
      seriesDate === undefined || seriesTime === undefined ? undefined : combineDaTmS(seriesDate, seriesTime),
    seriesDateS: seriesDate === undefined ? undefined : parseDaS(seriesDate),
    acquisitionDateTimeS:
      acquisitionDate !== undefined && acquisitionTime !== undefined
        ? combineDaTmS(acquisitionDate, acquisitionTime)
        : acquisitionDateTime === undefined
          ? undefined
          : parseDtS(acquisitionDateTime),
    frameDurationMs: positive(decimal(dataSet, TAG.ActualFrameDuration)),
    gePostInjectionDateTimeS: geText === undefined ? undefined : parseDtS(geText),
    philipsSuvScaleFactor: privateDecimal(dataSet, philips('00')),
    philipsActivityScaleFactor: privateDecimal(dataSet, philips('09')),
  };
}

function studyIdentity(dataSet: RawDataSet): StudyIdentity {
  const value = (tag: string): string => text(dataSet, tag) ?? '';
  return {
    patientName: value(TAG.PatientName),
    patientId: value(TAG.PatientID),
    patientBirthDate: value(TAG.PatientBirthDate),
    patientSex: value(TAG.PatientSex),
    studyInstanceUid: value(TAG.StudyInstanceUID),
    studyDate: value(TAG.StudyDate),
    studyTime: value(TAG.StudyTime),
    studyId: value(TAG.StudyID),
    accessionNumber: value(TAG.AccessionNumber),
    referringPhysicianName: value(TAG.ReferringPhysicianName),
  };
}

/**
 * Maps a parsed data set to the typed instance. `fileName` is only used in messages. With `readPixels`
 * the pixel data is left in the file ('deferred'), to be fetched through it.
 */
export function mapInstance(dataSet: RawDataSet, fileName: string, readPixels?: PixelReader): DicomInstance {
  const modality = text(dataSet, TAG.Modality)?.toUpperCase() ?? '';
  return {
    fileName,
    sopClassUid: text(dataSet, TAG.SOPClassUID) ?? '',
    sopInstanceUid: text(dataSet, TAG.SOPInstanceUID) ?? '',
    transferSyntaxUid: text(dataSet, TAG.TransferSyntaxUID) ?? '1.2.840.10008.1.2',
    modality,
    seriesInstanceUid: text(dataSet, TAG.SeriesInstanceUID) ?? '',
    seriesDescription: text(dataSet, TAG.SeriesDescription) ?? '',
    frameOfReferenceUid: text(dataSet, TAG.FrameOfReferenceUID),
    study: studyIdentity(dataSet),
    image: imagePlane(dataSet, fileName, readPixels),
    pet: modality === 'PT' ? petFacts(dataSet) : undefined,
  };
}

/**
 * Parses one DICOM Part 10 file into a typed `DicomInstance`. Pure: bytes in, data out; the
 * instance's pixel data is a view on `bytes` (not copied). Throws `DicomError` (`not-dicom`,
 * `truncated`) naming `fileName`.
 */
export function readDicomInstance(bytes: Uint8Array, fileName: string): DicomInstance {
  return mapInstance(parsePart10(bytes, fileName), fileName);
}

/** Transfer syntaxes whose pixel bytes can be read straight from the file: native little endian. */
const DEFERRABLE = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1']);

/**
 * Parses the start of one DICOM Part 10 file (`head`, the first bytes of a file of `fileSizeBytes`) up
 * to its Pixel Data element, and returns the instance with its pixel data deferred to `readPixels`:
 * a reader then never holds the whole series' file bytes, and each slice's pixels are read into one
 * small reused buffer while the volume is built. Pure: the edge reads the bytes.
 *
 * Returns `undefined` when the head is not enough to decide, and the caller must read the whole file
 * with `readDicomInstance` (which also gives every error its usual message): the header goes past
 * `head`, the file is shorter than its pixel data needs (truncated), the pixel data is compressed,
 * big-endian, deflated or multi-frame, or the bytes do not parse.
 */
export function readDicomHeader(
  head: Uint8Array,
  fileName: string,
  fileSizeBytes: number,
  readPixels: PixelReader,
): DicomInstance | undefined {
  const dataSet = parsePart10Header(head, TAG.PixelData);
  return dataSet !== undefined && deferrable(dataSet, fileSizeBytes)
    ? mapInstance(dataSet, fileName, readPixels)
    : undefined;
}

/** Whether a head parsed up to Pixel Data can leave its pixels in the file (see `readDicomHeader`). */
function deferrable(dataSet: RawDataSet, fileSizeBytes: number): boolean {
  const element = dataSet.elements[TAG.PixelData];
  if (element === undefined || element.encapsulatedPixelData) return false;
  if (element.dataOffset + element.length > fileSizeBytes) return false;
  const transferSyntax = text(dataSet, TAG.TransferSyntaxUID) ?? '1.2.840.10008.1.2';
  if (!DEFERRABLE.has(transferSyntax)) return false;
  return (decimal(dataSet, TAG.NumberOfFrames) ?? 1) === 1;
}

/** `readDicomHeader` for the files of a folder one after another, remembering their layouts. */
export type HeaderReader = (
  head: Uint8Array,
  fileName: string,
  fileSizeBytes: number,
  readPixels: PixelReader,
) => DicomInstance | undefined;

/** Layouts remembered by a `HeaderReader`: a folder's PET and CT series, and a few variants of each. */
const TEMPLATES_KEPT = 4;

/**
 * A `readDicomHeader` that parses each head against the layouts of the heads before it (series templates,
 * `header-template.ts`): the same instances, with ≈ 1/10 of dicom-parser's work for the slices of a series
 * after the first. A head that follows none of the remembered layouts is parsed by dicom-parser, and its
 * layout is remembered. Stateful: make one per folder read.
 */
export function seriesHeaderReader(): HeaderReader {
  const templates: HeaderTemplate[] = [];
  return (head, fileName, fileSizeBytes, readPixels) => {
    let dataSet: RawDataSet | undefined;
    for (let n = 0; n < templates.length && dataSet === undefined; n++) {
      const template = templates[n] as HeaderTemplate;
      dataSet = parseWithTemplate(template, head);
      if (dataSet !== undefined && n > 0) {
        templates.splice(n, 1);
        templates.unshift(template);
      }
    }
    if (dataSet === undefined) {
      dataSet = parsePart10Header(head, TAG.PixelData);
      if (dataSet === undefined || !deferrable(dataSet, fileSizeBytes)) return undefined;
      const template = headerTemplate(dataSet);
      if (template !== undefined) {
        templates.unshift(template);
        templates.length = Math.min(templates.length, TEMPLATES_KEPT);
      }
    } else if (!deferrable(dataSet, fileSizeBytes)) return undefined;
    return mapInstance(dataSet, fileName, readPixels);
  };
}
