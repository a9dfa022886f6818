import type { ColumnModel, StudyModel } from '../study/study-model';

/**
 * SQL pieces every check shares, so that each rule is written once. Dates are compared through
 * their `_lo` / `_hi` day numbers (the first and last day a partial date may stand for): a check
 * fires only where its condition holds for every full date a partial one may stand for.
 */

/** `a` is certainly before `b` (a.hi < b.lo). Arguments are column prefixes like `ae."AESTDAT"` without quotes: pass `ae.AESTDAT`. */
export function before(a: string, b: string): string {
  return `(${lo(b)} IS NOT NULL AND ${hi(a)} < ${lo(b)})`;
}

/** `a` is certainly after `b`. */
export function after(a: string, b: string): string {
  return `(${lo(a)} IS NOT NULL AND ${lo(a)} > ${hi(b)})`;
}

/**
 * The date may lie in [from, to]. A date the record lacks, or that could not be read, may lie
 * anywhere: a check that looks for something missing does not fire on it (DATA-01/02 report it).
 */
export function mayLieWithin(date: string, from: string, to: string): string {
  return `((${hi(date)} IS NULL OR ${hi(date)} >= ${from}) AND (${lo(date)} IS NULL OR ${lo(date)} <= ${to}))`;
}

export function lo(date: string): string {
  return quoteDate(date, 'lo');
}

export function hi(date: string): string {
  return quoteDate(date, 'hi');
}

function quoteDate(date: string, bound: 'lo' | 'hi'): string {
  const dot = date.lastIndexOf('.');
  if (dot === -1) return `"${date}_${bound}"`;
  return `${date.slice(0, dot)}."${date.slice(dot + 1)}_${bound}"`;
}

/** Day number -> ISO date text, for messages. */
export function isoOf(dayExpression: string): string {
  return `date((${dayExpression}) * 86400, 'unixepoch')`;
}

/** The record key as people read it: duplicates of one key are `key#2`, `key#3`. */
export function recordKeyOf(alias: string): string {
  return `(CASE WHEN ${alias}.occurrence > 1 THEN ${alias}.record_key || '#' || ${alias}.occurrence ELSE ${alias}.record_key END)`;
}

/** JSON array of related records, e.g. related([['EX', 'p.record_id']]); entries whose id is NULL are ignored when read. */
export function related(entries: [form: string, recordIdExpression: string][]): string {
  return `json_array(${entries.map(([form, id]) => `json_object('form', '${form}', 'recordId', ${id})`).join(', ')})`;
}

/** A number as people write it inside a value made of several (4, not 4.0). */
export function num(expression: string): string {
  return `(CASE WHEN ${expression} = CAST(${expression} AS INTEGER) THEN CAST(CAST(${expression} AS INTEGER) AS TEXT) ELSE CAST(${expression} AS TEXT) END)`;
}

// ---------------------------------------------------------------------------------------------
// Messages. A check says no words in SQL: it returns which of its templates applies (the study
// definition's checks.<ID>.messages, or a shared phrase of its messages) and the named values
// that fill it in, as JSON. Numbers and dates are values; every door renders the words.
// ---------------------------------------------------------------------------------------------

/** A message (or a phrase nested in one): `json_object('key', ..., 'values', json_object(...))`. */
export function message(key: string, values: Record<string, string> = {}): string {
  return messageOf(`'${key}'`, values);
}

/** A message whose key the query decides (`CASE ... THEN 'exact' ELSE 'atMost' END`), with the same values. */
export function messageOf(keyExpression: string, values: Record<string, string> = {}): string {
  const pairs = Object.entries(values).map(([name, sql]) => `'${name}', ${sql}`);
  return `json_object('key', ${keyExpression}, 'values', json_object(${pairs.join(', ')}))`;
}

/** A JSON value made in TypeScript from the study model (never from data), as SQL. */
export function jsonValue(value: unknown): string {
  return `json(${sqlText(JSON.stringify(value))})`;
}

/** Text as an SQL string literal (for names taken from the study model, never from data). */
export function sqlText(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** A column's label in English and Korean, for a message. */
export function labelOf(column: ColumnModel): { en: string; ko: string | null } {
  return { en: column.label, ko: column.labelKo ?? null };
}

/** The items of a JSON list parameter, as a list value: `(SELECT json_group_array(value) FROM json_each(@p))`. */
export function listOf(param: string): string {
  return `(SELECT json_group_array(value ORDER BY key) FROM json_each(${param}))`;
}

// ---------------------------------------------------------------------------------------------
// Raw text, and column names given as check parameters (added for the AEDT, AECON, ELIG and DATA
// checks). The form TABLES (form_<code>, not the views) keep what the site wrote as a JSON array
// in column order (`raw`) and the value problems (`issues`).
// ---------------------------------------------------------------------------------------------

/** The raw text the site wrote in a column of a form-table row (NULL when the file had no such column). */
export function rawOf(alias: string, columnIndex: number): string {
  return `json_extract(${alias}.raw, '$[${columnIndex}]')`;
}

/** The import could not read the value of a column (it is NULL and the record's issues name it). */
export function unreadable(alias: string, column: string): string {
  return `(${alias}.issues IS NOT NULL AND json_extract(${alias}.issues, '$.${column}') IS NOT NULL)`;
}

/**
 * A check parameter that names columns of a form (AECON-01's seriousness criteria, ELIG-03's prior
 * treatments): the columns, checked against the study definition so that they can go into SQL.
 */
export function columnsOfParam(
  model: StudyModel,
  checkId: string,
  param: string,
  form: string,
): ColumnModel[] {
  const value = model.definition.checks[checkId]?.params[param];
  if (!Array.isArray(value) || value.length === 0)
    throw new Error(`study definition: checks.${checkId}.params.${param} must list columns of ${form}`);
  const formModel = model.formByCode.get(form);
  return value.map((name) => {
    const column = formModel?.columnByName.get(String(name));
    if (column === undefined)
      throw new Error(
        `study definition: checks.${checkId}.params.${param}: ${String(name)} is not a column of ${form}`,
      );
    return column;
  });
}
