/** Why a DICOM input could not be used. Closed set: add a code here when a new failure needs one. */
export type DicomErrorCode =
  | 'not-dicom'
  | 'truncated'
  | 'unsupported-transfer-syntax'
  | 'unsupported-image'
  | 'no-pet-series'
  | 'several-pet-series'
  | 'series-not-found'
  | 'inconsistent-series'
  | 'missing-attribute'
  | 'invalid-attribute'
  | 'empty-folder'
  | 'folder-not-found'
  | 'write-failed';

/**
 * The one error class of the `dicom` room. `message` is a complete sentence for a human and names
 * the file and/or the attribute concerned; `file` and `attribute` repeat them for programs.
 */
export class DicomError extends Error {
  readonly code: DicomErrorCode;
  readonly file: string | undefined;
  readonly attribute: string | undefined;

  constructor(code: DicomErrorCode, message: string, where: { file?: string; attribute?: string } = {}) {
    super(message);
    this.name = 'DicomError';
    this.code = code;
    this.file = where.file;
    this.attribute = where.attribute;
  }
}
