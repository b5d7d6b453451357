import dcmjs, { type DcmjsDict } from 'dcmjs';
import { DicomError } from '../errors.ts';
import { deriveUid } from './uid.ts';

/** Explicit VR Little Endian, the transfer syntax every file written here uses. */
export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

/** Identifies this writer in the file meta header (0002,0012/0013). */
const IMPLEMENTATION_CLASS_UID = deriveUid('cxcr4pet', 'dicom-writer', 1);
const IMPLEMENTATION_VERSION_NAME = 'CXCR4PET_0_1';

/**
 * Encodes one dataset, named by DICOM keywords, as a Part 10 file with dcmjs. `privateElements`
 * are added as they are (tag-keyed, e.g. `{ '70531000': { vr: 'DS', Value: ['1.5'] } }`), since
 * dcmjs's keyword dictionary has no private tags. dcmjs failures become DicomError 'write-failed'
 * naming `what` (e.g. the file name), never a raw stack.
 */
export function encodeDataset(
  what: string,
  dataset: Readonly<Record<string, unknown>>,
  privateElements: DcmjsDict = {},
): Uint8Array {
  const sopClassUid = dataset.SOPClassUID;
  const sopInstanceUid = dataset.SOPInstanceUID;
  if (typeof sopClassUid !== 'string' || typeof sopInstanceUid !== 'string') {
    throw new DicomError(
      'write-failed',
      `cannot write ${what}: SOPClassUID and SOPInstanceUID are required`,
      {
        file: what,
        attribute: 'SOPInstanceUID',
      },
    );
  }
  try {
    const { DicomDict, DicomMetaDictionary } = dcmjs.data;
    const meta = DicomMetaDictionary.denaturalizeDataset({
      FileMetaInformationVersion: Uint8Array.of(0, 1).buffer,
      MediaStorageSOPClassUID: sopClassUid,
      MediaStorageSOPInstanceUID: sopInstanceUid,
      TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
      ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
      ImplementationVersionName: IMPLEMENTATION_VERSION_NAME,
    });
    const dict = new DicomDict(meta);
    dict.dict = { ...DicomMetaDictionary.denaturalizeDataset({ ...dataset }), ...privateElements };
    return new Uint8Array(dict.write());
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DicomError('write-failed', `cannot write ${what}: ${reason}`, { file: what });
  }
}
