/** Why a CSV table could not be used by `cxcr4pet stats`. */
export type CsvErrorCode =
  | 'csv-unreadable'
  | 'csv-malformed'
  | 'csv-unknown-column'
  | 'csv-not-a-number'
  | 'csv-bad-value'
  | 'csv-too-few-rows';

/**
 * A bad CSV input. The message names the file and, where one is at fault, the column and the
 * line (1-based, the header being line 1), so the user can open the file and find it.
 */
export class CsvError extends Error {
  readonly code: CsvErrorCode;
  readonly file: string;
  readonly column: string | undefined;
  readonly line: number | undefined;

  constructor(code: CsvErrorCode, message: string, where: { file: string; column?: string; line?: number }) {
    super(message);
    this.name = 'CsvError';
    this.code = code;
    this.file = where.file;
    this.column = where.column;
    this.line = where.line;
  }
}
