import fs from 'node:fs';
import type { stream } from 'exceljs';
import { UTF8_BOM, toCsv, type CsvValue } from './csv-writer';

/** A table written a page at a time, as CSV or as an xlsx sheet. */
export interface TableFileWriter {
  add(rows: readonly CsvValue[][]): void;
  finish(): Promise<void>;
}

/** UTF-8 with BOM (Excel shows Korean text), CRLF, every text cell formula-safe. */
export function csvFileWriter(file: string, columns: readonly string[]): TableFileWriter {
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, `${UTF8_BOM}${toCsv(columns, [])}\r\n`);
  return {
    add: (rows) => {
      if (rows.length) fs.writeSync(fd, `${toCsv(columns, rows, { header: false })}\r\n`);
    },
    finish: async () => fs.closeSync(fd),
  };
}

/** Opens an xlsx table (xlsxTableOpener): one sheet, header frozen. */
export type XlsxTableOpener = (
  file: string,
  sheetName: string,
  columns: readonly string[],
) => TableFileWriter;

/**
 * What opens xlsx tables: one sheet, header frozen; text is written as text (a string cell is
 * never a formula), numbers as numbers. Loaded once (ExcelJS takes a second to load, and most
 * commands never write a spreadsheet), then each table opens at once.
 */
export async function xlsxTableOpener(): Promise<XlsxTableOpener> {
  const { default: ExcelJS } = await import('exceljs');
  return (file, sheetName, columns) => {
    const workbook: stream.xlsx.WorkbookWriter = new ExcelJS.stream.xlsx.WorkbookWriter({
      filename: file,
      useSharedStrings: false,
      useStyles: true,
    });
    const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.addRow([...columns]).commit();
    return {
      add: (rows) => {
        for (const row of rows) sheet.addRow(row.map((v) => v ?? null)).commit();
      },
      finish: async () => {
        sheet.commit();
        await workbook.commit();
      },
    };
  };
}

/** One xlsx table (xlsxTableOpener). */
export async function xlsxFileWriter(
  file: string,
  sheetName: string,
  columns: readonly string[],
): Promise<TableFileWriter> {
  return (await xlsxTableOpener())(file, sheetName, columns);
}
