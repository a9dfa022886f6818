import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listSheets, openWorkbook, readSheet } from '../../electron/core/import/read-xlsx';

// Workbooks written by programs this project does not write with (Python's openpyxl and XlsxWriter,
// test/fixtures/foreign/make_foreign.py): inline strings as character references, no XML
// declaration, rich text, formulas with and without the value a program calculated.

const dir = path.join(__dirname, '../fixtures/foreign');
const open = (file: string) => openWorkbook(fs.readFileSync(path.join(dir, file)), file);

const HEADER = ['SUBJID', 'AETERM', 'AESTDAT', 'AEENDAT', 'AETOXGR', 'WEIGHT', 'NOTE'];
const ROW_2 = [
  'S07-001',
  '호중구감소증',
  '2021-03-04',
  '2021-03-18',
  '3',
  '61.25',
  'a & b < c > d "e" \'f\'',
];
const ROW_3 = ['S07-002', '폐렴', '2021-04-01', '', '2', '58', '줄 하나\n줄 둘'];

describe('workbooks other programs wrote', () => {
  it('openpyxl: inline strings, dates typed, formulas it never calculated read as empty and told', () => {
    const book = open('S07_openpyxl.xlsx');
    expect(listSheets(book).map((s) => [s.name, s.hasCells])).toEqual([
      ['AE', true],
      ['빈 시트', false],
    ]);
    const table = readSheet(book, 'AE', 'S07_openpyxl.xlsx')!;
    expect(table.header).toEqual([...HEADER, 'TOTAL']);
    expect(table.rows.map((r) => r.cells)).toEqual([
      [...ROW_2, ''],
      [...ROW_3, ''],
      ['S07-003', '  빈혈 ', '44301', '2021.05.06', '1', '70.5', '', ''],
    ]);
    expect(table.rows[0]!.excel?.[2]).toEqual({ kind: 'date', serial: 44259 });
    expect(table.rows[0]!.excel?.[3]).toEqual({ kind: 'date', serial: 44273.39583333334 });
    expect(table.rows[2]!.excel?.[2]).toEqual({ kind: 'number', value: 44301 });
    expect(table.warnings.map((w) => w.message)).toEqual([
      '2 formula cells (first H2) without a calculated value, read as empty: the program that wrote the file did not calculate them; open and save it in Excel to keep the values',
    ]);
  });

  it('XlsxWriter: shared strings, rich text joined, a hidden sheet, a formula with its cached value', () => {
    const book = open('S08_xlsxwriter.xlsx');
    expect(listSheets(book).map((s) => [s.name, s.hidden, s.hasCells])).toEqual([
      ['AE', false, true],
      ['메모', true, true],
    ]);
    const table = readSheet(book, 'AE', 'S08_xlsxwriter.xlsx')!;
    expect(table.header).toEqual(HEADER);
    expect(table.rows.map((r) => [r.line, ...r.cells])).toEqual([
      [2, ...ROW_2],
      [3, ...ROW_3],
      [4, 'S07-003', '  빈혈 ', '44301', '2021.05.06', '1', '70.5', '=SUM(A1:A2)'],
      [5, 'S07-004', '발열', '', '', '2', '', ''],
    ]);
    expect(table.warnings.map((w) => w.message)).toEqual([
      '1 formula cell (first E5) read as the values Excel last calculated; formulas are never evaluated',
      '1 text cell starts with =, +, - or @ like a spreadsheet formula (first at row 4, column 7 (NOTE)); kept as text, never evaluated',
    ]);
  });
});
