import Database from 'better-sqlite3';
import type { StandardValue } from '../standardise/standardise-value';
import type { FormModel } from '../study/study-model';
import { connectionOf, dialectOf } from './connection';
import type { DbConnection } from './engine';
import { RECORD_META_COLUMNS, formTable, standardColumnNames } from './form-tables';
import type { StudyDatabase } from './study-database';

/**
 * The stage (staged-records-repo.ts) on a study on a server: PostgreSQL cannot attach a SQLite
 * file, so the stage is opened read-only here and its rows are sent in multi-row statements (as
 * many rows as the dialect says a statement carries), lab results as the server keeps them (JSON).
 */
const stages = new WeakMap<StudyDatabase, Database.Database>();

export function pgAttachStage(database: StudyDatabase, file: string): void {
  stages.set(database, new Database(file, { readonly: true }));
}

export function pgDetachStage(database: StudyDatabase): void {
  stages.get(database)?.close();
  stages.delete(database);
}

function stageOf(database: StudyDatabase): Database.Database {
  const stage = stages.get(database);
  if (!stage) throw new Error('no stage is attached');
  return stage;
}

const quoted = (names: readonly string[]) => names.map((c) => `"${c}"`);
const STAGED_META = 'subject_id, record_key, occurrence, line, std_hash, issues, raw, extra';

/** Values of a staged row as the server keeps them (lab results as JSON). */
function valuesFor(database: StudyDatabase, form: FormModel): (values: unknown[]) => unknown[] {
  const dialect = dialectOf(database);
  const dynamic = standardColumnNames(form).flatMap((name, i) =>
    form.columns.find((c) => c.name === name)?.type === 'labresult' ? [i] : [],
  );
  return (values) => {
    for (const i of dynamic) values[i] = dialect.dynamicValue(values[i]);
    return values;
  };
}

/** Runs `sqlFor(rows)` over the rows, as many a statement as the dialect allows; answers the rows changed. */
function runInGroups(
  database: StudyDatabase,
  width: number,
  sqlFor: (rows: number) => string,
  rows: Iterable<unknown[]>,
  leading: unknown[] = [],
  trailing: unknown[] = [],
): number {
  const connection: DbConnection = connectionOf(database);
  const group = dialectOf(database).rowsPerStatement(width);
  let buffer: unknown[] = [];
  let count = 0;
  let changed = 0;
  const flush = () => {
    if (count === 0) return;
    changed += connection.prepare(sqlFor(count)).run(...leading, ...buffer, ...trailing).changes;
    buffer = [];
    count = 0;
  };
  for (const row of rows) {
    buffer.push(...row);
    if (++count === group) flush();
  }
  flush();
  return changed;
}

const valuesList = (rows: number, width: number) =>
  new Array<string>(rows).fill(`(${new Array<string>(width).fill('?').join(', ')})`).join(', ');

function stagedRows(
  database: StudyDatabase,
  tableIndex: number,
  columns: string,
  positions: readonly number[] | 'all',
): IterableIterator<unknown[]> {
  const which = positions === 'all' ? '' : 'WHERE pos IN (SELECT value FROM json_each(?))';
  const statement = stageOf(database)
    .prepare(`SELECT ${columns} FROM records_${tableIndex} ${which} ORDER BY pos`)
    .raw();
  return (
    positions === 'all' ? statement.iterate() : statement.iterate(JSON.stringify(positions))
  ) as IterableIterator<unknown[]>;
}

export interface PgStagedTarget {
  tableIndex: number;
  form: FormModel;
  siteId: string;
  importId: number;
  sourceId: number;
}

export function pgInsertStagedRecords(
  database: StudyDatabase,
  t: PgStagedTarget,
  positions: readonly number[] | 'all',
): number {
  const standard = quoted(standardColumnNames(t.form));
  const columns = [...RECORD_META_COLUMNS, ...standard];
  const stored = valuesFor(database, t.form);
  const rows = function* () {
    for (const [subject, key, occurrence, line, hash, issues, raw, extra, ...values] of stagedRows(
      database,
      t.tableIndex,
      `${STAGED_META}, ${standard.join(', ')}`,
      positions,
    ))
      yield [
        t.siteId,
        subject,
        key,
        occurrence,
        t.importId,
        t.importId,
        t.sourceId,
        line,
        null,
        hash,
        issues,
        raw,
        extra,
        ...stored(values),
      ];
  };
  return runInGroups(
    database,
    columns.length,
    (n) =>
      `INSERT INTO ${formTable(t.form.code)} (${columns.join(', ')}) VALUES ${valuesList(n, columns.length)}`,
    rows(),
  );
}

export function pgTouchStagedRecords(
  database: StudyDatabase,
  t: PgStagedTarget,
  positions: readonly number[],
): number {
  const table = formTable(t.form.code);
  return runInGroups(
    database,
    6,
    (n) =>
      `UPDATE ${table} SET import_id = ?, source_id = ?, line = v.column3, issues = v.column4, raw = v.column5, extra = v.column6
       FROM (VALUES ${new Array<string>(n).fill('(?, CAST(? AS INTEGER), CAST(? AS INTEGER), ?, ?, ?)').join(', ')}) AS v
       WHERE ${table}.site_id = ? AND ${table}.record_key = v.column1 AND ${table}.occurrence = v.column2`,
    stagedRows(database, t.tableIndex, 'record_key, occurrence, line, issues, raw, extra', positions),
    [t.importId, t.sourceId],
    [t.siteId],
  );
}

export function pgStagedValues(
  database: StudyDatabase,
  tableIndex: number,
  form: FormModel,
  pos: number,
): { values: StandardValue[]; raw: (string | null)[] } {
  const standard = quoted(standardColumnNames(form));
  const row = stageOf(database)
    .prepare(`SELECT raw, ${standard.join(', ')} FROM records_${tableIndex} WHERE pos = ?`)
    .raw()
    .get(pos) as unknown[] | undefined;
  if (!row) throw new Error(`staged record ${pos} of ${form.code} not found`);
  return { values: row.slice(1) as StandardValue[], raw: JSON.parse(row[0] as string) as (string | null)[] };
}

export function pgReplaceStaged(
  database: StudyDatabase,
  tableIndex: number,
  form: FormModel,
  replace: { recordId: number; pos: number; importId: number; sourceId: number },
): number {
  const standard = quoted(standardColumnNames(form));
  const [line, hash, issues, raw, extra, ...values] = stageOf(database)
    .prepare(
      `SELECT line, std_hash, issues, raw, extra, ${standard.join(', ')} FROM records_${tableIndex} WHERE pos = ?`,
    )
    .raw()
    .get(replace.pos) as unknown[];
  return connectionOf(database)
    .prepare(
      `UPDATE ${formTable(form.code)} SET import_id = ?, source_id = ?, line = ?, deleted_import_id = NULL, std_hash = ?, issues = ?, raw = ?, extra = ?,
       ${standard.map((c) => `${c} = ?`).join(', ')} WHERE record_id = ?`,
    )
    .run(
      replace.importId,
      replace.sourceId,
      line,
      hash,
      issues,
      raw,
      extra,
      ...valuesFor(database, form)(values),
      replace.recordId,
    ).changes;
}

export function pgCopyStagedIssues(
  database: StudyDatabase,
  tableIndex: number,
  importId: number,
  sourceId: number,
): void {
  const issues = stageOf(database)
    .prepare(
      'SELECT form, line, column_name, level, code, message FROM issues WHERE table_index = ? ORDER BY rowid',
    )
    .raw()
    .iterate(tableIndex) as IterableIterator<unknown[]>;
  runInGroups(
    database,
    8,
    (n) =>
      `INSERT INTO import_issues (import_id, source_id, form, line, column_name, level, code, message) VALUES ${valuesList(n, 8)}`,
    (function* () {
      for (const issue of issues) yield [importId, sourceId, ...issue];
    })(),
  );
}

/**
 * The subjects of the staged records at `positions` whose stored twin (same site, record key and
 * occurrence) was read from other raw text or with other value problems (changed-subjects-repo.ts).
 */
export function pgStagedSubjectsReadDifferently(
  database: StudyDatabase,
  t: { tableIndex: number; form: FormModel; siteId: string },
  positions: readonly number[],
): string[] {
  const table = formTable(t.form.code);
  const connection = connectionOf(database);
  const group = dialectOf(database).rowsPerStatement(5);
  const subjects = new Set<string>();
  let buffer: unknown[] = [];
  const flush = () => {
    const n = buffer.length / 5;
    if (n === 0) return;
    const rows = connection
      .prepare(
        `SELECT DISTINCT v.column1 FROM (VALUES ${new Array<string>(n).fill('(?, ?, CAST(? AS INTEGER), ?, ?)').join(', ')}) AS v
         JOIN ${table} m ON m.site_id = ? AND m.record_key = v.column2 AND m.occurrence = v.column3
         WHERE m.raw IS NOT v.column4 OR m.issues IS NOT v.column5`,
      )
      .pluck()
      .all(...buffer, t.siteId) as string[];
    for (const s of rows) subjects.add(s);
    buffer = [];
  };
  for (const row of stagedRows(
    database,
    t.tableIndex,
    'subject_id, record_key, occurrence, raw, issues',
    positions,
  )) {
    buffer.push(...row);
    if (buffer.length / 5 === group) flush();
  }
  flush();
  return [...subjects];
}
