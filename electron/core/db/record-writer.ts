import type { StandardValue } from '../standardise/standardise-value';
import type { FormModel } from '../study/study-model';
import { RECORD_META_COLUMNS, formTable, standardColumnNames } from './form-tables';
import type { DbConnection } from './engine';
import { prepared } from './statement-cache';
import { connectionOf, dialectOf } from './connection';
import type { StudyDatabase } from './study-database';

/** A record as written: standardised values (standardColumnNames order) beside the raw text. */
export interface RecordRow {
  subjectId: string;
  recordKey: string;
  occurrence: number;
  /** Line of the source file (or sheet row) the record was read from. */
  line: number;
  values: readonly StandardValue[];
  hash: number;
  issues: string | null;
  raw: string;
  extra: string | null;
}

/** Writes of one form's records for one import of one site. */
export interface RecordWriter {
  /** New records, read from one source; their ids follow the largest record id, in order. */
  insertAll(records: readonly RecordRow[], sourceId: number): void;
  /** Records with the same values: only where they were read from, and their raw text, move on. */
  touchAll(updates: readonly { recordId: number; record: RecordRow }[], sourceId: number): void;
  /** Replaces the values of a stored record (changed or restored) and clears its deleted mark. */
  replace(recordId: number, record: RecordRow, sourceId: number): void;
  markDeleted(recordId: number): void;
}

export function recordWriter(
  database: StudyDatabase,
  form: FormModel,
  siteId: string,
  importId: number,
): RecordWriter {
  const connection = connectionOf(database);
  const dialect = dialectOf(database);
  const table = formTable(form.code);
  // Lab results (a number or a code in one column) are bound as the engine keeps them.
  const dynamic = standardColumnNames(form).flatMap((name, i) =>
    form.columns.find((c) => c.name === name)?.type === 'labresult' ? [i] : [],
  );
  const stored = (values: readonly StandardValue[]): readonly StandardValue[] => {
    if (dialect.engine === 'sqlite' || dynamic.length === 0) return values;
    const copy = values.slice();
    for (const i of dynamic) copy[i] = dialect.dynamicValue(copy[i]) as StandardValue;
    return copy;
  };
  const groupOf = (width: number) => dialect.rowsPerStatement(width);
  const standard = standardColumnNames(form).map((c) => `"${c}"`);
  const insertColumns = [...RECORD_META_COLUMNS, ...standard];
  const insertWidth = insertColumns.length;
  const insertRow = `(${insertColumns.map(() => '?').join(', ')})`;
  const insertSql = (rows: number) =>
    `INSERT INTO ${table} (${insertColumns.join(', ')}) VALUES ${new Array<string>(rows).fill(insertRow).join(', ')}`;
  // v.column1 .. v.column5: record_id, line, issues, raw, extra.
  const touchSql = (rows: number) =>
    `UPDATE ${table} SET import_id = ?, source_id = ?, line = v.column2, issues = v.column3, raw = v.column4, extra = v.column5
     FROM (VALUES ${new Array<string>(rows).fill('(CAST(? AS INTEGER), CAST(? AS INTEGER), ?, ?, ?)').join(', ')}) AS v WHERE ${table}.record_id = v.column1`;
  const replace = prepared(
    connection,
    `UPDATE ${table} SET import_id = ?, source_id = ?, line = ?, deleted_import_id = NULL, std_hash = ?, issues = ?, raw = ?, extra = ?, ${standard
      .map((c) => `${c} = ?`)
      .join(', ')} WHERE record_id = ?`,
  );
  const markDeleted = prepared(connection, `UPDATE ${table} SET deleted_import_id = ? WHERE record_id = ?`);

  return {
    insertAll: (records, sourceId) => {
      runGrouped(connection, groupOf(insertWidth), insertSql, [], insertWidth, records, (params, at, r) => {
        params[at] = siteId;
        params[at + 1] = r.subjectId;
        params[at + 2] = r.recordKey;
        params[at + 3] = r.occurrence;
        params[at + 4] = importId; // first_import_id
        params[at + 5] = importId;
        params[at + 6] = sourceId;
        params[at + 7] = r.line;
        params[at + 8] = null; // deleted_import_id
        params[at + 9] = r.hash;
        params[at + 10] = r.issues;
        params[at + 11] = r.raw;
        params[at + 12] = r.extra;
        const values = stored(r.values);
        for (let v = 0; v < values.length; v++) params[at + 13 + v] = values[v];
      });
    },
    touchAll: (updates, sourceId) => {
      runGrouped(
        connection,
        groupOf(5),
        touchSql,
        [importId, sourceId],
        5,
        updates,
        (params, at, { recordId, record }) => {
          params[at] = recordId;
          params[at + 1] = record.line;
          params[at + 2] = record.issues;
          params[at + 3] = record.raw;
          params[at + 4] = record.extra;
        },
      );
    },
    replace: (id, r, sourceId) => {
      replace.run(importId, sourceId, r.line, r.hash, r.issues, r.raw, r.extra, ...stored(r.values), id);
    },
    markDeleted: (id) => {
      markDeleted.run(importId, id);
    },
  };
}

/**
 * Runs `sqlFor(rows)` over the items, `group` items a statement (the dialect's choice) and the rest one by one. The
 * statement takes the `leading` parameters, then `width` parameters an item, written by `put`.
 * Each item must change exactly one row.
 */
function runGrouped<T>(
  connection: DbConnection,
  group: number,
  sqlFor: (rows: number) => string,
  leading: readonly unknown[],
  width: number,
  items: readonly T[],
  put: (params: unknown[], at: number, item: T) => void,
): void {
  let i = 0;
  const run = (rows: number) => {
    const statement = prepared(connection, sqlFor(rows));
    const params = new Array<unknown>(leading.length + rows * width);
    for (let l = 0; l < leading.length; l++) params[l] = leading[l];
    for (; i + rows <= items.length; i += rows) {
      for (let r = 0; r < rows; r++) put(params, leading.length + r * width, items[i + r]!);
      // Arguments bind faster than an array, which better-sqlite3 reads element by element through V8's API.
      const changed = statement.run(...params).changes;
      if (changed !== rows) throw new Error(`${rows} records to write, ${changed} written`);
    }
  };
  if (items.length >= group) run(group);
  if (i < items.length) run(1);
}
