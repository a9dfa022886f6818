import type { MessageArgs } from '../../../shared/messages/render-message';
import * as XLSX from 'xlsx';
import { badInput, placeFacts } from '../common/errors';
import { looksLikeFormula } from '../common/formula-guard';
import { columnPlace, importNote, noteArgs, type ImportNote } from './import-notes';
import { columnLabel, formatCount, MAX_CELL_CHARS, MAX_COLUMNS } from './source-limits';
import type { ExcelValue, SourceRow } from './source-table';
import { corruptWorkbook, openXlsx, parseXml, type XlsxSheetEntry, type XlsxWorkbook } from './xlsx-workbook';
import { localName } from './scan-xml';
import { cellFormatter, type RawCell, type SheetCell } from './xlsx-cell';
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
