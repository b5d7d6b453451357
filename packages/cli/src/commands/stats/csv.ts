// Hand-written: a small RFC 4180 reader (quoted fields, doubled quotes, CRLF) is all `stats`
// needs, and it must report the file line of every record for error messages.
import { CsvError } from './csv-error.ts';

/** One data record with the file line it starts on (header = line 1). */
export interface CsvRecord {
  readonly line: number;
  readonly cells: readonly string[];
}

export interface CsvTable {
  readonly file: string;
  readonly header: readonly string[];
  readonly records: readonly CsvRecord[];
}

/** Parses CSV text (comma-separated, optional quotes) into a header and records; blank lines are skipped. */
export function parseCsv(text: string, file: string): CsvTable {
  const rows: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // byte-order mark
  const endRecord = (): void => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0]?.trim() === '')) rows.push({ line: recordLine, cells });
    cells = [];
    cell = '';
  };
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else cell += ch;
  }
  if (quoted)
    throw new CsvError('csv-malformed', `${file} line ${recordLine}: a quoted field is never closed.`, {
      file,
      line: recordLine,
    });
  if (cell !== '' || cells.length > 0) endRecord();
  const [head, ...records] = rows;
  if (!head) throw new CsvError('csv-malformed', `${file} is empty: no header line.`, { file });
  const header = head.cells.map((h) => h.trim());
  for (const record of records)
    if (record.cells.length !== header.length)
      throw new CsvError(
        'csv-malformed',
        `${file} line ${record.line}: ${record.cells.length} fields but the header has ${header.length}.`,
        { file, line: record.line },
      );
  return { file, header, records };
}
