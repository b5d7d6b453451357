/** Why a storage operation was refused. Closed set: add a code when a new failure needs one. */
export type StoreErrorCode =
  | 'folder-not-found'
  | 'no-dicom'
  | 'not-dicom'
  | 'participant-not-found'
  | 'sop-conflict'
  | 'participant-conflict'
  | 'file-changed'
  | 'blob-missing'
  | 'blob-corrupt'
  | 'series-not-found'
  | 'data-dir-locked'
  | 'job-not-found'
  | 'job-finished'
  | 'lease-lost'
  | 'export-target'
  | 'secret-key';

/**
 * The one error class of the `store` room: a `code` and a one-line message naming the file, UID or
 * job concerned (`subject` repeats it for programs).
 */
export class StoreError extends Error {
  readonly code: StoreErrorCode;
  readonly subject: string | undefined;

  constructor(code: StoreErrorCode, message: string, subject?: string) {
    super(message);
    this.name = 'StoreError';
    this.code = code;
    this.subject = subject;
  }
}
