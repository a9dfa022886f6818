import * as XLSX from 'xlsx';
import { badInput } from '../common/errors';
import { formulaTextWarning, looksLikeFormula } from '../common/formula-guard';
import { DATE1904_OFFSET } from '../standardise/dates';
import { checkZipArchive } from './check-zip-archive';
import { columnLabel, formatCount, MAX_CELL_CHARS, MAX_COLUMNS } from './source-limits';
import type { ExcelValue, SourceRow } from './source-table';

export interface WorkbookSheet {
  name: string;
  hidden: boolean;
  /** False for chart, dialog and macro sheets. */
  isWorksheet: boolean;
  hasCells: boolean;
}

export interface SheetTable {
  sheet: string;
  header: string[];
  headerLine: number;
  rows: SourceRow[];
  /** One line each; the caller adds file and sheet. */
  warnings: string[];
}

/** Opens an .xlsx/.xlsm after bounding what it unzips to; formulas are never evaluated (SheetJS keeps Excel's cached values). */
export function openWorkbook(bytes: Buffer, file: string): XLSX.WorkBook {
  checkZipArchive(bytes, file);
  try {
    return XLSX.read(bytes, {
      type: 'buffer',
      dense: true,
      cellDates: false,
      cellNF: true,
      cellFormula: true,
      cellHTML: false,
      cellStyles: false,
      bookVBA: false,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0]!.slice(0, 120) : 'unknown error';
    throw badInput(`${file}: not a readable xlsx workbook (${reason})`, {
      kind: 'FILE_UNREADABLE',
      facts: { file },
    });
  }
}

export function listSheets(workbook: XLSX.WorkBook): WorkbookSheet[] {
  return workbook.SheetNames.map((name, i) => {
    const sheet = workbook.Sheets[name];
    const type = sheet?.['!type'];
    return {
      name,
      hidden: (workbook.Workbook?.Sheets?.[i]?.Hidden ?? 0) !== 0,
      isWorksheet: sheet !== undefined && (type === undefined || type === 'sheet'),
      hasCells: sheet !== undefined && hasNonEmptyCell(sheet),
    };
  });
}

/**
 * One sheet as a table of raw text (what Excel displays), numbers and dates also typed. The header
 * is the first row with a non-empty cell; rows of empty cells are skipped; line = the sheet's row.
 * Null when the sheet has no non-empty cell.
 */
export function readSheet(workbook: XLSX.WorkBook, sheetName: string, file: string): SheetTable | null {
  const where = `${file}: sheet ${sheetName}`;
  const data = rowsOf(workbook.Sheets[sheetName]);
  const date1904 = workbook.Workbook?.WBProps?.date1904 === true;
  const warnings: string[] = [];
  let header: string[] | undefined;
  let headerLine = 0;
  const rows: SourceRow[] = [];
  let formulas = 0;
  let firstFormula = '';
  let formulaText = 0;
  let firstFormulaText = '';

  for (let r = 0; r < data.length; r++) {
    const stored = data[r];
    if (!stored) continue;
    const line = r + 1;

    if (header === undefined) {
      const cells = storedCells(stored).filter(([, cell]) => cellText(cell, date1904) !== '');
      if (cells.length === 0) continue;
      const width = cells[cells.length - 1]![0] + 1;
      if (width > MAX_COLUMNS) {
        throw badInput(
          `${where}: row ${line}: the header reaches column ${XLSX.utils.encode_col(width - 1)} (${formatCount(width)} columns); at most ${formatCount(MAX_COLUMNS)} are read`,
        );
      }
      header = new Array<string>(width).fill('');
      for (const [c, cell] of cells) header[c] = checkedLength(cellText(cell, date1904), where, line, [], c);
      headerLine = line;
      continue;
    }

    const width = header.length;
    const cells = new Array<string>(width).fill('');
    let excel: (ExcelValue | undefined)[] | undefined;
    let empty = true;
    for (const [c, cell] of storedCells(stored)) {
      const text = cellText(cell, date1904);
      if (text === '') continue;
      if (c >= width) {
        throw badInput(
          `${where}: row ${line}, column ${XLSX.utils.encode_col(c)}: a value right of the header's last column (${XLSX.utils.encode_col(width - 1)})`,
        );
      }
      empty = false;
      cells[c] = checkedLength(text, where, line, header, c);
      const typed = excelValue(cell, date1904);
      if (typed) (excel ??= new Array<ExcelValue | undefined>(width))[c] = typed;
      if (cell.f !== undefined) {
        if (formulas++ === 0) firstFormula = `${XLSX.utils.encode_cell({ r, c })}`;
      } else if (cell.t === 's' && looksLikeFormula(text)) {
        if (formulaText++ === 0) firstFormulaText = `row ${line}, ${columnLabel(header, c)}`;
      }
    }
    if (empty) continue;
    rows.push(excel ? { line, cells, excel } : { line, cells });
  }

  if (header === undefined) return null;
  if (formulas > 0) {
    warnings.push(
      `${formatCount(formulas)} formula cell${formulas > 1 ? 's' : ''} (first ${firstFormula}) read as the values Excel last calculated; formulas are never evaluated`,
    );
  }
  if (formulaText > 0) {
    warnings.push(
      formulaTextWarning(formatCount(formulaText), formulaText > 1, 'text cell', firstFormulaText),
    );
  }
  return { sheet: sheetName, header, headerLine, rows, warnings };
}

function rowsOf(sheet: XLSX.WorkSheet | undefined): (XLSX.CellObject[] | undefined)[] {
  return (sheet?.['!data'] as (XLSX.CellObject[] | undefined)[] | undefined) ?? [];
}

/**
 * The stored cells of a row as [column, cell], in column order. A row whose !ref or a stray cell
 * reaches column XFD is a sparse array: its keys, not its length, say what is there.
 */
function storedCells(row: XLSX.CellObject[]): [number, XLSX.CellObject][] {
  const cells: [number, XLSX.CellObject][] = [];
  if (row.length <= MAX_COLUMNS) {
    for (let c = 0; c < row.length; c++) if (row[c]) cells.push([c, row[c]!]);
    return cells;
  }
  for (const key of Object.keys(row)) {
    const c = Number(key);
    if (Number.isInteger(c) && row[c]) cells.push([c, row[c]!]);
  }
  return cells.sort((a, b) => a[0] - b[0]);
}

function hasNonEmptyCell(sheet: XLSX.WorkSheet): boolean {
  return rowsOf(sheet).some(
    (row) => row !== undefined && storedCells(row).some(([, cell]) => cellText(cell, false) !== ''),
  );
}

const dateFormats = new Map<string, boolean>();

function isDateFormat(format: string | undefined): boolean {
  if (format === undefined || format === 'General') return false;
  let isDate = dateFormats.get(format);
  if (isDate === undefined) {
    isDate = XLSX.SSF.is_date(format) as boolean;
    dateFormats.set(format, isDate);
  }
  return isDate;
}

/** What Excel displays. Built-in format 14 follows the system locale: Korean Windows shows it as yyyy-mm-dd. */
function cellText(cell: XLSX.CellObject, date1904: boolean): string {
  if (cell.t === 'n' && cell.z === 'm/d/yy' && typeof cell.v === 'number') {
    return XLSX.SSF.format('yyyy-mm-dd', cell.v, { date1904 }) as string;
  }
  if (cell.w !== undefined) return cell.w;
  if (cell.v === undefined || cell.v === null) return '';
  return String(cell.v);
}

function excelValue(cell: XLSX.CellObject, date1904: boolean): ExcelValue | undefined {
  if (cell.t !== 'n' || typeof cell.v !== 'number' || !Number.isFinite(cell.v)) return undefined;
  if (isDateFormat(typeof cell.z === 'string' ? cell.z : undefined)) {
    return { kind: 'date', serial: date1904 ? cell.v + DATE1904_OFFSET : cell.v };
  }
  return date1904 ? { kind: 'number', value: cell.v, date1904: true } : { kind: 'number', value: cell.v };
}

function checkedLength(
  text: string,
  where: string,
  line: number,
  header: readonly string[],
  c: number,
): string {
  if (text.length <= MAX_CELL_CHARS) return text;
  throw badInput(
    `${where}: row ${line}, ${columnLabel(header, c)} (cell ${XLSX.utils.encode_cell({ r: line - 1, c })}): a cell of ${formatCount(text.length)} characters; the limit is ${formatCount(MAX_CELL_CHARS)}`,
  );
}
