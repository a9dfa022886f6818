import type { MessageArgs } from '../../../shared/messages/render-message';
import { badInput, placeFacts } from '../common/errors';
import { looksLikeFormula } from '../common/formula-guard';
import { columnPlace, importNote, noteArgs, type ImportNote } from './import-notes';
import {
  columnLabel,
  formatCount,
  MAX_CELL_CHARS,
  MAX_COLUMNS,
  MAX_ROWS,
  MAX_TABLE_CELLS,
} from './source-limits';
import type { SourceRow } from './source-table';
import { splitRows } from './split-delimited';
import { titleAboveHeader, titleOf } from './title-line';

export type Delimiter = ',' | '\t';
type LineBreak = '\r\n' | '\n' | '\r';

export interface DelimitedTable {
  delimiter: Delimiter;
  header: string[];
  headerLine: number;
  rows: SourceRow[];
  /** One line each; the caller adds the file. */
  warnings: ImportNote[];
}

const QUOTE = 0x22;
/**
 * Repeated short values (codes, dates, subject IDs) share one string: a 100 MB export holds
 * millions of cells but few distinct short values. Measured on one: 35% less memory and 20% less
 * CPU (garbage collection of millions of kept strings costs more than the lookups).
 */
const SHARED_MAX_LENGTH = 32;
const SHARED_MAX_VALUES = 100_000;
/** V8 makes substrings this long views into the whole text, which would keep it alive. */
const SLICE_MIN_LENGTH = 13;

/** A copy of a cell that does not hold on to the text it was cut from (a two-byte string twice the file's size). */
function detached(cell: string): string {
  return cell.length < SLICE_MIN_LENGTH ? cell : (' ' + cell).slice(1);
}

/**
 * Excel's hint of the separator, a first line `sep=,` (or `sep=;`) that Excel reads and does not
 * show: the separator it names, if the line is one.
 */
const SEPARATOR_LINE = /^sep=(.)$/i;

function separatorNamed(file: string, separator: string): Delimiter {
  if (separator === ',' || separator === '\t') return separator;
  throw badInput(
    `${file}: fields separated by '${separator}'; save the file as comma- or tab-separated text`,
    { kind: 'FILE_UNREADABLE', facts: { file } },
  );
}

/** .tsv is tab-separated; otherwise the header line decides (.txt from Excel is tab, .csv is comma). */
export function chooseDelimiter(fileName: string, text: string, file: string): Delimiter {
  const headerLine = firstNonEmptyLine(text);
  const named = SEPARATOR_LINE.exec(headerLine);
  if (named) return separatorNamed(file, named[1]!);
  if (fileName.toLowerCase().endsWith('.tsv')) return '\t';
  const tabs = countOf(headerLine, '\t');
  const commas = countOf(headerLine, ',');
  if (tabs === 0 && commas === 0 && headerLine.includes(';')) return separatorNamed(file, ';');
  return tabs > commas ? '\t' : ',';
}

/**
 * Parses delimited text (RFC 4180 quoting) into a header and rows of raw cells. Each row keeps the
 * line its record starts on; empty lines and rows of empty cells are skipped. Null when the text
 * has no header line at all.
 */
export function parseDelimited(
  text: string,
  delimiter: Delimiter,
  file: string,
  limits: { maxRows: number; maxCells: number } = { maxRows: MAX_ROWS, maxCells: MAX_TABLE_CELLS },
): DelimitedTable | null {
  const newline = detectLineBreak(text);
  const lines = new LineCounter(text, newline === '\r' ? '\r' : '\n');
  refuseBrokenQuotes(text, delimiter, newline, file, lines);

  let header: string[] | undefined;
  let separatorLineSeen = false;
  let headerLine = 0;
  let width = 0;
  const rows: SourceRow[] = [];
  let namelessWithValues: number[] = [];
  const namelessSeen = new Set<number>();
  const warnings: ImportNote[] = [];
  let formulaCells = 0;
  let firstFormula: MessageArgs | undefined;
  const shared = new Map<string, string>();

  splitRows(text, delimiter, newline, (cells, rowStart) => {
    const line = lines.lineAt(rowStart);

    if (header === undefined) {
      if (isEmptyRow(cells)) return;
      if (!separatorLineSeen && SEPARATOR_LINE.test(cells.join(delimiter))) {
        separatorLineSeen = true;
        return;
      }
      if (cells.length > MAX_COLUMNS) {
        throw badInput(
          `${file}: line ${line}: ${formatCount(cells.length)} columns; at most ${formatCount(MAX_COLUMNS)} are read`,
          { kind: 'FILE_UNREADABLE', facts: placeFacts({ file, line }) },
        );
      }
      refuseLongCells(cells, cells, line, file);
      header = cells.map(detached);
      headerLine = line;
      width = cells.length;
      namelessWithValues = header.flatMap((name, i) => (name.trim() === '' ? [i] : []));
      return;
    }

    let empty = true;
    for (let c = 0; c < cells.length; c++) {
      const cell = cells[c]!;
      if (cell.length === 0) continue;
      empty = false;
      if (cell.length > SHARED_MAX_LENGTH) {
        if (cell.length > MAX_CELL_CHARS) refuseLongCells(cells, header, line, file);
        cells[c] = detached(cell);
      } else if (cell.length > 1) {
        // (V8 already shares one-character strings.)
        const same = shared.get(cell);
        if (same !== undefined) cells[c] = same;
        else if (shared.size < SHARED_MAX_VALUES) shared.set(cell, (cells[c] = detached(cell)));
        else cells[c] = detached(cell);
      }
      if (looksLikeFormula(cell) && formulaCells++ === 0) {
        firstFormula = noteArgs('atLine', { line, column: columnPlace(c, header[c]) });
      }
    }
    if (empty) return;
    if (cells.length > width) {
      const extra = cells.findIndex((cell, c) => c >= width && cell !== '');
      const title = rows.length === 0 ? titleOf(header) : undefined;
      if (extra !== -1 && title !== undefined) {
        throw badInput(titleAboveHeader(file, 'line', headerLine, title), {
          kind: 'HEADER_NOT_FIRST',
          facts: placeFacts({ file, line: headerLine }),
        });
      }
      if (extra !== -1) {
        throw badInput(
          `${file}: line ${line}: ${cells.length} fields, more than the ${width} columns of the header (column ${extra + 1} holds ${quoteCell(cells[extra]!)})`,
          { kind: 'FILE_UNREADABLE', facts: placeFacts({ file, line }) },
        );
      }
      cells.length = width;
    }
    while (cells.length < width) cells.push('');
    for (const c of namelessWithValues) {
      if (cells[c] !== '' && !namelessSeen.has(c)) {
        namelessSeen.add(c);
        warnings.push(importNote('namelessColumn', { line, column: c + 1 }));
      }
    }
    if (rows.length >= limits.maxRows || (rows.length + 1) * width > limits.maxCells) {
      const what =
        rows.length >= limits.maxRows
          ? `${formatCount(limits.maxRows)} rows`
          : `${formatCount(limits.maxCells)} cells`;
      throw badInput(`${file}: line ${line}: more than ${what}; a table this large is not read`, {
        kind: 'FILE_UNREADABLE',
        facts: placeFacts({ file, line }),
      });
    }
    rows.push({ line, cells });
  });

  if (header === undefined) return null;
  if (formulaCells > 0) {
    warnings.push(
      formulaCells === 1
        ? importNote('formulaLikeCell', { first: firstFormula! })
        : importNote('formulaLikeCells', { count: formatCount(formulaCells), first: firstFormula! }),
    );
  }
  return { delimiter, header, headerLine, rows, warnings };
}

function refuseLongCells(
  cells: readonly string[],
  header: readonly string[],
  line: number,
  file: string,
): void {
  const c = cells.findIndex((cell) => cell.length > MAX_CELL_CHARS);
  if (c === -1) return;
  throw badInput(
    `${file}: line ${line}, ${columnLabel(header, c)}: a cell of ${formatCount(cells[c]!.length)} characters; the limit is ${formatCount(MAX_CELL_CHARS)}`,
    { kind: 'FILE_UNREADABLE', facts: placeFacts({ file, line, column: columnLabel(header, c) }) },
  );
}

function quoteCell(cell: string): string {
  return JSON.stringify(cell.length > 30 ? `${cell.slice(0, 27)}...` : cell);
}

function isEmptyRow(cells: readonly string[]): boolean {
  for (let c = 0; c < cells.length; c++) if (cells[c]!.length > 0) return false;
  return true;
}

/**
 * Finds each quoted field's closing quote with indexOf before the text is split into rows, so that
 * a quote that is never closed or has text after it is reported at the line where the field
 * opens; splitRows relies on it.
 */
function refuseBrokenQuotes(
  text: string,
  delimiter: Delimiter,
  newline: LineBreak,
  file: string,
  lines: LineCounter,
): void {
  const delim = delimiter.charCodeAt(0);
  const endsRow = (i: number) =>
    i === text.length || text.charCodeAt(i) === delim || text.startsWith(newline, i);
  const startsField = (i: number) =>
    i === 0 || text.charCodeAt(i - 1) === delim || text.startsWith(newline, i - newline.length);

  for (let open = text.indexOf('"'); open !== -1;) {
    if (!startsField(open)) {
      open = text.indexOf('"', open + 1); // a quote inside an unquoted field is text
      continue;
    }
    let close = text.indexOf('"', open + 1);
    while (close !== -1 && text.charCodeAt(close + 1) === QUOTE) close = text.indexOf('"', close + 2);
    if (close === -1)
      throw badInput(`${file}: line ${lines.lineOf(open)}: a quoted field is never closed`, {
        kind: 'FILE_UNREADABLE',
        facts: placeFacts({ file, line: lines.lineOf(open) }),
      });
    if (!endsRow(close + 1)) {
      const opened = lines.lineOf(open);
      const closed = lines.lineOf(close);
      if (opened === closed) {
        throw badInput(
          `${file}: line ${opened}: text after the closing quote of a quoted field (a quote inside a field must be doubled)`,
          { kind: 'FILE_UNREADABLE', facts: placeFacts({ file, line: opened }) },
        );
      }
      throw badInput(
        `${file}: line ${opened}: a quoted field is never closed (the next quote, on line ${closed}, does not end it)`,
        { kind: 'FILE_UNREADABLE', facts: placeFacts({ file, line: opened }) },
      );
    }
    open = text.indexOf('"', close + 1);
  }
}

function detectLineBreak(text: string): LineBreak {
  const cr = text.indexOf('\r');
  if (cr === -1) return '\n';
  const lf = text.indexOf('\n');
  if (lf === -1) return '\r';
  if (cr + 1 === lf) return '\r\n';
  return lf < cr ? '\n' : '\r';
}

/** Line numbers of text offsets, counted forward once (lineAt) or from the start (lineOf). */
class LineCounter {
  private line = 1;
  private nextBreak: number;

  constructor(
    private readonly text: string,
    private readonly breakChar: '\n' | '\r',
  ) {
    this.nextBreak = text.indexOf(breakChar);
  }

  /** Offsets must not decrease from one call to the next. */
  lineAt(offset: number): number {
    while (this.nextBreak !== -1 && this.nextBreak < offset) {
      this.line++;
      this.nextBreak = this.text.indexOf(this.breakChar, this.nextBreak + 1);
    }
    return this.line;
  }

  lineOf(offset: number): number {
    return new LineCounter(this.text, this.breakChar).lineAt(offset);
  }
}

function firstNonEmptyLine(text: string): string {
  for (let start = 0; start < text.length;) {
    let end = start;
    while (end < text.length && text[end] !== '\n' && text[end] !== '\r' && end - start < 1_000_000) end++;
    const line = text.slice(start, end);
    if (line.trim() !== '') return line;
    start = end + 1;
  }
  return '';
}

function countOf(text: string, char: string): number {
  let count = 0;
  for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1)) count++;
  return count;
}
