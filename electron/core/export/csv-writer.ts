import Papa from 'papaparse';
import { guardFormula } from '../common/formula-guard';

export type CsvValue = string | number | boolean | null | undefined;

function cell(value: CsvValue): string | number | boolean {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? guardFormula(value) : value;
}

/** RFC 4180 CSV (CRLF, quotes where needed), every text cell formula-safe. */
export function toCsv(
  columns: readonly string[],
  rows: Iterable<readonly CsvValue[]>,
  options: { header?: boolean } = {},
): string {
  const data: (string | number | boolean)[][] = [];
  if (options.header ?? true) data.push(columns.map((c) => guardFormula(c)));
  for (const row of rows) data.push(row.map(cell));
  return Papa.unparse(data, { newline: '\r\n', quotes: false, escapeFormulae: false });
}

/** Excel opens UTF-8 CSV with Korean text correctly only when it starts with a byte-order mark. */
export const UTF8_BOM = '\uFEFF';
