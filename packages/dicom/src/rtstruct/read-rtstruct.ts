import { DicomError } from '../errors.ts';
import { decimal, text } from '../read/data-set-values.ts';
import { parsePart10, type RawDataSet } from '../read/parse-part10.ts';

/** SOP Class UID of the RT Structure Set Storage (PS3.4 B.5). */
export const RT_STRUCTURE_SET_STORAGE = '1.2.840.10008.5.1.4.1.1.481.3';

const TAG = {
  SOPClassUID: 'x00080016',
  Modality: 'x00080060',
  FrameOfReferenceUID: 'x00200052',
  ReferencedFrameOfReferenceSequence: 'x30060010',
  StructureSetROISequence: 'x30060020',
  ROINumber: 'x30060022',
  ReferencedFrameOfReferenceUID: 'x30060024',
  ROIName: 'x30060026',
  ROIContourSequence: 'x30060039',
  ContourSequence: 'x30060040',
  ContourGeometricType: 'x30060042',
  NumberOfContourPoints: 'x30060046',
  ContourData: 'x30060050',
  ReferencedROINumber: 'x30060084',
} as const;

/** One contour of an ROI: its geometric type and its points in patient LPS mm, x y z after each other. */
export interface RtContour {
  /** ContourGeometricType (3006,0042): CLOSED_PLANAR, OPEN_PLANAR, OPEN_NONPLANAR or POINT. */
  readonly geometricType: string;
  readonly pointsLps: Float64Array;
}

/** One ROI of a structure set: its number, name and contours. */
export interface RtRoi {
  readonly number: number;
  readonly name: string;
  readonly frameOfReferenceUid: string | undefined;
  readonly contours: readonly RtContour[];
}

/** What cxcr4pet uses of an RT Structure Set. */
export interface RtStructureSet {
  readonly frameOfReferenceUid: string | undefined;
  readonly rois: readonly RtRoi[];
}

function items(dataSet: RawDataSet, tag: string): RawDataSet[] {
  return (dataSet.elements[tag]?.items ?? []).flatMap((item) =>
    item.dataSet === undefined ? [] : [item.dataSet],
  );
}

/**
 * Reads the ROIs and their contours from the bytes of an RT Structure Set (RTSTRUCT) file, with
 * dicom-parser as the rest of the reader does. Pure: bytes in, data out. Throws `DicomError` naming
 * `fileName`: `not-dicom`/`truncated` (see `parsePart10`), `invalid-attribute` when the file is not an
 * RTSTRUCT, when a contour's ContourData is not 3 × NumberOfContourPoints numbers, or when an ROI
 * Contour refers to an ROI number the Structure Set ROI Sequence lacks.
 * @see DICOM PS3.3 C.8.8.5 (Structure Set), C.8.8.6 (ROI Contour)
 */
export function readRtStruct(bytes: Uint8Array, fileName: string): RtStructureSet {
  const dataSet = parsePart10(bytes, fileName);
  const sopClass = text(dataSet, TAG.SOPClassUID);
  const modality = text(dataSet, TAG.Modality);
  if (sopClass !== RT_STRUCTURE_SET_STORAGE && modality !== 'RTSTRUCT') {
    throw new DicomError(
      'invalid-attribute',
      `${fileName} is not an RT Structure Set (SOPClassUID ${sopClass ?? 'missing'}, Modality ${modality ?? 'missing'}).`,
      { file: fileName, attribute: 'SOPClassUID' },
    );
  }
  const invalid = (attribute: string, reason: string): never => {
    throw new DicomError('invalid-attribute', `${fileName}: ${attribute} ${reason}.`, {
      file: fileName,
      attribute,
    });
  };
  const frame = items(dataSet, TAG.ReferencedFrameOfReferenceSequence)[0];
  const frameOfReferenceUid =
    (frame === undefined ? undefined : text(frame, TAG.FrameOfReferenceUID)) ??
    text(dataSet, TAG.FrameOfReferenceUID);
  const names = new Map<number, { name: string; frameOfReferenceUid: string | undefined }>();
  for (const roi of items(dataSet, TAG.StructureSetROISequence)) {
    const number = decimal(roi, TAG.ROINumber);
    if (number === undefined) invalid('ROINumber', 'is missing from a Structure Set ROI Sequence item');
    names.set(number as number, {
      name: text(roi, TAG.ROIName) ?? `ROI ${number}`,
      frameOfReferenceUid: text(roi, TAG.ReferencedFrameOfReferenceUID) ?? frameOfReferenceUid,
    });
  }
  const rois: RtRoi[] = [];
  for (const roiContour of items(dataSet, TAG.ROIContourSequence)) {
    const number = decimal(roiContour, TAG.ReferencedROINumber);
    const named = number === undefined ? undefined : names.get(number);
    if (number === undefined || named === undefined)
      invalid('ReferencedROINumber', `${number ?? 'missing'} names no ROI of the Structure Set ROI Sequence`);
    const contours = items(roiContour, TAG.ContourSequence).map((contour, n): RtContour => {
      const data = (contour.string(TAG.ContourData) ?? '').split('\\').map((part) => Number(part.trim()));
      const count = decimal(contour, TAG.NumberOfContourPoints) ?? data.length / 3;
      if (data.length !== 3 * count || data.length === 0 || !data.every(Number.isFinite))
        invalid(
          'ContourData',
          `of ROI ${number} contour ${n + 1} holds ${data.length} values, not 3 × ${count} numbers`,
        );
      return {
        geometricType: text(contour, TAG.ContourGeometricType) ?? 'CLOSED_PLANAR',
        pointsLps: Float64Array.from(data),
      };
    });
    rois.push({
      number: number as number,
      name: (named as { name: string }).name,
      frameOfReferenceUid: (named as { frameOfReferenceUid: string | undefined }).frameOfReferenceUid,
      contours,
    });
  }
  return { frameOfReferenceUid, rois };
}
