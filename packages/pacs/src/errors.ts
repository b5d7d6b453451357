/** Why a PACS operation failed. Closed set: add a code when a new failure needs one. */
export type PacsErrorCode =
  | 'unreachable'
  | 'http-status'
  | 'bad-response'
  | 'association-rejected'
  | 'dimse-status'
  | 'not-found'
  | 'invalid-option';

/** The one error class of the `pacs` room: a one-line message naming the node, URL or file concerned. */
export class PacsError extends Error {
  readonly code: PacsErrorCode;
  constructor(code: PacsErrorCode, message: string) {
    super(message);
    this.name = 'PacsError';
    this.code = code;
  }
}
