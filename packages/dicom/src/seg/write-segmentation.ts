import { type Grid, ijkToLps } from '@cxcr4pet/volume';
import dcmjs from 'dcmjs';
import { DicomError } from '../errors.ts';
import { type SourceSeries, studyModules } from '../read/source-series.ts';
import { formatDs, toDicomDate, toDicomTime } from '../write/dicom-values.ts';
import { encodeDataset } from '../write/encode.ts';
import type { DicomFile } from '../write/types.ts';
import { codeItem } from './segment-codes.ts';
import type { SegmentationInput, SegmentInput, SegmentRegion } from './types.ts';

/** Segmentation Storage (PS3.4 B.5). */
export const SEGMENTATION_STORAGE = '1.2.840.10008.5.1.4.1.1.66.4';

dcmjs.log.setLevel('error');

/**
 * Encodes segments of a PET volume as one DICOM Segmentation object (PS3.3 A.51, BINARY, one frame per
 * segment and slice the segment touches) with dcmjs's `Segmentation` derivation, which writes the
 * Segmentation Image, Multi-frame Functional Groups, Multi-frame Dimension and Common Instance Reference
 * modules and references each source PET slice (DerivationImageSequence). Pure: bytes out.
 * @throws DicomError 'write-failed' for no segments, a segment without voxels, or a region off the grid.
 */
export function writeSegmentation(input: SegmentationInput): DicomFile {
  const { grid, segments, series } = input;
  const [nx, ny, nz] = grid.dims;
  const name = 'SEG.dcm';
  if (segments.length === 0) fail('SegmentSequence', 'there is no segment to write (no lesion found?)');
  if (input.source.slices.length !== nz)
    fail('ReferencedSeriesSequence', `the source has ${input.source.slices.length} slices, the grid ${nz}`);
  const reference = referenceDataset(input.source, grid);
  const date = toDicomDate(series.contentDateTime);
  const time = toDicomTime(series.contentDateTime);
  const derivation = new dcmjs.derivations.Segmentation([reference], {
    includeSliceSpacing: true,
    Manufacturer: 'cxcr4pet',
    ManufacturerModelName: 'cxcr4pet',
    SeriesDescription: series.description,
    SeriesNumber: String(series.seriesNumber),
    SoftwareVersions: series.softwareVersion,
    DeviceSerialNumber: '1',
    SeriesDate: date,
    SeriesTime: time,
    ContentDate: date,
    ContentTime: time,
    SOPInstanceUID: series.sopInstanceUid,
    SeriesInstanceUID: series.seriesInstanceUid,
    ContentLabel: 'LESIONS',
    ContentDescription: 'Lesions and organ references',
    ContentCreatorName: '',
    ImageComments: 'Research use',
  });
  const sliceSize = nx * ny;
  const frames = segments.map((segment, n) => segmentSlices(segment.region, grid, segment.label, n + 1));
  const frameCount = frames.reduce((sum, slices) => sum + slices.length, 0);
  derivation.setNumberOfFrames(frameCount);
  segments.forEach((segment, n) => {
    const slices = frames[n] ?? [];
    const labelmaps = slices.map((k) => sliceMask(segment.region, k * sliceSize, sliceSize));
    derivation.addSegmentFromLabelmap(
      segmentItem(segment),
      labelmaps,
      1,
      slices.map((k) => k + 1),
    );
  });
  derivation.bitPackPixelData();
  const dataset = { ...derivation.dataset };
  delete dataset._meta;
  // dcmjs leaves these as the source's (a PET slice) or as numbers in strings; the SEG IOD wants its own.
  dataset._vrMap = { PixelData: 'OB' };
  dataset.SpecificCharacterSet = 'ISO_IR 100';
  dataset.BodyPartExamined = undefined;
  return { name, bytes: encodeDataset(name, stripUndefined(dataset)) };
}

function fail(attribute: string, reason: string): never {
  throw new DicomError('write-failed', `cannot write SEG: ${attribute}: ${reason}`, { attribute });
}

function stripUndefined(dataset: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(dataset).filter(([, value]) => value !== undefined));
}

function segmentItem(segment: SegmentInput): Record<string, unknown> {
  return {
    SegmentLabel: segment.label,
    ...(segment.description === undefined ? {} : { SegmentDescription: segment.description }),
    SegmentedPropertyCategoryCodeSequence: [codeItem(segment.category)],
    SegmentedPropertyTypeCodeSequence: [codeItem(segment.type)],
    SegmentAlgorithmType: segment.algorithm.kind,
    ...(segment.algorithm.kind === 'MANUAL' ? {} : { SegmentAlgorithmName: segment.algorithm.name }),
  };
}

function inRegion(region: SegmentRegion, index: number): boolean {
  return region.kind === 'label' ? region.labels[index] === region.value : region.mask[index] !== 0;
}

/** The slices k (ascending) that hold at least one voxel of the region. */
function segmentSlices(region: SegmentRegion, grid: Grid, label: string, number: number): number[] {
  const [nx, ny, nz] = grid.dims;
  const size = nx * ny * nz;
  const data = region.kind === 'label' ? region.labels : region.mask;
  if (data.length !== size)
    fail('SegmentSequence', `segment ${number} (${label}) has ${data.length} voxels, the grid ${size}`);
  const sliceSize = nx * ny;
  const slices: number[] = [];
  for (let k = 0; k < nz; k++) {
    for (let n = k * sliceSize; n < (k + 1) * sliceSize; n++) {
      if (inRegion(region, n)) {
        slices.push(k);
        break;
      }
    }
  }
  if (slices.length === 0) fail('SegmentSequence', `segment ${number} (${label}) holds no voxel`);
  return slices;
}

function sliceMask(region: SegmentRegion, offset: number, size: number): Uint8Array {
  const mask = new Uint8Array(size);
  for (let n = 0; n < size; n++) if (inRegion(region, offset + n)) mask[n] = 1;
  return mask;
}

/**
 * The source series as the "normalised multi-frame" dataset dcmjs derives a SEG from: study and patient
 * attributes, the plane of each slice (PlanePositionSequence per frame) and the referenced slice instances.
 */
function referenceDataset(source: SourceSeries, grid: Grid): Record<string, unknown> {
  const [nx, ny, nz] = grid.dims;
  const [si, sj, sk] = grid.spacingMm;
  const d = grid.direction;
  return {
    SOPClassUID: source.slices[0]?.sopClassUid ?? '',
    Modality: source.modality,
    ...studyModules(source.study),
    SeriesInstanceUID: source.seriesInstanceUid,
    FrameOfReferenceUID: source.frameOfReferenceUid,
    PositionReferenceIndicator: '',
    NumberOfFrames: nz,
    Rows: ny,
    Columns: nx,
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    BitsStored: 1,
    HighBit: 0,
    SharedFunctionalGroupsSequence: {
      PlaneOrientationSequence: {
        ImageOrientationPatient: [d[0], d[1], d[2], d[3], d[4], d[5]].map(formatDs),
      },
      PixelMeasuresSequence: {
        PixelSpacing: [formatDs(sj), formatDs(si)],
        SliceThickness: formatDs(sk),
        SpacingBetweenSlices: formatDs(sk),
      },
    },
    PerFrameFunctionalGroupsSequence: Array.from({ length: nz }, (_, k) => ({
      PlanePositionSequence: { ImagePositionPatient: ijkToLps(grid, [0, 0, k]).map(formatDs) },
    })),
    ReferencedSeriesSequence: {
      SeriesInstanceUID: source.seriesInstanceUid,
      ReferencedInstanceSequence: source.slices.map((slice) => ({
        ReferencedSOPClassUID: slice.sopClassUid,
        ReferencedSOPInstanceUID: slice.sopInstanceUid,
      })),
    },
    PixelData: new ArrayBuffer(0),
    _vrMap: {},
    _meta: {},
  };
}
