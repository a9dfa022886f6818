import type { StandardValue } from '../standardise/standardise-value';
import type { FormModel, StudyModel } from '../study/study-model';
import { formTable, standardColumnNames } from './form-tables';
import { prepared } from './statement-cache';
import type { StudyDatabase } from './study-database';
import { connectionOf, dialectOf, engineKindOf } from './connection';
import { pgInsertRows } from './pg-arrays';

/**
 * A stored record as the import plan needs it to decide new / changed / unchanged / deleted: a row
 * as an array, read two times faster than as an object (a site's records are read at each import).
 */
export type StoredRecordIdentity = [
  recordId: number,
  recordKey: string,
  occurrence: number,
  hash: number,
  deletedImportId: number | null,
];

export function recordIdentitiesOfSite(
  database: StudyDatabase,
  form: string,
  siteId: string,
): StoredRecordIdentity[] {
  return prepared(
    connectionOf(database),
    `SELECT record_id, record_key, occurrence, std_hash, deleted_import_id FROM ${formTable(form)} WHERE site_id = ?`,
  )
    .raw()
    .all(siteId) as StoredRecordIdentity[];
}

/** Standardised values (in standardColumnNames order) and raw text of one stored record. */
export function storedRecordValues(
  database: StudyDatabase,
  form: FormModel,
  recordId: number,
): { values: StandardValue[]; raw: (string | null)[] } {
  const columns = standardColumnNames(form);
  const row = prepared(
    connectionOf(database),
    `SELECT raw, ${columns.map((c) => `"${c}"`).join(', ')} FROM ${formTable(form.code)} WHERE record_id = ?`,
  )
    .raw()
    .get(recordId) as unknown[] | undefined;
  if (!row) throw new Error(`record ${recordId} of ${form.code} not found`);
  return { values: row.slice(1) as StandardValue[], raw: JSON.parse(row[0] as string) as (string | null)[] };
}

/** Ids a statement of storedRecordValuesOf names at most. */
const IDS_A_STATEMENT = 5_000;

/** storedRecordValues of many records (of one form) at once: a statement for up to 5,000, not one each. */
export function storedRecordValuesOf(
  database: StudyDatabase,
  form: FormModel,
  recordIds: readonly number[],
): Map<number, { values: StandardValue[]; raw: (string | null)[] }> {
  const found = new Map<number, { values: StandardValue[]; raw: (string | null)[] }>();
  if (recordIds.length === 0) return found;
  const columns = standardColumnNames(form);
  const read = prepared(
    connectionOf(database),
    `SELECT record_id, raw, ${columns.map((c) => `"${c}"`).join(', ')} FROM ${formTable(form.code)}
     WHERE ${dialectOf(database).inIntegerList('record_id', '?')}`,
  ).raw();
  for (let from = 0; from < recordIds.length; from += IDS_A_STATEMENT)
    for (const row of read.all(JSON.stringify(recordIds.slice(from, from + IDS_A_STATEMENT))) as unknown[][])
      found.set(row[0] as number, {
        values: row.slice(2) as StandardValue[],
        raw: JSON.parse(row[1] as string) as (string | null)[],
      });
  for (const id of recordIds) if (!found.has(id)) throw new Error(`record ${id} of ${form.code} not found`);
  return found;
}

/** Subject -> site, for those of `subjects` enrolled (in the site form) so far. */
export function siteOfEnrolledSubjects(
  database: StudyDatabase,
  subjects: readonly string[],
): Map<string, string> {
  const rows = connectionOf(database)
    .prepare(
      `SELECT DISTINCT subject_id, site_id FROM ${formTable(database.model.siteForm.code)}
       WHERE subject_id IN (SELECT value FROM json_each(?))`,
    )
    .raw()
    .all(JSON.stringify(subjects)) as [string, string][];
  return new Map(rows);
}

export interface RecordChangeRow {
  importId: number;
  form: string;
  recordId: number;
  change: 'new' | 'changed' | 'deleted' | 'restored';
  field: string | null;
  oldRaw: string | null;
  newRaw: string | null;
  oldValue: string | null;
  newValue: string | null;
}

/** Writes history rows: at once on a study file, a chunk a statement on a server (flush() sends the rest). */
export interface RecordChangeWriter {
  write(change: RecordChangeRow): void;
  flush(): void;
}

const CHANGE_COLUMNS = [
  'import_id',
  'form',
  'record_id',
  'change',
  'field',
  'old_raw',
  'new_raw',
  'old_value',
  'new_value',
];
/** History rows a server study keeps before sending them. */
const CHANGES_HELD = 5_000;

export function recordChangeWriter(database: StudyDatabase): RecordChangeWriter {
  const connection = connectionOf(database);
  const row = (c: RecordChangeRow) => [
    c.importId,
    c.form,
    c.recordId,
    c.change,
    c.field,
    c.oldRaw,
    c.newRaw,
    c.oldValue,
    c.newValue,
  ];
  if (engineKindOf(database) === 'postgres') {
    let held: unknown[][] = [];
    const flush = () => {
      if (held.length > 0) pgInsertRows(connection, 'record_changes', CHANGE_COLUMNS, held);
      held = [];
    };
    return {
      write: (c) => {
        if (held.push(row(c)) === CHANGES_HELD) flush();
      },
      flush,
    };
  }
  const insert = connection.prepare(
    `INSERT INTO record_changes (${CHANGE_COLUMNS.join(', ')}) VALUES (${CHANGE_COLUMNS.map(() => '?').join(', ')})`,
  );
  return {
    write: (c) => {
      insert.run(...row(c));
    },
    flush: () => undefined,
  };
}

export function maxRecordId(database: StudyDatabase, form: FormModel): number {
  const connection = connectionOf(database);
  return (
    connection.prepare(`SELECT coalesce(max(record_id), 0) AS id FROM ${formTable(form.code)}`).get() as {
      id: number;
    }
  ).id;
}

/**
 * History rows for the records an import just created in a form, in one set-based statement.
 * New rows take the ids after the largest one in order, so when there are exactly `count` more
 * ids than before, the ids are generated rather than read back from the (wide) form table.
 */
export function recordNewRecords(
  database: StudyDatabase,
  form: FormModel,
  importId: number,
  after: number,
  count: number,
): void {
  const connection = connectionOf(database);
  if (count === 0) return;
  if (maxRecordId(database, form) === after + count) {
    connection
      .prepare(
        `${dialectOf(database).integerSeriesSql}
         INSERT INTO record_changes (import_id, form, record_id, change) SELECT ?, ?, id, 'new' FROM ids`,
      )
      .run(after + 1, after + count, importId, form.code);
    return;
  }
  connection
    .prepare(
      `INSERT INTO record_changes (import_id, form, record_id, change)
       SELECT ?, ?, record_id, 'new' FROM ${formTable(form.code)} WHERE record_id > ? AND first_import_id = ? ORDER BY record_id`,
    )
    .run(importId, form.code, after, importId);
}

export function formsWithTables(model: StudyModel): string[] {
  return model.forms.map((f) => f.code);
}
