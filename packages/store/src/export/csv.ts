import type { Cell, ExportColumn, ExportTable } from './columns.ts';

/**
 * RFC 4180 CSV: comma-separated, CRLF line ends, fields with a comma, quote or line break quoted with
 * quotes doubled; missing values empty; logicals TRUE/FALSE (as R writes them). Written by hand (a
 * dozen lines) because the quoting rule is all there is to it.
 */
function field(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  const text = typeof cell === 'number' ? String(cell) : cell;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(table: ExportTable): string {
  const lines = [table.columns.map((c) => field(c.name)), ...table.rows.map((row) => row.map(field))];
  return `${lines.map((line) => line.join(',')).join('\r\n')}\r\n`;
}

/** The data dictionary: one row per column of every table. */
export function dictionaryCsv(tables: readonly ExportTable[]): string {
  const columns: ExportColumn[] = [
    { name: 'table', label: 'table (file name without .csv)', kind: 'string' },
    { name: 'column', label: 'column name', kind: 'string' },
    { name: 'label', label: 'label', kind: 'string' },
    { name: 'type', label: 'type', kind: 'string' },
    { name: 'levels', label: 'factor levels, in order, separated by |', kind: 'string' },
  ];
  const rows = tables.flatMap((t) =>
    t.columns.map((c) => [
      t.name,
      c.name,
      c.label,
      c.kind,
      c.levels === undefined ? null : c.levels.join('|'),
    ]),
  );
  return toCsv({ name: 'data_dictionary', label: 'data dictionary', columns, rows });
}
