import type { MessageArgs } from '../../../shared/messages/render-message';
import * as XLSX from 'xlsx';
import { badInput, placeFacts } from '../common/errors';
import { looksLikeFormula } from '../common/formula-guard';
import { columnPlace, importNote, noteArgs, type ImportNote } from './import-notes';
import { DATE1904_OFFSET } from '../standardise/dates';
import { columnLabel, formatCount, MAX_CELL_CHARS, MAX_COLUMNS } from './source-limits';
import type { ExcelValue, SourceRow } from './source-table';
import {
  cellString,
  corruptWorkbook,
  openXlsx,
  parseXml,
  type XlsxSheetEntry,
  type XlsxWorkbook,
} from './xlsx-workbook';
import { localName } from './scan-xml';
import { titleAboveHeader, titleOf } from './title-line';

export type Workbook = XlsxWorkbook;

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
  warnings: ImportNote[];
}

/** Opens an .xlsx/.xlsm after bounding what it unzips to; formulas are never evaluated (Excel's cached values are read). */
export function openWorkbook(bytes: Uint8Array, file: string): Workbook {
  return openXlsx(bytes, file);
}

export function listSheets(workbook: Workbook): WorkbookSheet[] {
  return workbook.sheets.map((sheet) => ({
    name: sheet.name,
    hidden: sheet.hidden,
    isWorksheet: sheet.isWorksheet,
    hasCells: sheet.isWorksheet && hasNonEmptyCell(workbook, sheet),
  }));
}

/** A stored cell of a sheet as the import reads it. */
interface SheetCell {
  /** Column index. */
  c: number;
  /** What Excel displays ('' for nothing). */
  text: string;
  /** Numbers and dates, typed. */
  excel: ExcelValue | undefined;
  formula: boolean;
  /** A text cell (shared, inline or a formula's text result). */
  isText: boolean;
  /** A formula no program calculated (written without a value, as some libraries do). */
  uncalculated?: true;
}

/**
 * One sheet as a table of raw text (what Excel displays), numbers and dates also typed. The header
 * is the first row with a non-empty cell; rows of empty cells are skipped; line = the sheet's row.
 * Null when the sheet has no non-empty cell.
 */
export function readSheet(workbook: Workbook, sheetName: string, file: string): SheetTable | null {
  const where = `${file}: sheet ${sheetName}`;
  const entry = workbook.sheets.find((s) => s.name === sheetName);
  const warnings: ImportNote[] = [];
  let header: string[] | undefined;
  let headerLine = 0;
  const rows: SourceRow[] = [];
  let formulas = 0;
  let firstFormula = '';
  let formulaText = 0;
  let firstFormulaText: MessageArgs | undefined;
  let uncalculated = 0;
  let firstUncalculated = '';

  const merged = scanSheet(workbook, entry, (line, stored) => {
    if (header === undefined) {
      const cells = stored.filter((cell) => cell.text !== '');
      if (cells.length === 0) return;
      const width = cells[cells.length - 1]!.c + 1;
      if (width > MAX_COLUMNS) {
        throw badInput(
          `${where}: row ${line}: the header reaches column ${XLSX.utils.encode_col(width - 1)} (${formatCount(width)} columns); at most ${formatCount(MAX_COLUMNS)} are read`,
        );
      }
      header = new Array<string>(width).fill('');
      for (const cell of cells) header[cell.c] = checkedLength(cell.text, where, line, [], cell.c);
      headerLine = line;
      return;
    }

    const width = header.length;
    const cells = new Array<string>(width).fill('');
    let excel: (ExcelValue | undefined)[] | undefined;
    let empty = true;
    for (const cell of stored) {
      const { c, text } = cell;
      if (cell.uncalculated && uncalculated++ === 0)
        firstUncalculated = `${XLSX.utils.encode_cell({ r: line - 1, c })}`;
      if (text === '') continue;
      if (c >= width) {
        const title = rows.length === 0 ? titleOf(header) : undefined;
        if (title !== undefined) {
          throw badInput(titleAboveHeader(where, 'row', headerLine, title), {
            kind: 'HEADER_NOT_FIRST',
            facts: placeFacts({ file, sheet: sheetName, line: headerLine }),
          });
        }
        throw badInput(
          `${where}: row ${line}, column ${XLSX.utils.encode_col(c)}: a value right of the header's last column (${XLSX.utils.encode_col(width - 1)})`,
        );
      }
      empty = false;
      cells[c] = checkedLength(text, where, line, header, c);
      if (cell.excel) (excel ??= new Array<ExcelValue | undefined>(width))[c] = cell.excel;
      if (cell.formula) {
        if (formulas++ === 0) firstFormula = `${XLSX.utils.encode_cell({ r: line - 1, c })}`;
      } else if (cell.isText && looksLikeFormula(text)) {
        if (formulaText++ === 0)
          firstFormulaText = noteArgs('atRow', { line, column: columnPlace(c, header[c]) });
      }
    }
    if (empty) return;
    rows.push(excel ? { line, cells, excel } : { line, cells });
  });

  if (header === undefined) return null;
  if (formulas > 0) {
    warnings.push(
      formulas === 1
        ? importNote('formulaCell', { first: firstFormula })
        : importNote('formulaCells', { count: formatCount(formulas), first: firstFormula }),
    );
  }
  if (uncalculated > 0) {
    warnings.push(
      uncalculated === 1
        ? importNote('uncalculatedCell', { first: firstUncalculated })
        : importNote('uncalculatedCells', { count: formatCount(uncalculated), first: firstUncalculated }),
    );
  }
  if (merged.length > 0) {
    warnings.push(
      merged.length === 1
        ? importNote('mergedCell', { first: merged[0]! })
        : importNote('mergedCells', { count: formatCount(merged.length), first: merged[0]! }),
    );
  }
  if (formulaText > 0) {
    warnings.push(
      formulaText === 1
        ? importNote('formulaLikeTextCell', { first: firstFormulaText! })
        : importNote('formulaLikeTextCells', { count: formatCount(formulaText), first: firstFormulaText! }),
    );
  }
  return { sheet: sheetName, header, headerLine, rows, warnings };
}

/** Thrown to stop reading a sheet early. */
const STOP = Symbol('stop');

function hasNonEmptyCell(workbook: Workbook, sheet: XlsxSheetEntry): boolean {
  let found = false;
  try {
    scanSheet(workbook, sheet, (_, cells) => {
      if (cells.some((cell) => cell.text !== '')) {
        found = true;
        throw STOP;
      }
    });
  } catch (error) {
    if (error !== STOP) throw error;
  }
  return found;
}

/**
 * Reads a sheet's XML row by row with a streaming parser, handing over each row's stored cells
 * in column order. Rows and cells without an address follow the previous one (as Excel allows).
 * Returns the ranges of the sheet's merged cells (`F2:F3`), as written.
 */
function scanSheet(
  workbook: Workbook,
  sheet: XlsxSheetEntry | undefined,
  onRow: (line: number, cells: SheetCell[]) => void,
): string[] {
  const merged: string[] = [];
  const xml = sheet?.part === undefined ? undefined : workbook.part(sheet.part);
  if (xml === undefined) return merged;
  const file = workbook.file;
  let line = 0;
  let cells: SheetCell[] = [];
  let column = -1;
  // The <c> being read (one object, filled anew for each cell), undefined outside one.
  const stored: RawCell = { type: 'n', style: -1, value: undefined, formula: false };
  let cell: RawCell | undefined;
  // Text of the element being read (<v>, <f>, <t>), undefined outside one.
  let text: string | undefined;
  let inline: string | undefined;
  let phonetic = 0;
  const formatter = cellFormatter(workbook);
  parseXml(xml, file, {
    opentag(name, attributes) {
      switch (localName(name)) {
        case 'row': {
          const r = attributes.get('r');
          line = r === undefined ? line + 1 : Number(r);
          if (!Number.isInteger(line) || line < 1)
            throw corruptWorkbook(file, `row number ${r} in ${sheet!.name}`);
          cells = [];
          column = -1;
          break;
        }
        case 'c': {
          const r = attributes.get('r');
          const t = attributes.get('t');
          const s = attributes.get('s');
          column = r === undefined ? column + 1 : columnOf(r, file);
          cell = stored;
          cell.type = t ?? 'n';
          cell.style = s === undefined ? -1 : Number(s);
          cell.value = undefined;
          cell.formula = false;
          break;
        }
        case 'v':
          text = '';
          break;
        case 'f':
          if (cell && attributes.get('t') === 'shared') cell.formula = true;
          text = '';
          break;
        case 'is':
          inline = '';
          break;
        case 'rPh':
          phonetic++;
          break;
        case 'mergeCell': {
          const ref = attributes.get('ref');
          if (ref !== undefined && ref.includes(':')) merged.push(ref);
          break;
        }
        case 't':
          if (inline !== undefined && phonetic === 0) text = '';
          break;
      }
    },
    text(t) {
      if (text !== undefined) text += t;
    },
    closetag(name) {
      switch (localName(name)) {
        case 'v':
          if (cell) cell.value = text;
          text = undefined;
          break;
        case 'f':
          if (cell && text) cell.formula = true;
          text = undefined;
          break;
        case 't':
          if (inline !== undefined && text !== undefined) inline += text;
          text = undefined;
          break;
        case 'rPh':
          phonetic--;
          break;
        case 'c':
          if (cell) {
            const read = formatter(cell, column, inline);
            if (read) cells.push(read);
          }
          cell = undefined;
          inline = undefined;
          break;
        case 'row':
          if (cells.length > 0) {
            if (!isSorted(cells)) cells.sort((a, b) => a.c - b.c);
            onRow(line, cells);
          }
          cells = [];
          break;
      }
    },
  });
  return merged;
}

/** A <c> element as written: its type (t), style (s), value (<v>) and whether it has a formula. */
interface RawCell {
  type: string;
  style: number;
  value: string | undefined;
  formula: boolean;
}

function isSorted(cells: readonly SheetCell[]): boolean {
  for (let i = 1; i < cells.length; i++) if (cells[i]!.c <= cells[i - 1]!.c) return false;
  return true;
}

/** Column index of an A1 address (letters then digits). */
function columnOf(address: string, file: string): number {
  let column = 0;
  let i = 0;
  for (; i < address.length; i++) {
    const code = address.charCodeAt(i);
    if (code < 65 || code > 90) break;
    column = column * 26 + (code - 64);
  }
  if (i === 0 || column > 16384) throw corruptWorkbook(file, `cell address ${address}`);
  return column - 1;
}

const isDateFormats = new Map<string, boolean>();

function isDateFormat(format: string): boolean {
  if (format === 'General') return false;
  let isDate = isDateFormats.get(format);
  if (isDate === undefined) {
    isDate = XLSX.SSF.is_date(format) as boolean;
    isDateFormats.set(format, isDate);
  }
  return isDate;
}

/**
 * A cell's value as Excel displays it (its number format applied, SheetJS's SSF formatting the
 * number), typed where it is a number or a date. Built-in format 14 (m/d/yy) follows the system
 * locale: Korean Windows shows it as yyyy-mm-dd. Undefined for cells that hold nothing.
 */
function cellFormatter(workbook: Workbook) {
  const { date1904, sharedStrings, formatOfStyle } = workbook;
  const options = { date1904 };
  // A sheet repeats the same few dates and numbers: each format remembers what it made of them.
  const made = new Map<string, Map<number | string | boolean, string | undefined>>();
  const format = (code: string, value: number | string | boolean): string | undefined => {
    let byValue = made.get(code);
    if (byValue === undefined) made.set(code, (byValue = new Map()));
    else if (byValue.has(value)) return byValue.get(value);
    let text: string | undefined;
    try {
      text = XLSX.SSF.format(code, value, options) as string;
    } catch {
      text = undefined;
    }
    if (byValue.size < 10_000) byValue.set(value, text);
    return text;
  };
  return (cell: RawCell, c: number, inline: string | undefined): SheetCell | undefined => {
    const code = cell.style >= 0 ? (formatOfStyle[cell.style] ?? 'General') : 'General';
    const { value, formula } = cell;
    if (formula && (value === undefined || (value === '' && cell.type !== 'str')))
      return { c, text: '', excel: undefined, formula, isText: false, uncalculated: true };
    switch (cell.type) {
      case 's': {
        if (value === undefined) return undefined;
        const text = sharedStrings[Number.parseInt(value, 10)];
        if (text === undefined) throw corruptWorkbook(workbook.file, `shared string ${value} does not exist`);
        return textCell(c, code, text, formula);
      }
      case 'str':
        return textCell(c, code, value === undefined ? '' : cellString(value), formula);
      case 'inlineStr':
        return textCell(c, code, inline === undefined ? '' : cellString(inline), formula);
      case 'b': {
        const bool = value === '1' || value === 'true';
        return { c, text: format(code, bool) ?? String(bool), excel: undefined, formula, isText: false };
      }
      case 'e':
        return { c, text: value ?? '', excel: undefined, formula, isText: false };
      case 'd': {
        if (value === undefined) return undefined;
        const ms = Date.parse(value.length <= 10 ? `${value}T00:00:00Z` : value);
        if (Number.isNaN(ms)) return { c, text: value, excel: undefined, formula, isText: false };
        return numberCell(c, ms / 86_400_000 + 25_569 - (date1904 ? DATE1904_OFFSET : 0), code, formula);
      }
      default: {
        if (value === undefined || value === '') return undefined;
        return numberCell(c, Number.parseFloat(value), code, formula);
      }
    }
  };

  function textCell(c: number, code: string, text: string, formula: boolean): SheetCell {
    const shown = code === 'General' ? text : (format(code, text) ?? text);
    return { c, text: shown, excel: undefined, formula, isText: true };
  }

  function numberCell(c: number, n: number, code: string, formula: boolean): SheetCell {
    let text: string | undefined;
    if (code === 'm/d/yy') text = format('yyyy-mm-dd', n);
    else if (code === 'General') text = (n | 0) === n ? n.toString(10) : format('General', n);
    else text = format(code, n);
    const excel: ExcelValue | undefined = !Number.isFinite(n)
      ? undefined
      : isDateFormat(code)
        ? { kind: 'date', serial: date1904 ? n + DATE1904_OFFSET : n }
        : date1904
          ? { kind: 'number', value: n, date1904: true }
          : { kind: 'number', value: n };
    return { c, text: text ?? String(n), excel, formula, isText: false };
  }
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
