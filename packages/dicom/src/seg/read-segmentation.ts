import { type Grid, type LabelMap, lpsToIjk, type Mask } from '@cxcr4pet/volume';
import dcmjs from 'dcmjs';
import { DicomError } from '../errors.ts';
import type { CodedConcept } from '../write/radionuclides.ts';
import type { SegmentAlgorithm } from './types.ts';
import { SEGMENTATION_STORAGE } from './write-segmentation.ts';

/** One segment read back from a DICOM SEG, with its voxels on the grid it was read onto. */
export interface SegmentRead {
  /** SegmentNumber (1, 2, …). */
  readonly number: number;
  readonly label: string;
  readonly description: string | undefined;
  readonly category: CodedConcept;
  readonly type: CodedConcept;
  readonly algorithm: SegmentAlgorithm;
  readonly mask: Mask;
}

/** A naturalised (keyword-named) dcmjs dataset. */
type Natural = Readonly<Record<string, unknown>>;

/** Sequence items of a naturalised dataset (dcmjs gives one item as an object, several as an array). */
export function sequenceItems(dataset: Natural | undefined, keyword: string): readonly Natural[] {
  const value = dataset?.[keyword];
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]) as Natural[];
}

/** A coded concept from the first item of a code sequence. */
export function codeOf(dataset: Natural | undefined, keyword: string): CodedConcept {
  const item = sequenceItems(dataset, keyword)[0];
  return {
    codeValue: String(item?.CodeValue ?? ''),
    codingSchemeDesignator: String(item?.CodingSchemeDesignator ?? ''),
    codeMeaning: String(item?.CodeMeaning ?? ''),
  };
}

/** Parses a Part 10 file with dcmjs into a naturalised dataset; a file dcmjs cannot read is `not-dicom`. */
export function naturalise(bytes: Uint8Array, fileName: string): Natural {
  try {
    const file = dcmjs.data.DicomMessage.readFile(bytes.slice().buffer);
    return dcmjs.data.DicomMetaDictionary.naturalizeDataset(file.dict);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DicomError('not-dicom', `${fileName} is not a readable DICOM file: ${reason}`, {
      file: fileName,
    });
  }
}

function numbers(value: unknown): number[] {
  return (Array.isArray(value) ? value : [value]).map(Number);
}

/**
 * Reads a BINARY DICOM Segmentation onto `grid` (the grid of the PET volume it segments): each frame is
 * placed at the slice k of its ImagePositionPatient; rows, columns and orientation must be the grid's.
 * @throws DicomError 'invalid-attribute' (not a SEG, fractional, a frame off the grid or between slices).
 */
export function readSegmentation(bytes: Uint8Array, grid: Grid, fileName = 'SEG'): readonly SegmentRead[] {
  const dataset = naturalise(bytes, fileName);
  const bad = (attribute: string, reason: string): never => {
    throw new DicomError('invalid-attribute', `${fileName}: ${attribute} ${reason}`, {
      file: fileName,
      attribute,
    });
  };
  if (dataset.SOPClassUID !== SEGMENTATION_STORAGE)
    bad('SOPClassUID', `is ${String(dataset.SOPClassUID)}, not Segmentation Storage`);
  if (dataset.SegmentationType !== 'BINARY')
    bad('SegmentationType', `${String(dataset.SegmentationType)} is not read (BINARY only)`);
  const [nx, ny, nz] = grid.dims;
  if (Number(dataset.Rows) !== ny || Number(dataset.Columns) !== nx)
    bad(
      'Rows/Columns',
      `${String(dataset.Columns)}×${String(dataset.Rows)} differ from the PET's ${nx}×${ny}`,
    );
  const shared = sequenceItems(dataset, 'SharedFunctionalGroupsSequence')[0];
  const orientation = numbers(sequenceItems(shared, 'PlaneOrientationSequence')[0]?.ImageOrientationPatient);
  const d = grid.direction;
  if (orientation.length !== 6 || orientation.some((value, n) => Math.abs(value - (d[n] ?? 0)) > 1e-4))
    bad('ImageOrientationPatient', `(${orientation.join(', ')}) differs from the PET's`);
  const segments = sequenceItems(dataset, 'SegmentSequence').map((item) => ({
    number: Number(item.SegmentNumber),
    label: String(item.SegmentLabel ?? ''),
    description: item.SegmentDescription === undefined ? undefined : String(item.SegmentDescription),
    category: codeOf(item, 'SegmentedPropertyCategoryCodeSequence'),
    type: codeOf(item, 'SegmentedPropertyTypeCodeSequence'),
    algorithm: (item.SegmentAlgorithmType === 'MANUAL'
      ? { kind: 'MANUAL' }
      : {
          kind: item.SegmentAlgorithmType === 'SEMIAUTOMATIC' ? 'SEMIAUTOMATIC' : 'AUTOMATIC',
          name: String(item.SegmentAlgorithmName ?? ''),
        }) as SegmentAlgorithm,
    mask: new Uint8Array(nx * ny * nz),
  }));
  const byNumber = new Map(segments.map((segment) => [segment.number, segment]));
  const frames = sequenceItems(dataset, 'PerFrameFunctionalGroupsSequence');
  const pixelValue = (dataset.PixelData as unknown[] | undefined)?.[0];
  if (!(pixelValue instanceof ArrayBuffer)) bad('PixelData', 'is missing');
  const bits = dcmjs.data.BitArray.unpack(new Uint8Array(pixelValue as ArrayBuffer));
  const sliceSize = nx * ny;
  if (bits.length < frames.length * sliceSize)
    bad('PixelData', `holds ${bits.length} pixels for ${frames.length} frames of ${sliceSize}`);
  frames.forEach((frame, f) => {
    const number = Number(sequenceItems(frame, 'SegmentIdentificationSequence')[0]?.ReferencedSegmentNumber);
    const segment =
      byNumber.get(number) ?? bad('ReferencedSegmentNumber', `${number} of frame ${f + 1} names no segment`);
    const position = numbers(sequenceItems(frame, 'PlanePositionSequence')[0]?.ImagePositionPatient);
    const [i, j, kFloat] = lpsToIjk(grid, [
      position[0] ?? Number.NaN,
      position[1] ?? Number.NaN,
      position[2] ?? Number.NaN,
    ]);
    const k = Math.round(kFloat);
    if (!(Math.abs(i) < 1e-3 && Math.abs(j) < 1e-3 && Math.abs(kFloat - k) < 1e-3 && k >= 0 && k < nz))
      bad(
        'ImagePositionPatient',
        `of frame ${f + 1} (${position.join(', ')}) is not a slice of the PET grid`,
      );
    const offset = f * sliceSize;
    const target = k * sliceSize;
    for (let n = 0; n < sliceSize; n++) if (bits[offset + n]) segment.mask[target + n] = 1;
  });
  return segments;
}

/**
 * A label map of the given segments: voxel value = segment number where that segment holds the voxel
 * (where segments overlap, the later one in `segments` wins), 0 elsewhere.
 */
export function segmentLabelMap(segments: readonly SegmentRead[], voxelCount: number): LabelMap {
  const labels = new Int32Array(voxelCount);
  for (const segment of segments)
    for (let n = 0; n < voxelCount; n++) if (segment.mask[n]) labels[n] = segment.number;
  return labels;
}
