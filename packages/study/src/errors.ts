/** Why study data could not be used. Closed set: add a code here when a new failure needs one. */
export type StudyErrorCode =
  | 'invalid-record'
  | 'invalid-date'
  | 'time-order'
  | 'invalid-value'
  | 'participant-mismatch';

/**
 * The one error class of the `study` room. `message` is a complete one-line sentence that names the
 * record and field concerned; `record` and `field` repeat them for programs (the server maps them to a
 * JSON error, the CLI prints the message).
 */
export class StudyError extends Error {
  readonly code: StudyErrorCode;
  readonly record: string | undefined;
  readonly field: string | undefined;

  constructor(code: StudyErrorCode, message: string, where: { record?: string; field?: string } = {}) {
    super(message);
    this.name = 'StudyError';
    this.code = code;
    this.record = where.record;
    this.field = where.field;
  }
}
