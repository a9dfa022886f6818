import type { BindParameters, DbConnection, DbStatement, DbTransaction, RunResult } from './engine';
import { PgError, type PgSyncClient } from './pg-sync-client';
import { translateToPostgres, type TranslatedSql } from './pg-translate';

/**
 * better-sqlite3's interface over a PostgreSQL connection (the engine interface, engine.ts):
 * statements are translated once per text (pg-translate.ts) and run through the synchronous
 * client; transactions nest as savepoints, as better-sqlite3's do.
 */
export class PgConnection implements DbConnection {
  private readonly translations = new Map<string, TranslatedSql>();
  private depth = 0;
  private cursors = 0;
  /** Names every result column may carry besides those its statement spells (form columns, for SELECT *). */
  readonly knownCasing = new Map<string, string>();

  constructor(readonly client: PgSyncClient) {}

  prepare(sql: string): DbStatement {
    let translated = this.translations.get(sql);
    if (translated === undefined) this.translations.set(sql, (translated = translateToPostgres(sql)));
    return new PgStatement(this, translated);
  }

  exec(sql: string): void {
    const translated = translateToPostgres(sql);
    if (translated.positional > 0 || translated.names) throw new Error('exec takes no parameters');
    this.client.exec(translated.text);
  }

  transaction<T>(work: () => T): DbTransaction<T> {
    const run = (): T => {
      const outer = this.depth === 0;
      const savepoint = `sp${this.depth}`;
      this.client.exec(outer ? 'BEGIN' : `SAVEPOINT ${savepoint}`);
      this.depth++;
      try {
        const result = work();
        this.client.exec(outer ? 'COMMIT' : `RELEASE SAVEPOINT ${savepoint}`);
        return result;
      } catch (error) {
        this.client.exec(outer ? 'ROLLBACK' : `ROLLBACK TO SAVEPOINT ${savepoint}`);
        throw error;
      } finally {
        this.depth--;
      }
    };
    return Object.assign(run, { immediate: run });
  }

  /** A name for a new cursor of this connection. */
  newCursorName(): string {
    return `cdm_cursor_${++this.cursors}`;
  }

  get inTransaction(): boolean {
    return this.depth > 0;
  }

  close(): void {
    this.client.close();
  }

  /** Rows keyed as the statement spelled its columns. */
  casedRows(rows: Record<string, unknown>[], fields: string[], casing: Map<string, string>): unknown[] {
    const keys = fields.map((f) => casing.get(f) ?? this.knownCasing.get(f) ?? f);
    if (keys.every((k, i) => k === fields[i])) return rows;
    return rows.map((row) => {
      const cased: Record<string, unknown> = {};
      for (let i = 0; i < fields.length; i++) cased[keys[i]!] = row[fields[i]!];
      return cased;
    });
  }
}

/**
 * SQLite gives a bound value its own type; PostgreSQL infers one from where the placeholder stands,
 * and `? - 1` or `CASE WHEN x THEN ? ...` leave it unknown (text). So a number is bound with its
 * type written at its placeholder (`$4::integer`, `$5::double precision`): one text per pattern of
 * number parameters, cached with the statement.
 */
function typedText(sql: TranslatedSql, values: unknown[]): string {
  let signature = '';
  for (const v of values)
    signature += typeof v !== 'number' ? '-' : !Number.isInteger(v) ? 'f' : Math.abs(v) < 2 ** 31 ? 'i' : 'l';
  if (!/[ifl]/.test(signature)) return sql.text;
  let typed = sql.typed.get(signature);
  if (typed === undefined) {
    typed = sql.text.replace(/\$(\d+)\b/g, (placeholder, n: string) => {
      const kind = signature[Number(n) - 1];
      if (kind === 'i') return `${placeholder}::integer`; // as SQLite's functions take them (substr, round)
      if (kind === 'l') return `${placeholder}::bigint`;
      return kind === 'f' ? `${placeholder}::double precision` : placeholder;
    });
    if (sql.typed.size < 64) sql.typed.set(signature, typed);
  }
  return typed;
}

const isNamedParameters = (value: unknown) =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/** Rows a cursor brings at a time (iterate). */
const CURSOR_PAGE = 2_000;

class PgStatement implements DbStatement {
  private asArrays = false;
  private firstOnly = false;

  constructor(
    private readonly connection: PgConnection,
    private readonly sql: TranslatedSql,
  ) {}

  private values(params: BindParameters): unknown[] {
    const value = (v: unknown) => (typeof v === 'bigint' ? Number(v) : v === undefined ? null : v);
    if (this.sql.names) {
      const bound = (params[0] ?? {}) as Record<string, unknown>;
      return this.sql.names.map((name) => {
        if (!(name in bound)) throw new RangeError(`Missing named parameter "${name}"`);
        return value(bound[name]);
      });
    }
    const flat = params.flat();
    // A named-parameter object for a statement that names none (better-sqlite3 allows it).
    if (this.sql.positional === 0 && flat.length === 1 && isNamedParameters(flat[0])) return [];
    if (flat.length !== this.sql.positional)
      throw new RangeError(
        `Too ${flat.length > this.sql.positional ? 'many' : 'few'} parameter values were provided`,
      );
    return flat.map(value);
  }

  private rowMode() {
    return this.asArrays || this.firstOnly ? ('array' as const) : undefined;
  }

  private execute(params: BindParameters) {
    const values = this.values(params);
    const text = typedText(this.sql, values);
    try {
      return this.connection.client.query(text, values, this.rowMode());
    } catch (error) {
      if (process.env.CDM_PG_DEBUG && error instanceof PgError && error.position)
        console.error(
          `${error.message}\n  at: ${this.sql.text.slice(Math.max(0, error.position - 200), error.position + 80)}`,
        );
      throw error;
    }
  }

  private shaped(params: BindParameters): unknown[] {
    return this.shape(this.execute(params));
  }

  private shape(result: { rows: unknown[]; fields: string[] }): unknown[] {
    if (this.firstOnly) return (result.rows as unknown[][]).map((r) => r[0]);
    if (this.asArrays) return result.rows;
    return this.connection.casedRows(
      result.rows as Record<string, unknown>[],
      result.fields,
      this.sql.casing,
    );
  }

  run(...params: BindParameters): RunResult {
    return { changes: this.execute(params).rowCount };
  }

  get(...params: BindParameters): unknown {
    return this.shaped(params)[0];
  }

  all(...params: BindParameters): unknown[] {
    return this.shaped(params);
  }

  /**
   * Inside a transaction, the rows come a page at a time from a cursor (a whole table read by
   * `copy` need not be held at once); outside one, all at once (a cursor lives in a transaction,
   * and one left unread must not hold one open).
   */
  iterate(...params: BindParameters): IterableIterator<unknown> {
    if (!this.connection.inTransaction) return this.shaped(params)[Symbol.iterator]();
    return this.pages(params);
  }

  private *pages(params: BindParameters): IterableIterator<unknown> {
    const values = this.values(params);
    const cursor = this.connection.newCursorName();
    const client = this.connection.client;
    client.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${typedText(this.sql, values)}`, values);
    let open = true;
    try {
      for (;;) {
        const page = client.query(`FETCH ${CURSOR_PAGE} FROM ${cursor}`, [], this.rowMode());
        if (page.rows.length === 0) break;
        yield* this.shape(page);
      }
      client.exec(`CLOSE ${cursor}`);
      open = false;
    } finally {
      // Left before its end: closed if its transaction still runs (else it closed with it).
      if (open && this.connection.inTransaction)
        try {
          client.exec(`CLOSE ${cursor}`);
        } catch {
          // the transaction failed meanwhile: its cursors are gone with it
        }
    }
  }

  raw(toggle = true): this {
    this.asArrays = toggle;
    return this;
  }

  pluck(toggle = true): this {
    this.firstOnly = toggle;
    return this;
  }
}
