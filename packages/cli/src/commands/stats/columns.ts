import type { CsvTable } from './csv.ts';
import { CsvError } from './csv-error.ts';

/** Cell texts read as missing (R's read.csv NA plus the usual spreadsheet spellings). */
const MISSING = new Set(['', 'NA', 'NaN', 'N/A', 'na', 'n/a', '.']);

/** The rows kept for an analysis: complete on every used column. */
export interface Selection {
  readonly table: CsvTable;
  readonly rows: readonly number[];
  /** Rows dropped for a missing value in a used column. */
  readonly dropped: number;
}

function columnIndex(table: CsvTable, column: string): number {
  const index = table.header.indexOf(column);
  if (index < 0)
    throw new CsvError(
      'csv-unknown-column',
      `${table.file}: no column '${column}' (columns: ${table.header.join(', ')}).`,
      { file: table.file, column },
    );
  return index;
}

function cell(table: CsvTable, row: number, index: number): string {
  return (table.records[row]?.cells[index] ?? '').trim();
}

/** Keeps the rows with a value in every one of `columns`; unknown columns are an error. */
export function selectComplete(table: CsvTable, columns: readonly string[]): Selection {
  const indices = columns.map((c) => columnIndex(table, c));
  const rows: number[] = [];
  table.records.forEach((_, r) => {
    if (indices.every((i) => !MISSING.has(cell(table, r, i)))) rows.push(r);
  });
  return { table, rows, dropped: table.records.length - rows.length };
}

/** A numeric column over the selected rows; a non-number names file, column and line. */
export function numbers(selection: Selection, column: string): number[] {
  const { table } = selection;
  const index = columnIndex(table, column);
  return selection.rows.map((r) => {
    const text = cell(table, r, index);
    const value = Number(text);
    if (!Number.isFinite(value)) {
      const line = table.records[r]?.line ?? 0;
      throw new CsvError(
        'csv-not-a-number',
        `${table.file} line ${line}, column '${column}': '${text}' is not a number.`,
        {
          file: table.file,
          column,
          line,
        },
      );
    }
    return value;
  });
}

/** A 0/1 column (event, truth, test result); anything else names file, column and line. */
export function binary(selection: Selection, column: string, meaning: string): number[] {
  const { table } = selection;
  const values = numbers(selection, column);
  values.forEach((v, k) => {
    if (v !== 0 && v !== 1) {
      const line = table.records[selection.rows[k] ?? 0]?.line ?? 0;
      throw new CsvError(
        'csv-bad-value',
        `${table.file} line ${line}, column '${column}': ${v} is not 0 or 1 (${meaning}).`,
        {
          file: table.file,
          column,
          line,
        },
      );
    }
  });
  return values;
}

/** A label column (group, stratum, categorical covariate) as trimmed text. */
export function labels(selection: Selection, column: string): string[] {
  const index = columnIndex(selection.table, column);
  return selection.rows.map((r) => cell(selection.table, r, index));
}

/** Whether every selected value of a column reads as a number (numeric covariate) or not (categorical). */
export function isNumeric(selection: Selection, column: string): boolean {
  return labels(selection, column).every((text) => Number.isFinite(Number(text)));
}

/** Throws unless at least `needed` complete rows remain. */
export function requireRows(selection: Selection, needed: number, what: string): void {
  const n = selection.rows.length;
  if (n < needed)
    throw new CsvError(
      'csv-too-few-rows',
      `${selection.table.file}: ${n} complete rows (${selection.dropped} dropped for missing values) but ${what} needs at least ${needed}.`,
      { file: selection.table.file },
    );
}
