/** Why the server refused a request, beyond the db and study rooms' own codes. Closed set. */
export type ApiErrorCode =
  | 'unauthenticated'
  | 'invalid-credentials'
  | 'account-locked'
  | 'csrf'
  | 'forbidden'
  | 'not-found'
  | 'invalid-request'
  | 'participant-mismatch'
  | 'missing-record'
  | 'rate-limited'
  | 'too-large'
  | 'unavailable'
  | 'internal';

/**
 * The server room's one error class: an HTTP status, a `code` for programs and a one-line message for
 * people that names the field (when there is one). The error handler sends it as `{ code, message, field }`.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly field: string | undefined;

  constructor(status: number, code: ApiErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
  }
}
