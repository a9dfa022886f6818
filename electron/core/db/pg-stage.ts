import Database from 'better-sqlite3';
import type { StandardValue } from '../standardise/standardise-value';
import type { FormModel } from '../study/study-model';
import { connectionOf, dialectOf } from './connection';
import { RECORD_META_COLUMNS, formTable, standardColumnNames } from './form-tables';
import { pgInsertRows, sendInChunks, typesOf, unnestFrom } from './pg-arrays';
import type { StudyDatabase } from './study-database';

/**
 * The stage (staged-records-repo.ts) on a study on a server: PostgreSQL cannot attach a SQLite
 * file, so the stage is opened read-only here and its rows are sent a chunk a statement, one array
 * a column (pg-arrays.ts), lab results as the server keeps them (JSON).
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
const STAGED_META = ['subject_id', 'record_key', 'occurrence', 'line', 'std_hash', 'issues', 'raw', 'extra'];

/** Values of a staged row as the server keeps them (lab results as JSON), from `from` on. */
function valuesFor(database: StudyDatabase, form: FormModel, from = 0): (values: unknown[]) => unknown[] {
  const dialect = dialectOf(database);
  const dynamic = standardColumnNames(form).flatMap((name, i) =>
    form.columns.find((c) => c.name === name)?.type === 'labresult' ? [from + i] : [],
  );
  return (values) => {
    for (const i of dynamic) values[i] = dialect.dynamicValue(values[i]);
    return values;
  };
}

function stagedRows(
  database: StudyDatabase,
  tableIndex: number,
  columns: readonly string[],
  positions: readonly number[] | 'all',
): IterableIterator<unknown[]> {
  const which = positions === 'all' ? '' : 'WHERE pos IN (SELECT value FROM json_each(?))';
  const statement = stageOf(database)
    .prepare(`SELECT ${columns.join(', ')} FROM records_${tableIndex} ${which} ORDER BY pos`)
    .raw();
  return (
    positions === 'all' ? statement.iterate() : statement.iterate(JSON.stringify(positions))
  ) as IterableIterator<unknown[]>;
}

/** `u.c<from>, u.c<from + 1>, ...`: the unnested columns in order. */
const unnested = (count: number, from = 0) =>
  Array.from({ length: count }, (_, i) => `u.c${from + i}`).join(', ');

export interface PgStagedTarget {
  tableIndex: number;
  form: FormModel;
  siteId: string;
  importId: number;
  sourceId: number;
}

/** New records: one INSERT ... SELECT FROM unnest(...) a chunk (pg-arrays.ts), ids in file order. */
export function pgInsertStagedRecords(
  database: StudyDatabase,
  t: PgStagedTarget,
  positions: readonly number[] | 'all',
): number {
  const connection = connectionOf(database);
  const table = formTable(t.form.code);
  const standard = quoted(standardColumnNames(t.form));
  const staged = [...STAGED_META, ...standard];
  const statement = connection.prepare(
    `INSERT INTO ${table} (${[...RECORD_META_COLUMNS, ...standard].join(', ')})
     SELECT ?, u.c0, u.c1, u.c2, ?, ?, ?, u.c3, NULL, ${unnested(staged.length - 4, 4)}
     FROM ${unnestFrom(typesOf(connection, table, staged))} ORDER BY u.n`,
  );
  const stored = valuesFor(database, t.form, STAGED_META.length);
  return sendInChunks(
    (function* () {
      for (const row of stagedRows(database, t.tableIndex, staged, positions)) yield stored(row);
    })(),
    staged.length,
    (arrays) => statement.run(t.siteId, t.importId, t.importId, t.sourceId, ...arrays).changes,
  );
}

export function pgTouchStagedRecords(
  database: StudyDatabase,
  t: PgStagedTarget,
  positions: readonly number[],
): number {
  const connection = connectionOf(database);
  const table = formTable(t.form.code);
  const staged = ['record_key', 'occurrence', 'line', 'issues', 'raw', 'extra'];
  const statement = connection.prepare(
    `UPDATE ${table} SET import_id = ?, source_id = ?, line = u.c2, issues = u.c3, raw = u.c4, extra = u.c5
     FROM ${unnestFrom(typesOf(connection, table, staged))}
     WHERE ${table}.site_id = ? AND ${table}.record_key = u.c0 AND ${table}.occurrence = u.c1`,
  );
  return sendInChunks(
    stagedRows(database, t.tableIndex, staged, positions),
    staged.length,
    (arrays) => statement.run(t.importId, t.sourceId, ...arrays, t.siteId).changes,
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

/**
 * Stored records given the staged records' values and provenance (changed or restored), their
 * deleted mark cleared: one UPDATE ... FROM unnest(...) a chunk. Answers how many were replaced.
 */
export function pgReplaceStagedRecords(
  database: StudyDatabase,
  t: PgStagedTarget,
  replacements: readonly { recordId: number; pos: number }[],
): number {
  const connection = connectionOf(database);
  const table = formTable(t.form.code);
  const standard = quoted(standardColumnNames(t.form));
  const staged = ['line', 'std_hash', 'issues', 'raw', 'extra', ...standard];
  const statement = connection.prepare(
    `UPDATE ${table} SET import_id = ?, source_id = ?, deleted_import_id = NULL,
       ${staged.map((c, i) => `${c} = u.c${i + 1}`).join(', ')}
     FROM ${unnestFrom(typesOf(connection, table, ['record_id', ...staged]))}
     WHERE ${table}.record_id = u.c0`,
  );
  const recordAt = new Map(replacements.map((r) => [r.pos, r.recordId]));
  const stored = valuesFor(database, t.form, 1 + 5);
  const rows = function* () {
    for (const [pos, ...values] of stagedRows(
      database,
      t.tableIndex,
      ['pos', ...staged],
      replacements.map((r) => r.pos).sort((a, b) => a - b),
    ))
      yield stored([recordAt.get(pos as number), ...values]);
  };
  return sendInChunks(
    rows(),
    1 + staged.length,
    (arrays) => statement.run(t.importId, t.sourceId, ...arrays).changes,
  );
}

export function pgCopyStagedIssues(
  database: StudyDatabase,
  tableIndex: number,
  importId: number,
  sourceId: number,
): void {
  const issues = stageOf(database)
    .prepare(
      'SELECT ?, ?, form, line, column_name, level, code, message, message_args FROM issues WHERE table_index = ? ORDER BY rowid',
    )
    .raw()
    .iterate(importId, sourceId, tableIndex) as IterableIterator<unknown[]>;
  const columns = [
    'import_id',
    'source_id',
    'form',
    'line',
    'column_name',
    'level',
    'code',
    'message',
    'message_args',
  ];
  pgInsertRows(connectionOf(database), 'import_issues', columns, issues);
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
  const connection = connectionOf(database);
  const table = formTable(t.form.code);
  const staged = ['subject_id', 'record_key', 'occurrence', 'raw', 'issues'];
  const statement = connection
    .prepare(
      `SELECT DISTINCT u.c0 FROM ${unnestFrom(typesOf(connection, table, staged))}
       JOIN ${table} m ON m.site_id = ? AND m.record_key = u.c1 AND m.occurrence = u.c2
       WHERE m.raw IS NOT u.c3 OR m.issues IS NOT u.c4`,
    )
    .pluck();
  const subjects = new Set<string>();
  sendInChunks(stagedRows(database, t.tableIndex, staged, positions), staged.length, (arrays) => {
    for (const s of statement.all(...arrays, t.siteId) as string[]) subjects.add(s);
    return 0;
  });
  return [...subjects];
}
