/** Why an imaging measurement could not be made. Closed set: add a code when a new failure needs one. */
export type ImagingErrorCode =
  | 'invalid-segmentation'
  | 'invalid-parameter'
  | 'grid-mismatch'
  | 'outside-volume'
  | 'missing-reference'
  | 'empty-region';

/**
 * The one error class of the `imaging` room. `message` is a complete sentence for a human that names
 * the field concerned (a CLI option, a parameter, a reference VOI); `field` repeats it for programs.
 */
export class ImagingError extends Error {
  readonly code: ImagingErrorCode;
  readonly field: string | undefined;

  constructor(code: ImagingErrorCode, message: string, where: { field?: string } = {}) {
    super(message);
    this.name = 'ImagingError';
    this.code = code;
    this.field = where.field;
  }
}
