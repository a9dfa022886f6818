/**
 * CSV built in the renderer (audit trail export). No cell may start a formula when the file is opened
 * in a spreadsheet: text beginning with =, +, -, @, tab or carriage return gets a leading apostrophe.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function formulaSafe(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export type CsvValue = string | number | boolean | null | undefined;

/** One field: formula-safe for text, quoted when it holds a comma, quote or line break. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? formulaSafe(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export interface CsvColumn<Row> {
  header: string;
  value: (row: Row) => CsvValue;
}

/** A whole file: header row, then one line a row, CRLF, with a UTF-8 BOM so that Excel reads Hangul. */
export function toCsv<Row>(columns: readonly CsvColumn<Row>[], rows: readonly Row[]): string {
  const lines = [columns.map((c) => csvField(c.header)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(c.value(row))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
