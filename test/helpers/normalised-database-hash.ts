import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';

/**
 * What two complete imports of the same export, by the same user, into copies of the same
 * database disagree on: the moment of the import (crash-safety.test.ts finds this out and checks
 * it is no more than this). Everything else an import writes is determined by its input.
 */
export const IMPORT_TIME_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  audit_events: ['at'],
  // When a verbatim arrived for coding: the moment of its import.
  coding: ['since'],
  imports: ['imported_at'],
};

type Row = Record<string, unknown>;

function tablesOf(db: Database.Database): string[] {
  return (
    db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all() as { name: string }[]
  ).map((t) => t.name);
}

function* rowsOf(db: Database.Database, table: string): Generator<Row> {
  yield* db.prepare(`SELECT * FROM "${table}" ORDER BY 1`).iterate() as Iterable<Row>;
}

/** databaseHash (database-hash.ts) with the given columns left out: every other value of every row of every table. */
export function normalisedDatabaseHash(
  file: string,
  ignore: Readonly<Record<string, readonly string[]>> = IMPORT_TIME_COLUMNS,
): string {
  const db = new Database(file, { readonly: true });
  try {
    const hash = createHash('sha256');
    for (const table of tablesOf(db)) {
      const statement = db.prepare(`SELECT * FROM "${table}" ORDER BY 1`).raw();
      const ignored = new Set(ignore[table] ?? []);
      const kept = statement.columns().flatMap((column, i) => (ignored.has(column.name) ? [] : [i]));
      hash.update(`\u0000${table}\u0000`);
      for (const row of statement.iterate() as Iterable<unknown[]>) {
        hash.update(JSON.stringify(kept.length === row.length ? row : kept.map((i) => row[i])));
      }
    }
    return hash.digest('hex');
  } finally {
    db.close();
  }
}

/** `table.column` for every column whose values differ between two databases (row by row), `table (rows)` when counts differ. */
export function differingColumns(fileA: string, fileB: string): string[] {
  const a = new Database(fileA, { readonly: true });
  const b = new Database(fileB, { readonly: true });
  try {
    const differing = new Set<string>();
    for (const table of new Set([...tablesOf(a), ...tablesOf(b)])) {
      const rowsA = tablesOf(a).includes(table) ? [...rowsOf(a, table)] : [];
      const rowsB = tablesOf(b).includes(table) ? [...rowsOf(b, table)] : [];
      if (rowsA.length !== rowsB.length) differing.add(`${table} (rows)`);
      for (let i = 0; i < Math.min(rowsA.length, rowsB.length); i++) {
        for (const column of new Set([...Object.keys(rowsA[i]!), ...Object.keys(rowsB[i]!)])) {
          if (JSON.stringify(rowsA[i]![column]) !== JSON.stringify(rowsB[i]![column]))
            differing.add(`${table}.${column}`);
        }
      }
    }
    return [...differing].sort();
  } finally {
    a.close();
    b.close();
  }
}
