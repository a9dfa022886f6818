/**
 * The SQL dialect's spellings that checks use in their queries: dates from day numbers, numbers
 * as text, JSON arrays and the raw-text and issues columns of the form tables. The form TABLES
 * (form_<code>, not the views) keep what the site wrote as a JSON array in column order (`raw`)
 * and the value problems (`issues`). Another engine spells these here, not in the catalog.
 */

/** Day number -> ISO date text, for messages. */
export function isoOf(dayExpression: string): string {
  return `date((${dayExpression}) * 86400, 'unixepoch')`;
}

/** JSON array of related records, e.g. related([['EX', 'p.record_id']]); entries whose id is NULL are ignored when read. */
export function related(entries: [form: string, recordIdExpression: string][]): string {
  return `json_array(${entries.map(([form, id]) => `json_object('form', '${form}', 'recordId', ${id})`).join(', ')})`;
}

/** A number as people write it: 4, not 4.0. */
export function num(expression: string): string {
  return `(CASE WHEN ${expression} = CAST(${expression} AS INTEGER) THEN CAST(CAST(${expression} AS INTEGER) AS TEXT) ELSE CAST(${expression} AS TEXT) END)`;
}

/** The raw text the site wrote in a column of a form-table row (NULL when the file had no such column). */
export function rawOf(alias: string, columnIndex: number): string {
  return `json_extract(${alias}.raw, '$[${columnIndex}]')`;
}

/** The import could not read the value of a column (it is NULL and the record's issues name it). */
export function unreadable(alias: string, column: string): string {
  return `(${alias}.issues IS NOT NULL AND json_extract(${alias}.issues, '$.${column}') IS NOT NULL)`;
}
