/**
 * What every repository uses of a database engine: prepared statements, SQL run as it is, one
 * transaction at a time, and writes that may wait for the next read. better-sqlite3's connection
 * is one as it is (no wrapper, nothing slower); the PostgreSQL engine (postgres/) implements it
 * over a connection held by its own thread. The SQL text is the same for both: the PostgreSQL side
 * translates its placeholders and spellings (pg-translate.ts); what cannot be translated
 * is spelled by the engine's dialect (sql-dialect.ts).
 */

export type EngineKind = 'sqlite' | 'postgres';

export interface RunResult {
  changes: number;
}

/** Parameters: positional (`?`), or one object for named ones (`@name`). */
export type BindParameters = unknown[];

export interface DbStatement {
  run(...params: BindParameters): RunResult;
  get(...params: BindParameters): unknown;
  all(...params: BindParameters): unknown[];
  iterate(...params: BindParameters): IterableIterator<unknown>;
  /** Rows as arrays of values, in column order. */
  raw(toggle?: boolean): this;
  /** Rows as their first value. */
  pluck(toggle?: boolean): this;
}

export interface DbTransaction<T> {
  (): T;
  /** Takes the write lock before anything is read (SQLite BEGIN IMMEDIATE). */
  immediate(): T;
}

export interface DbConnection {
  prepare(sql: string): DbStatement;
  /** One or more statements without parameters (DDL, temporary tables). */
  exec(sql: string): unknown;
  /** `work` in a transaction (a savepoint when one is open): committed when it returns, rolled back when it throws. */
  transaction<T>(work: () => T): DbTransaction<T>;
  close(): void;
  /** A JavaScript function callable from SQL (SQLite only: the embedded engine runs in this process). */
  function?(name: string, options: { deterministic?: boolean }, fn: (...args: unknown[]) => unknown): unknown;
}
