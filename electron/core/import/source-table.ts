import type { ExcelValue } from '../standardise/excel-value';

/** What a reader hands over: one form's table from one file (or sheet), every cell as raw text. */

export type { ExcelValue };

export interface SourceRow {
  /** 1-based line (CSV: the line the record starts on; xlsx: the sheet row). */
  line: number;
  cells: string[];
  /** xlsx only: typed values by cell index, where Excel had them. */
  excel?: (ExcelValue | undefined)[];
}

export interface SourceTable {
  /** Path of the file as given (absolute). */
  path: string;
  fileName: string;
  sheet: string | null;
  form: string;
  header: string[];
  /** Line of the header (1 for CSV, the sheet row for xlsx). */
  headerLine: number;
  rows: SourceRow[];
  encoding: string | null;
  sha256: string;
  bytes: number;
}
