import type { FiguresOrder } from '../standardise/dates';
import type { StandardisedCell } from '../standardise/standardise-value';
import type { ExcelValue, SourceRow } from './source-table';

/**
 * Dates with day and month in figures before the year. One export is written by one system with
 * one setting, so a date that could be read either way round (`05/03/2018`) is read the way the
 * file's other dates show (a day over 12: `25/03/2018` is day first); a file with no such date of
 * its own (a DS file of one row) goes by the other files of its export. Where the dates show both
 * ways, or neither, the date is left for the site to answer (DATA-01, naming both readings).
 */

/** A date column of a file: where its cells are, and how they are standardised. */
export interface FileDateColumn {
  fileIndex: number;
  standardise: (raw: string, excel: ExcelValue | undefined) => StandardisedCell;
}

/** A file's (or an export's) dates in figures: those that can be read one way only, and the others. */
export interface FiguresEvidence {
  dayFirst: number;
  monthFirst: number;
  ambiguous: number;
}

/** Which way a table's dates are read, and what says so. */
export interface FiguresDecision {
  order: FiguresOrder;
  /** How many dates can be read only that way: of the file, or of the export's other files. */
  proven: number;
  basis: 'file' | 'export';
}

export const NO_FIGURES: FiguresEvidence = { dayFirst: 0, monthFirst: 0, ambiguous: 0 };

const isDigit = (code: number) => code >= 0x30 && code <= 0x39;
const isSeparator = (code: number) => code === 0x2f || code === 0x2e || code === 0x2d || code === 0x20;

/** Could be day and month in figures before the year (`5/3/2018`, `05.03.2018`); not ISO. */
function mayBeFigures(raw: string): boolean {
  const first = raw.charCodeAt(0);
  if (first >= 0xff10) return true; // full width: left to the reader
  if (!isDigit(first)) return false;
  const second = raw.charCodeAt(1);
  return isSeparator(second) || (isDigit(second) && isSeparator(raw.charCodeAt(2)));
}

export function figuresEvidenceOf(
  rows: readonly SourceRow[],
  columns: readonly FileDateColumn[],
): FiguresEvidence {
  const evidence = { ...NO_FIGURES };
  if (columns.length === 0) return evidence;
  for (const row of rows) {
    for (const column of columns) {
      const raw = row.cells[column.fileIndex];
      if (raw === undefined || !mayBeFigures(raw)) continue;
      const cell = column.standardise(raw, row.excel?.[column.fileIndex]);
      if (cell.order !== undefined) evidence[cell.order]++;
      else if (cell.readings !== undefined) evidence.ambiguous++;
    }
  }
  return evidence;
}

export function addEvidence(total: FiguresEvidence, more: FiguresEvidence): void {
  total.dayFirst += more.dayFirst;
  total.monthFirst += more.monthFirst;
  total.ambiguous += more.ambiguous;
}

/** One way shown and never the other. */
function oneWay(evidence: FiguresEvidence, basis: FiguresDecision['basis']): FiguresDecision | null {
  const { dayFirst, monthFirst } = evidence;
  if (dayFirst > 0 && monthFirst === 0) return { order: 'dayFirst', proven: dayFirst, basis };
  if (monthFirst > 0 && dayFirst === 0) return { order: 'monthFirst', proven: monthFirst, basis };
  return null;
}

/** The file's own decision, or 'export' where it has dates either way round and nothing to tell by. */
export function fileDecision(evidence: FiguresEvidence): FiguresDecision | null | 'export' {
  const own = oneWay(evidence, 'file');
  if (own !== null) return own;
  return evidence.ambiguous > 0 && evidence.dayFirst === 0 && evidence.monthFirst === 0 ? 'export' : null;
}

export function exportDecision(evidence: FiguresEvidence): FiguresDecision | null {
  return oneWay(evidence, 'export');
}
