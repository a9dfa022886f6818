import type { DbConnection, EngineKind } from './engine';

/**
 * SQL spelled differently by each engine. Two kinds:
 *
 * - The spellings every check query shares (dates from day numbers, numbers as text, JSON arrays,
 *   the raw-text and issues columns of the form tables) are written once, in SQLite's words, as
 *   the functions below: the catalog calls them when it is loaded. PostgreSQL runs them through
 *   functions of the same name that a migration gives it (json_extract, date(day, 'unixepoch'),
 *   ...; pg-mirror-functions.ts). The form TABLES (form_<code>, not the views) keep what
 *   the site wrote as a JSON array in column order (`raw`) and the value problems (`issues`).
 * - What no function can mirror (a column whose values are numbers or text, lists of integers,
 *   time arithmetic, bulk writes) is a method of the engine's SqlDialect, which repositories and
 *   the few checks that need it receive with the open database.
 *
 * Checks' messages are named values (JSON objects) made by the functions below, rendered by the doors.
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

export interface SqlDialect {
  readonly engine: EngineKind;
  /**
   * A lab result (a column of type labresult) holds a number for numeric tests and a code for
   * coded ones: SQLite keeps either in one column; PostgreSQL keeps the value as JSON (jsonb).
   */
  isNumber(value: string): string;
  /** The lab result as a number (only where isNumber holds). */
  numberOf(value: string): string;
  /** The lab result as text (a code, or the number's text). */
  textOf(value: string): string;
  /** The placeholder of a labresult column's value in INSERT and UPDATE, and the value bound there. */
  dynamicPlaceholder(placeholder: string): string;
  dynamicValue(value: unknown): unknown;
  /** `column` is one of the integers of a JSON array bound at `param` (ids). */
  inIntegerList(column: string, param: string): string;
  /** Days from the ISO time `older` to the ISO time `newer`, as a real number. */
  daysBetween(newer: string, older: string): string;
  /** Takes a lock named by `?` until the transaction ends (null: writers are one at a time anyway). */
  serializeSql: string | null;
  /**
   * First statement of a read transaction that must see one state of the study throughout (null:
   * SQLite's read transaction sees the state of its first read until it ends).
   */
  snapshotSql: string | null;
  /** After a SELECT whose rows the transaction will change: lock them against other writers. */
  lockRows: string;
  /** A key column numbered by the database (SQLite's rowid alias; an identity column). */
  autoIncrementKey: string;
  /** The study's tables (name), and a table's columns (name; the table bound at `?`). */
  tablesSql: string;
  columnsSql: string;
  /** Run first in a transaction that must read one consistent state of every table (a copy). */
  consistentReadSql: readonly string[];
  /** After rows were copied with their ids: what makes the next ids follow them. */
  afterBulkCopySql(connection: DbConnection): string[];
  /** A common table expression `ids (id)` of the integers from the first `?` to the second. */
  integerSeriesSql: string;
  /** How many rows one INSERT or UPDATE of `width` values a row carries. */
  rowsPerStatement(width: number): number;
  /** A temporary table's column type: none on SQLite (values keep their own), PostgreSQL's own. */
  scratchType(kind: 'text' | 'integer' | 'number' | 'boolean'): string;
  /** Turns a table's triggers off inside the current transaction (a copy); answers what turns them on again. */
  suspendTriggers(connection: DbConnection, table: string): () => void;
}

/** SQLite: what the SQL of this workstation was first written in. */
export const SQLITE_DIALECT: SqlDialect = {
  engine: 'sqlite',
  isNumber: (value) => `typeof(${value}) IN ('integer', 'real')`,
  numberOf: (value) => value,
  textOf: (value) => value,
  dynamicPlaceholder: (placeholder) => placeholder,
  dynamicValue: (value) => value,
  inIntegerList: (column, param) => `${column} IN (SELECT value FROM json_each(${param}))`,
  daysBetween: (newer, older) => `(julianday(${newer}) - julianday(${older}))`,
  autoIncrementKey: 'INTEGER PRIMARY KEY',
  lockRows: '',
  serializeSql: null,
  snapshotSql: null,
  tablesSql:
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
  columnsSql: 'SELECT name FROM pragma_table_info(?)',
  consistentReadSql: [],
  afterBulkCopySql: () => [],
  integerSeriesSql:
    'WITH RECURSIVE ids (id) AS (SELECT CAST(? AS INTEGER) UNION ALL SELECT id + 1 FROM ids WHERE id < ?)',
  // Binding parameters is most of the cost of writing a row (better-sqlite3 converts each); 16 rows
  // a statement, bound as arguments rather than an array, cut the native calls of an import by a third.
  rowsPerStatement: () => 16,
  scratchType: () => '',
  // SQLite cannot disable a trigger: it is dropped and made again from its own text.
  suspendTriggers: (connection, table) => {
    const triggers = connection
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?")
      .all(table) as { name: string; sql: string }[];
    for (const t of triggers) connection.exec(`DROP TRIGGER "${t.name}"`);
    return () => {
      for (const t of triggers) connection.exec(t.sql);
    };
  },
};

// ---------------------------------------------------------------------------------------------
// Messages. A check says no words in SQL: it returns which of its templates applies (the study
// definition's checks.<ID>.messages, or a shared phrase of its messages) and the named values
// that fill them in, as JSON. Numbers and dates are values; every door renders the words.
// ---------------------------------------------------------------------------------------------

/** A message (or a phrase nested in one): `json_object('key', ..., 'values', json_object(...))`. */
export function message(key: string, values: Record<string, string> = {}): string {
  return messageOf(`'${key}'`, values);
}

/** A message whose key the query decides (`CASE ... THEN 'exact' ELSE 'atMost' END`), with the same values. */
export function messageOf(keyExpression: string, values: Record<string, string> = {}): string {
  // A bare parameter has no type PostgreSQL can infer inside json_object: json_quote gives it one (the same JSON on SQLite).
  const pairs = Object.entries(values).map(
    ([name, sql]) => `'${name}', ${/^@\w+$/.test(sql) ? jsonOf(sql) : sql}`,
  );
  return `json_object('key', ${keyExpression}, 'values', json_object(${pairs.join(', ')}))`;
}

/**
 * A value as JSON, for a message value whose CASE mixes phrases (JSON objects) with text or
 * numbers: SQLite embeds the text or number as it would the value itself; PostgreSQL's branches of
 * one CASE must share a type (its json_quote is to_json: pg-mirror-functions.ts).
 */
export function jsonOf(expression: string): string {
  return `json_quote(${expression})`;
}

/** A message value, or '?' where the record has none (a number stays a number in the message's values). */
export function orUnknown(expression: string): string {
  return `(CASE WHEN ${expression} IS NULL THEN json_quote('?') ELSE json_quote(${expression}) END)`;
}

/** A JSON value made in TypeScript from the study model (never from data), as SQL. */
export function jsonValue(value: unknown): string {
  return `json(${sqlText(JSON.stringify(value))})`;
}

/** Text as an SQL string literal (for names taken from the study model, never from data). */
export function sqlText(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** The items of a JSON list parameter, as a list value. */
export function listOf(param: string): string {
  return `(SELECT json_group_array(value ORDER BY key) FROM json_each(${param}))`;
}
