import fs from 'node:fs';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { expect } from 'vitest';

/** A header as the tests name it: its English part (`Answer / 답변` is Answer). */
const english = (header: string) => header.split(' / ')[0]!;

/** The written query list as ExcelJS sees it: its list sheet, the header row number and the column of each header (in English). */
export async function openQueryList(file: string) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.getWorksheet('Queries')!;
  let headerRow = 0;
  sheet.eachRow((row, n) => {
    if (headerRow === 0 && english(row.getCell(1).text) === 'Query ID') headerRow = n;
  });
  const columns = new Map<string, number>();
  sheet.getRow(headerRow).eachCell((cell, col) => columns.set(english(cell.text), col));
  return { workbook, sheet, headerRow, columns };
}

/**
 * What a site does in Excel: types answers into the Answer cells (the only unlocked ones) and
 * saves. `edit` may also change other cells, as a site that unprotected the sheet would.
 */
export async function answerQueryList(
  file: string,
  answers: Record<string, string>,
  options: {
    out?: string;
    edit?: (
      sheet: ExcelJS.Worksheet,
      rowOf: (queryId: string) => number,
      columns: Map<string, number>,
      workbook: ExcelJS.Workbook,
    ) => void;
  } = {},
): Promise<string> {
  const { workbook, sheet, headerRow, columns } = await openQueryList(file);
  const rows = new Map<string, number>();
  sheet.eachRow((row, n) => {
    if (n > headerRow) rows.set(row.getCell(1).text, n);
  });
  const answer = columns.get('Answer')!;
  for (const [queryId, text] of Object.entries(answers)) {
    const n = rows.get(queryId);
    if (n === undefined) throw new Error(`no row for ${queryId} in ${file}`);
    sheet.getRow(n).getCell(answer).value = text;
  }
  options.edit?.(sheet, (id) => rows.get(id)!, columns, workbook);
  const out = options.out ?? file;
  await workbook.xlsx.writeFile(out);
  return out;
}

/** Rows of a written list by query ID: header name -> text. */
export async function queryListRows(file: string): Promise<Map<string, Record<string, string>>> {
  const { sheet, headerRow, columns } = await openQueryList(file);
  const rows = new Map<string, Record<string, string>>();
  sheet.eachRow((row, n) => {
    if (n <= headerRow) return;
    const record: Record<string, string> = {};
    for (const [name, col] of columns) record[name] = row.getCell(col).text;
    rows.set(record['Query ID']!, record);
  });
  return rows;
}

const SAFE_TYPES = new Set([
  ExcelJS.ValueType.Null,
  ExcelJS.ValueType.String,
  ExcelJS.ValueType.Number,
  ExcelJS.ValueType.Date,
]);

/** Every cell of every sheet: no formula, and a string, number or date (or empty). Returns the cells seen. */
export async function expectNoFormulaInXlsx(file: string): Promise<number> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  let cells = 0;
  workbook.eachSheet((sheet) => {
    sheet.eachRow({ includeEmpty: true }, (row) => {
      row.eachCell({ includeEmpty: true }, (cell) => {
        cells++;
        expect(cell.formula, `${sheet.name}!${cell.address} holds a formula`).toBeFalsy();
        expect(SAFE_TYPES.has(cell.type), `${sheet.name}!${cell.address} is of type ${cell.type}`).toBe(true);
      });
    });
  });
  // And in the XML itself: no <f> element anywhere.
  const { unzipSync, strFromU8 } = await import('fflate');
  const zip = unzipSync(fs.readFileSync(file));
  for (const [name, bytes] of Object.entries(zip)) {
    if (name.startsWith('xl/worksheets/'))
      expect(strFromU8(bytes), `${name} holds a formula element`).not.toMatch(/<f[ >]/);
  }
  return cells;
}

const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d+)?|\.\d+)$/;

/** Every cell of a CSV: none starts with = + - @ tab or CR unless it is a plain number. Returns the cells seen. */
export function expectNoFormulaInCsv(file: string): number {
  const bytes = fs.readFileSync(file);
  expect([...bytes.subarray(0, 3)], `${file} starts with a UTF-8 byte-order mark`).toEqual([
    0xef, 0xbb, 0xbf,
  ]);
  const parsed = Papa.parse<string[]>(bytes.subarray(3).toString('utf8'), { skipEmptyLines: false });
  let cells = 0;
  parsed.data.forEach((row, r) =>
    row.forEach((cell, c) => {
      cells++;
      if (/^[=+\-@\t\r]/.test(cell))
        expect(cell, `${file} row ${r + 1} column ${c + 1} starts a formula`).toMatch(PLAIN_NUMBER);
    }),
  );
  return cells;
}
