import type { DbConnection } from './engine';

/**
 * Rows sent to PostgreSQL one array a column: `unnest(?::text[], ?::integer[], ...)` in a statement
 * of a fixed, short text, whatever the number of rows, instead of a VALUES list with a placeholder a
 * value. Each array travels as the text of a PostgreSQL array literal, built here, so a chunk of
 * rows is a dozen strings: the bridge (pg-sync-client.ts) copies strings, not thousands of values,
 * node-postgres writes a dozen parameters, and the server parses one short statement and plans it
 * once a chunk, instead of a statement of up to 30,000 parameters.
 */

/** The text of a PostgreSQL array literal holding `values` (text, numbers, null), as `?::type[]` reads it. */
export function arrayLiteral(values: readonly unknown[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) parts[i] = 'NULL';
    else if (typeof v === 'number' || typeof v === 'bigint') parts[i] = String(v);
    else {
      const text = String(v);
      parts[i] = `"${/["\\]/.test(text) ? text.replace(/["\\]/g, '\\$&') : text}"`;
    }
  }
  return `{${parts.join(',')}}`;
}

/** `unnest(?::t0[], ?::t1[], ...) WITH ORDINALITY AS u(c0, c1, ..., n)`: the rows as `u.c<i>`, their order as `u.n`. */
export function unnestFrom(types: readonly string[]): string {
  const arrays = types.map((t) => `?::${t}[]`).join(', ');
  const names = types.map((_, i) => `c${i}`).join(', ');
  return `unnest(${arrays}) WITH ORDINALITY AS u(${names}, n)`;
}

const columnTypesOf = new WeakMap<DbConnection, Map<string, Map<string, string>>>();

/** A table's column types (lower-case name -> PostgreSQL type), read from the catalog once a connection. */
export function columnTypes(connection: DbConnection, table: string): Map<string, string> {
  let tables = columnTypesOf.get(connection);
  if (tables === undefined) columnTypesOf.set(connection, (tables = new Map()));
  let types = tables.get(table);
  if (types === undefined) {
    const rows = connection
      .prepare(
        `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
         WHERE attrelid = CAST(? AS regclass) AND attnum > 0 AND NOT attisdropped`,
      )
      .all(table) as { name: string; type: string }[];
    types = new Map(rows.map((r) => [r.name, r.type]));
    tables.set(table, types);
  }
  return types;
}

/** The types of `columns` (names as the SQL spells them, quoted or not) of `table`. */
export function typesOf(connection: DbConnection, table: string, columns: readonly string[]): string[] {
  const types = columnTypes(connection, table);
  return columns.map((c) => {
    const type = types.get(c.replace(/"/g, '').toLowerCase());
    if (type === undefined) throw new Error(`${table} has no column ${c}`);
    return type;
  });
}

/** Rows a statement carries at most, and characters of text (a chunk is built in memory and sent at once). */
const CHUNK_ROWS = 5_000;
const CHUNK_CHARS = 8_000_000;

/**
 * Sends `rows` (each `width` values) in chunks: `send` gets one array literal a column and the
 * number of rows, and answers the rows it changed; answers their sum.
 */
export function sendInChunks(
  rows: Iterable<readonly unknown[]>,
  width: number,
  send: (arrays: string[], count: number) => number,
): number {
  let columns: unknown[][] = Array.from({ length: width }, () => []);
  let count = 0;
  let chars = 0;
  let changed = 0;
  const flush = () => {
    if (count === 0) return;
    changed += send(columns.map(arrayLiteral), count);
    columns = Array.from({ length: width }, () => []);
    count = 0;
    chars = 0;
  };
  for (const row of rows) {
    for (let i = 0; i < width; i++) {
      const v = row[i];
      columns[i]!.push(v);
      if (typeof v === 'string') chars += v.length;
    }
    if (++count === CHUNK_ROWS || chars >= CHUNK_CHARS) flush();
  }
  flush();
  return changed;
}

/** Appends rows to a table, a chunk a statement, in the order given (ids follow it). */
export function pgInsertRows(
  connection: DbConnection,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly unknown[]>,
): number {
  const statement = connection.prepare(
    `INSERT INTO ${table} (${columns.join(', ')})
     SELECT ${columns.map((_, i) => `u.c${i}`).join(', ')} FROM ${unnestFrom(typesOf(connection, table, columns))} ORDER BY u.n`,
  );
  return sendInChunks(rows, columns.length, (arrays) => statement.run(...arrays).changes);
}
