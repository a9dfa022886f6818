import path from 'node:path';
import Papa from 'papaparse';
import * as XLSX from 'xlsx';
import { startsFormula } from '../common/formula-guard';
import { decodeText, type TextEncoding } from './decode-text';
import {
  LIST_COLUMNS,
  META_LABELS,
  META_SHEET,
  QUERY_SHEET,
  bothLanguages,
  type ListColumnKey,
  type QueryListMeta,
} from './query-list-layout';

export interface AnsweredRow {
  /** The row as a spreadsheet numbers it (1 = first). */
  row: number;
  cells: Partial<Record<ListColumnKey, string | null>>;
  /** Columns whose cell holds a formula. */
  formulas: Set<ListColumnKey>;
}

export interface AnsweredList {
  meta: Partial<Record<keyof QueryListMeta, string>>;
  rows: AnsweredRow[];
  encoding: TextEncoding | null;
}

/** The file is not a readable query list: the whole file is rejected with this reason. */
export class UnreadableList extends Error {}

interface GridCell {
  text: string;
  formula: boolean;
}
type Grid = (GridCell | undefined)[][];

const squash = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
/** Headers and labels in both languages, or in English alone (lists written before had only English). */
const COLUMN_BY_HEADER = new Map(
  LIST_COLUMNS.flatMap((c) => [
    [squash(c.header), c.key],
    [squash(bothLanguages({ en: c.header, ko: c.headerKo })), c.key],
  ]),
);
const META_KEY_BY_LABEL = new Map(
  Object.entries(META_LABELS).flatMap(([key, label]) => [
    [squash(label.en), key as keyof QueryListMeta],
    [squash(bothLanguages(label)), key as keyof QueryListMeta],
  ]),
);
const META_KEYS = new Set<string>([
  'format',
  'studyCode',
  'studyName',
  'siteId',
  'listId',
  'written',
  'writtenAt',
  'siteLatestExport',
  'queries',
  'language',
]);

// ---------------------------------------------------------------------------------------------
// xlsx (as written here, or as Excel / LibreOffice saved it)

const pad = (n: number) => String(n).padStart(2, '0');

function xlsxCellText(cell: XLSX.CellObject): string {
  switch (cell.t) {
    case 's':
      return String(cell.v ?? '');
    case 'b':
      return cell.v ? 'TRUE' : 'FALSE';
    case 'n': {
      const value = cell.v as number;
      if (cell.z !== undefined && XLSX.SSF.is_date(cell.z)) {
        const d = XLSX.SSF.parse_date_code(value);
        const date = `${d.y}-${pad(d.m)}-${pad(d.d)}`;
        return d.H || d.M || d.S ? `${date} ${pad(d.H)}:${pad(d.M)}:${pad(d.S)}` : date;
      }
      return String(value);
    }
    case 'd':
      return (cell.v as Date).toISOString().slice(0, 10);
    case 'e':
      return cell.w ?? '#ERROR';
    default:
      return '';
  }
}

function sheetGrid(sheet: XLSX.WorkSheet): Grid {
  // Dense sheets are sparse arrays: a row or cell never written is a hole.
  const dense = (sheet as { '!data'?: (XLSX.CellObject | undefined)[][] })['!data'] ?? [];
  return Array.from(dense, (row) =>
    Array.from(row ?? [], (cell) =>
      cell ? { text: xlsxCellText(cell), formula: cell.f !== undefined } : undefined,
    ),
  );
}

function readXlsx(bytes: Buffer): { grid: Grid; hiddenMeta: Grid | undefined } {
  let workbook: XLSX.WorkBook;
  try {
    workbook = XLSX.read(bytes, {
      type: 'buffer',
      dense: true,
      cellFormula: true,
      cellNF: true,
      cellDates: false,
      cellHTML: false,
      cellStyles: false,
      // A formula Excel never calculated has no value: without stubs SheetJS drops the cell, formula and all.
      sheetStubs: true,
    });
  } catch (error) {
    throw new UnreadableList(`not a readable workbook (${(error as Error).message})`);
  }
  const hidden = new Set((workbook.Workbook?.Sheets ?? []).filter((s) => s.Hidden).map((s) => s.name));
  const metaSheet = workbook.Sheets[META_SHEET];
  const visible = workbook.SheetNames.filter((name) => !hidden.has(name));
  const ordered = [...visible.filter((n) => n === QUERY_SHEET), ...visible.filter((n) => n !== QUERY_SHEET)];
  for (const name of ordered) {
    const grid = sheetGrid(workbook.Sheets[name]!);
    if (headerRowIndex(grid) >= 0) return { grid, hiddenMeta: metaSheet ? sheetGrid(metaSheet) : undefined };
  }
  throw new UnreadableList('not a query list: no sheet has a header row with Query ID and Answer');
}

// ---------------------------------------------------------------------------------------------
// CSV (as written here, or re-saved by Excel: possibly CP949, possibly ; or tab separated)

/** Undoes the formula guard of csv-writer: '=SUM(1) was written for =SUM(1). */
function unguard(text: string): string {
  return text.startsWith("'") && startsFormula(text.slice(1)) ? text.slice(1) : text;
}

function readCsv(bytes: Buffer): { grid: Grid; encoding: TextEncoding } {
  const { text, encoding } = decodeText(bytes);
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: false, delimitersToGuess: [',', '\t', ';'] });
  if (parsed.data.length === 0) throw new UnreadableList('the file is empty');
  return {
    grid: parsed.data.map((row) => row.map((cell) => ({ text: unguard(cell), formula: false }))),
    encoding,
  };
}

// ---------------------------------------------------------------------------------------------

const text = (cell: GridCell | undefined) => (cell ? cell.text : '');

function headerRowIndex(grid: Grid): number {
  return grid.findIndex((row) => {
    const names = row.map((c) => COLUMN_BY_HEADER.get(squash(text(c))));
    return names.includes('queryId') && names.includes('answer');
  });
}

function metaFromBlock(grid: Grid, headerIndex: number): Partial<Record<keyof QueryListMeta, string>> {
  const meta: Partial<Record<keyof QueryListMeta, string>> = {};
  for (const row of grid.slice(0, headerIndex)) {
    const key = META_KEY_BY_LABEL.get(squash(text(row[0])));
    if (key) meta[key] = text(row[1]).trim();
  }
  return meta;
}

function metaFromSheet(grid: Grid): Partial<Record<keyof QueryListMeta, string>> {
  const meta: Partial<Record<keyof QueryListMeta, string>> = {};
  for (const row of grid) {
    const key = text(row[0]).trim();
    if (META_KEYS.has(key)) meta[key as keyof QueryListMeta] = text(row[1]).trim();
  }
  return meta;
}

/** Reads an answered query list (the file's bytes, opened): which list it says it is, and its rows by column. */
export function readAnsweredList(file: string, opened: Uint8Array): AnsweredList {
  const bytes = Buffer.from(opened.buffer, opened.byteOffset, opened.length);
  const isWorkbook = bytes[0] === 0x50 && bytes[1] === 0x4b; // "PK": a zip, i.e. xlsx
  const extension = path.extname(file).toLowerCase();
  if (!isWorkbook && ['.xlsx', '.xlsm'].includes(extension))
    throw new UnreadableList('not a readable workbook (the file is not an xlsx zip)');
  const { grid, hiddenMeta, encoding } = isWorkbook
    ? { ...readXlsx(bytes), encoding: null }
    : { ...readCsv(bytes), hiddenMeta: undefined };
  const headerIndex = headerRowIndex(grid);
  if (headerIndex < 0) throw new UnreadableList('not a query list: no header row with Query ID and Answer');
  const columns = new Map<ListColumnKey, number>();
  grid[headerIndex]!.forEach((cell, i) => {
    const key = COLUMN_BY_HEADER.get(squash(text(cell)));
    if (key && !columns.has(key)) columns.set(key, i);
  });
  const missing = LIST_COLUMNS.filter((c) => c.key !== 'dateSent' && !columns.has(c.key)).map(
    (c) => c.header,
  );
  if (missing.length)
    throw new UnreadableList(
      `column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} missing from the header row`,
    );
  const rows: AnsweredRow[] = [];
  for (let r = headerIndex + 1; r < grid.length; r++) {
    const line = grid[r]!;
    if (line.every((c) => text(c).trim() === '')) continue;
    const cells: AnsweredRow['cells'] = {};
    const formulas = new Set<ListColumnKey>();
    for (const [key, index] of columns) {
      const cell = line[index];
      cells[key] = cell ? cell.text : null;
      if (cell?.formula) formulas.add(key);
    }
    rows.push({ row: r + 1, cells, formulas });
  }
  // The hidden sheet is the machine's copy; the visible block stands in when a site copied the rows elsewhere.
  const meta = { ...metaFromBlock(grid, headerIndex), ...(hiddenMeta ? metaFromSheet(hiddenMeta) : {}) };
  return { meta, rows, encoding };
}
