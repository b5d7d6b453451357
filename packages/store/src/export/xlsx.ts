import ExcelJS from 'exceljs';
import type { ExportTable } from './columns.ts';

/** Excel's limit on sheet names (31 characters). */
function sheetName(name: string): string {
  return name.slice(0, 31);
}

/**
 * The workbook: one sheet per table (header row bold and frozen; numbers as numbers, dates as text in
 * ISO form so no spreadsheet time zone moves them) and a `data_dictionary` sheet. Written with exceljs.
 */
export async function toXlsx(tables: readonly ExportTable[]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'cxcr4pet';
  const dictionary = workbook.addWorksheet('data_dictionary');
  dictionary.addRow(['table', 'column', 'label', 'type', 'levels']);
  for (const table of tables) {
    for (const c of table.columns)
      dictionary.addRow([
        table.name,
        c.name,
        c.label,
        c.kind,
        c.levels === undefined ? null : c.levels.join('|'),
      ]);
  }
  for (const table of tables) {
    const sheet = workbook.addWorksheet(sheetName(table.name));
    sheet.addRow(table.columns.map((c) => c.name));
    for (const row of table.rows) sheet.addRow([...row]);
  }
  for (const sheet of workbook.worksheets) {
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
