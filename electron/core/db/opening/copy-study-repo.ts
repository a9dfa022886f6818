import { createHash } from 'node:crypto';
import type { CopyTableResult } from '../../../../shared/api/copy';
import { connectionOf, dialectOf } from '../connection';
import type { DbConnection } from '../engine';
import { pgInsertRows } from '../pg-arrays';
import type { SqlDialect } from '../sql-dialect';
import type { StudyDatabase } from '../study-database';
import { createStudyAt } from './open-study-database';

/**
 * A whole study copied to a new home (a SQLite file or a PostgreSQL database), table by table:
 * data, history, discrepancies, queries, cuts and the audit trail, with their ids. The target is
 * made by the same migrations, with the source's own study row, and filled in one transaction; the
 * lock history comes last (while a cut is locked the target's lock triggers would refuse the rest).
 * Then both sides are compared table by table (row count and a hash of every row in key order).
 */
const FIRST = [
  'imports',
  'import_sources',
  'import_issues',
  'record_changes',
  'audit_events',
  'dictionaries',
  'check_runs',
  'discrepancies',
  'queries',
  'query_lists',
  'query_list_rows',
];
const LAST = ['data_cuts', 'cut_records', 'cut_discrepancies'];
/** Tables whose insert triggers write other tables (a mark's history): the copy brings those rows itself. */
const TRIGGERS_SUSPENDED = ['review_marks'];
const NOT_COPIED = new Set(['study', 'schema_version']);

interface TableShape {
  name: string;
  /** Column names as this engine spells them, keyed by their lower-case name. */
  columns: Map<string, string>;
}

function tableShapes(c: DbConnection, d: SqlDialect): TableShape[] {
  const tables = c.prepare(d.tablesSql).pluck().all() as string[];
  return tables.map((name) => ({
    name,
    columns: new Map(
      (c.prepare(d.columnsSql).pluck().all(name) as string[]).map((n) => [n.toLowerCase(), n]),
    ),
  }));
}

function copyOrder(tables: string[]): string[] {
  const rest = tables.filter((t) => !FIRST.includes(t) && !LAST.includes(t) && !NOT_COPIED.has(t)).sort();
  return [...FIRST.filter((t) => tables.includes(t)), ...rest, ...LAST.filter((t) => tables.includes(t))];
}

/** Columns of a table in the order rows are read and compared: the key first, then by name. */
function orderedColumns(columns: Iterable<string>): string[] {
  const names = [...columns].sort();
  const isKey = (n: string) => n === 'id' || n === 'record_id';
  return [...names.filter(isKey), ...names.filter((n) => !isKey(n))];
}

/** Lab results (a number or a code) are stored as each engine keeps them. */
function dynamicColumns(source: StudyDatabase): Map<string, Set<string>> {
  const byTable = new Map<string, Set<string>>();
  for (const form of source.model.forms)
    byTable.set(
      `form_${form.code.toLowerCase()}`,
      new Set(form.columns.filter((col) => col.type === 'labresult').map((col) => col.name.toLowerCase())),
    );
  return byTable;
}

function selectAll(c: DbConnection, table: TableShape, columns: string[]): DbStatementLike {
  const list = columns.map((n) => `"${table.columns.get(n)!}"`).join(', ');
  return c
    .prepare(
      // NULLs first on both engines (PostgreSQL puts them last by default)
      `SELECT ${list} FROM ${table.name} ORDER BY ${columns.map((_, i) => `${i + 1} NULLS FIRST`).join(', ')}`,
    )
    .raw();
}
type DbStatementLike = ReturnType<DbConnection['prepare']>;

/** Appends rows to a table of a study file, `perStatement` rows a statement. */
function insertRows(
  target: DbConnection,
  name: string,
  columns: string[],
  perStatement: number,
  rows: Iterable<unknown[]>,
): void {
  const insertSql = (count: number) =>
    `INSERT INTO ${name} (${columns.join(', ')}) VALUES ${new Array<string>(count)
      .fill(`(${columns.map(() => '?').join(', ')})`)
      .join(', ')}`;
  const full = target.prepare(insertSql(perStatement));
  let batch: unknown[] = [];
  let count = 0;
  for (const row of rows) {
    for (const value of row) batch.push(value);
    if (++count === perStatement) {
      full.run(...batch);
      batch = [];
      count = 0;
    }
  }
  if (count > 0) target.prepare(insertSql(count)).run(...batch);
}

function fill(source: StudyDatabase, target: DbConnection, targetDialect: SqlDialect): void {
  const s = connectionOf(source);
  const sourceTables = tableShapes(s, dialectOf(source));
  const targetTables = new Map(tableShapes(target, targetDialect).map((t) => [t.name, t]));
  const dynamic = dynamicColumns(source);
  const resume = TRIGGERS_SUSPENDED.filter((t) => targetTables.has(t)).map((t) =>
    targetDialect.suspendTriggers(target, t),
  );
  // One read transaction of the source: one state of it copied, read a page at a time on a server.
  s.transaction(() => {
    for (const name of copyOrder(sourceTables.map((t) => t.name))) copyTable(name);
  })();
  for (const done of resume) done();
  for (const statement of targetDialect.afterBulkCopySql(target)) target.exec(statement);

  function copyTable(name: string): void {
    const from = sourceTables.find((t) => t.name === name)!;
    const to = targetTables.get(name);
    if (to === undefined)
      throw new Error(`the target has no table ${name}: it is not at the same schema version`);
    const columns = orderedColumns(from.columns.keys());
    const missing = columns.filter((n) => !to.columns.has(n));
    if (missing.length) throw new Error(`the target's ${name} has no column ${missing.join(', ')}`);
    const convert = columns.map((n) => dynamic.get(name)?.has(n) ?? false);
    const converted = convert.some(Boolean);
    const rows = (function* () {
      for (const row of selectAll(s, from, columns).iterate() as Iterable<unknown[]>)
        yield converted ? row.map((v, i) => (convert[i] ? targetDialect.dynamicValue(v) : v)) : row;
    })();
    const targetColumns = columns.map((n) => `"${to.columns.get(n)!}"`);
    if (targetDialect.engine === 'postgres') pgInsertRows(target, name, targetColumns, rows);
    else insertRows(target, name, targetColumns, targetDialect.rowsPerStatement(columns.length), rows);
  }
}

function tableDigest(
  c: DbConnection,
  table: TableShape,
  columns: string[],
): { rows: number; sha256: string } {
  const hash = createHash('sha256');
  let rows = 0;
  // In a transaction: read a page at a time on a server.
  c.transaction(() => {
    for (const row of selectAll(c, table, columns).iterate() as Iterable<unknown[]>) {
      hash.update(JSON.stringify(row));
      hash.update('\n');
      rows++;
    }
  })();
  return { rows, sha256: hash.digest('hex') };
}

/** Compares two open studies table by table. */
export function compareStudies(a: StudyDatabase, b: StudyDatabase): CopyTableResult[] {
  const aTables = tableShapes(connectionOf(a), dialectOf(a));
  const bTables = new Map(tableShapes(connectionOf(b), dialectOf(b)).map((t) => [t.name, t]));
  const names = [...new Set([...aTables.map((t) => t.name), ...bTables.keys()])]
    .filter((n) => n !== 'schema_version')
    .sort();
  return names.map((name) => {
    const left = aTables.find((t) => t.name === name);
    const right = bTables.get(name);
    if (!left || !right)
      return { table: name, sourceRows: left ? -1 : 0, targetRows: right ? -1 : 0, identical: false };
    const columns = orderedColumns(left.columns.keys());
    const l = tableDigest(connectionOf(a), left, columns);
    const r =
      right.columns.size === left.columns.size
        ? tableDigest(connectionOf(b), right, columns)
        : { rows: -1, sha256: '' };
    return {
      table: name,
      sourceRows: l.rows,
      targetRows: r.rows,
      identical: l.rows === r.rows && l.sha256 === r.sha256,
    };
  });
}

/** Copies the open study to a new file or PostgreSQL database (which must not hold a study). */
export function copyStudyTo(source: StudyDatabase, target: string): void {
  const s = connectionOf(source);
  const study = s
    .prepare('SELECT id, code, name, definition, created_at, created_by FROM study')
    .get() as Record<string, unknown>;
  s.transaction(() => {
    for (const statement of dialectOf(source).consistentReadSql) s.exec(statement);
    createStudyAt(target, {
      storeStudy: (c) =>
        c
          .prepare(
            'INSERT INTO study (id, code, name, definition, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)',
          )
          .run(study.id, study.code, study.name, study.definition, study.created_at, study.created_by),
      fill: (c, d) => fill(source, c, d),
    });
  })();
}

/** A data cut's snapshot of a study held on a server: the same study as one SQLite file. */
export function copyStudyToSqlite(database: StudyDatabase, file: string): Promise<void> {
  copyStudyTo(database, file);
  return Promise.resolve();
}
