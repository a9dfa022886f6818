import type ExcelJS from 'exceljs';
import type { PlannedList } from './plan-query-lists';
import {
  HEADER_CELLS,
  LIST_COLUMNS,
  META_SHEET,
  QUERY_SHEET,
  lineCells,
  metaBlock,
  metaPairs,
} from './query-list-layout';

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
const ANSWER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
const THIN: ExcelJS.Border = { style: 'thin', color: { argb: 'FFBFBFBF' } };
const WRAP: Partial<ExcelJS.Alignment> = { wrapText: true, vertical: 'top' };
const WRAPPED_COLUMNS = LIST_COLUMNS.flatMap((c, i) =>
  ['value', 'message', 'answer'].includes(c.key) ? [i + 1] : [],
);
const ANSWER_COLUMN = LIST_COLUMNS.findIndex((c) => c.key === 'answer') + 1;

/** Every value is written as a string cell (never a formula, whatever it starts with) or left empty. */
const text = (value: string | null): string | null => (value === null || value === '' ? null : value);

/**
 * One site's query list as xlsx (ExcelJS, streamed): the block saying which study, site and list
 * it is, the header row frozen with the block above it, columns sized, the sheet protected except
 * the Answer cells; the same facts again on a hidden sheet for matching the answered file.
 */
export async function writeQueryListXlsx(file: string, list: PlannedList): Promise<void> {
  // Loaded on first use: ExcelJS takes a second to load, and most commands never write a spreadsheet.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.stream.xlsx.WorkbookWriter({
    filename: file,
    useSharedStrings: true,
    useStyles: true,
  });
  workbook.creator = 'CDM workstation';
  workbook.created = new Date(list.meta.writtenAt);
  const block = metaBlock(list.meta);
  const headerRow = block.length + 1;
  const sheet = workbook.addWorksheet(QUERY_SHEET, {
    views: [
      {
        state: 'frozen',
        ySplit: headerRow,
        xSplit: 1,
        topLeftCell: `B${headerRow + 1}`,
        activeCell: `${String.fromCharCode(64 + ANSWER_COLUMN)}${headerRow + 1}`,
      },
    ],
    properties: { defaultRowHeight: 15 },
  });
  sheet.columns = LIST_COLUMNS.map((c) => ({ key: c.key, width: c.width }));
  block.forEach((cells, i) => {
    const row = sheet.addRow(cells.map(text));
    if (cells.length >= 2) row.getCell(1).font = { bold: true };
    if (i === 0) row.getCell(2).font = { bold: true };
    if (cells.length === 1) row.getCell(1).font = { italic: true, color: { argb: 'FF7F6000' } };
    row.commit();
  });
  const header = sheet.addRow(HEADER_CELLS);
  header.eachCell((cell) => {
    cell.font = { bold: true };
    cell.alignment = WRAP;
    cell.fill = HEADER_FILL;
    cell.border = { bottom: THIN };
  });
  header.commit();
  for (const line of list.lines) {
    const row = sheet.addRow(lineCells(line).map(text));
    // Only the long texts wrap (a style a cell costs time over tens of thousands of rows).
    for (const i of WRAPPED_COLUMNS) row.getCell(i).alignment = WRAP;
    const answer = row.getCell(ANSWER_COLUMN);
    answer.protection = { locked: false };
    answer.fill = ANSWER_FILL;
    answer.border = { top: THIN, left: THIN, bottom: THIN, right: THIN };
    row.commit();
  }
  sheet.autoFilter = {
    from: { row: headerRow, column: 1 },
    to: { row: headerRow, column: LIST_COLUMNS.length },
  };
  await sheet.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
    autoFilter: true,
    sort: false,
    insertRows: false,
    deleteRows: false,
  });
  sheet.commit();

  const meta = workbook.addWorksheet(META_SHEET, { state: 'hidden' });
  meta.columns = [{ width: 18 }, { width: 40 }];
  for (const [key, value] of metaPairs(list.meta)) meta.addRow([key, value]).commit();
  await meta.protect('', { selectLockedCells: true, selectUnlockedCells: true });
  meta.commit();
  await workbook.commit();
}
