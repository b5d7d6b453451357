/** Why a statistical computation refused its input. Closed set: add a code when a new failure needs one. */
export type StatsErrorCode =
  | 'empty-input'
  | 'length-mismatch'
  | 'invalid-value'
  | 'too-few-observations'
  | 'no-events'
  | 'single-group'
  | 'singular-matrix'
  | 'not-converged'
  | 'monotone-likelihood';

/**
 * The one error class of the `stats` room. `message` is a complete sentence naming the field
 * (argument or column) concerned; `field` repeats it for programs, `index` is the 0-based
 * observation when one observation is at fault.
 */
export class StatsError extends Error {
  readonly code: StatsErrorCode;
  readonly field: string | undefined;
  readonly index: number | undefined;

  constructor(code: StatsErrorCode, message: string, where: { field?: string; index?: number } = {}) {
    super(message);
    this.name = 'StatsError';
    this.code = code;
    this.field = where.field;
    this.index = where.index;
  }
}
