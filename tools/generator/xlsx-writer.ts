import * as XLSX from 'xlsx';
import type { SheetCell } from './messy-values';

/**
 * A workbook with one sheet per form, cells typed as the site's Excel would store them. Sheets are
 * built dense (SheetJS `!data`: rows of cells), which is much faster than one object key per cell.
 */

export interface SheetData {
  name: string;
  header: readonly string[];
  rows: readonly (readonly SheetCell[])[];
}

function cellOf(cell: SheetCell | undefined): XLSX.CellObject | undefined {
  if (cell === null || cell === undefined || cell === '') return undefined;
  if (typeof cell === 'string') return { t: 's', v: cell };
  if (typeof cell === 'number') return { t: 'n', v: cell };
  return { t: 'n', v: cell.serial, z: cell.numFmt };
}

function worksheet(sheet: SheetData): XLSX.WorkSheet {
  const width = sheet.header.length;
  const data: (XLSX.CellObject | undefined)[][] = new Array(sheet.rows.length + 1);
  data[0] = sheet.header.map((h) => ({ t: 's', v: h }));
  for (let r = 0; r < sheet.rows.length; r++) {
    const row = sheet.rows[r]!;
    const cells: (XLSX.CellObject | undefined)[] = new Array(width);
    for (let c = 0; c < width; c++) cells[c] = cellOf(row[c]);
    data[r + 1] = cells;
  }
  return {
    '!data': data,
    '!ref': XLSX.utils.encode_range({
      s: { r: 0, c: 0 },
      e: { r: sheet.rows.length, c: Math.max(width - 1, 0) },
    }),
  } as XLSX.WorkSheet;
}

/** `date1904`: the workbook counts its date serials in Excel's 1904 date system (Excel for Mac's old default). */
export function encodeWorkbook(sheets: readonly SheetData[], options: { date1904?: boolean } = {}): Buffer {
  const workbook = XLSX.utils.book_new();
  if (options.date1904) workbook.Workbook = { ...workbook.Workbook, WBProps: { date1904: true } };
  for (const sheet of sheets) XLSX.utils.book_append_sheet(workbook, worksheet(sheet), sheet.name);
  return XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
}
