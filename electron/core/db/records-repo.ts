import type { StandardValue } from '../standardise/standardise-value';
import type { FormModel, StudyModel } from '../study/study-model';
import { RECORD_META_COLUMNS, formTable, standardColumnNames } from './form-tables';
import type { Connection } from './open-database';
import type { StudyDatabase } from './study-database';

/** A stored record as the import plan needs it to decide new / changed / unchanged / deleted. */
export interface StoredRecordIdentity {
  record_id: number;
  record_key: string;
  occurrence: number;
  subject_id: string;
  std_hash: number;
  deleted_import_id: number | null;
}

export function recordIdentitiesOfSite(database: StudyDatabase, form: string, siteId: string): StoredRecordIdentity[] {
  return database.connection
    .prepare(
      `SELECT record_id, record_key, occurrence, subject_id, std_hash, deleted_import_id FROM ${formTable(form)} WHERE site_id = ?`,
    )
    .all(siteId) as StoredRecordIdentity[];
}

/** Standardised values (in standardColumnNames order) and raw text of one stored record. */
export function storedRecordValues(
  database: StudyDatabase,
  form: FormModel,
  recordId: number,
): { values: StandardValue[]; raw: (string | null)[] } {
  const columns = standardColumnNames(form);
  const row = database.connection
    .prepare(`SELECT raw, ${columns.map((c) => `"${c}"`).join(', ')} FROM ${formTable(form.code)} WHERE record_id = ?`)
    .raw()
    .get(recordId) as unknown[] | undefined;
  if (!row) throw new Error(`record ${recordId} of ${form.code} not found`);
  return { values: row.slice(1) as StandardValue[], raw: JSON.parse(row[0] as string) as (string | null)[] };
}

/** Subject -> site, for the subjects enrolled (in the site form) so far. */
export function siteOfEnrolledSubjects(database: StudyDatabase): Map<string, string> {
  const rows = database.connection
    .prepare(`SELECT DISTINCT subject_id, site_id FROM ${formTable(database.model.siteForm.code)}`)
    .raw()
    .all() as [string, string][];
  return new Map(rows);
}

export interface RecordProvenance {
  importId: number;
  sourceId: number;
  line: number;
}

export interface RecordRow {
  siteId: string;
  subjectId: string;
  recordKey: string;
  occurrence: number;
  values: StandardValue[];
  hash: number;
  issues: string | null;
  raw: string;
  extra: string | null;
}

/** Prepared writes of one form's records, made once per import. */
export interface RecordWriter {
  insert(record: RecordRow, at: RecordProvenance): number;
  /** Replaces the values of a stored record (changed or restored) and clears its deleted mark. */
  replace(recordId: number, record: RecordRow, at: RecordProvenance): void;
  /** Same values: only where it was read from, and its raw text, move on. */
  touch(recordId: number, record: RecordRow, at: RecordProvenance): void;
  markDeleted(recordId: number, importId: number): void;
}

export function recordWriter(connection: Connection, form: FormModel): RecordWriter {
  const table = formTable(form.code);
  const standard = standardColumnNames(form).map((c) => `"${c}"`);
  const insertColumns = [...RECORD_META_COLUMNS, ...standard];
  const insert = connection.prepare(
    `INSERT INTO ${table} (${insertColumns.join(', ')}) VALUES (${insertColumns.map(() => '?').join(', ')})`,
  );
  const replace = connection.prepare(
    `UPDATE ${table} SET import_id = ?, source_id = ?, line = ?, deleted_import_id = NULL, std_hash = ?, issues = ?, raw = ?, extra = ?, ${standard
      .map((c) => `${c} = ?`)
      .join(', ')} WHERE record_id = ?`,
  );
  const touch = connection.prepare(
    `UPDATE ${table} SET import_id = ?, source_id = ?, line = ?, issues = ?, raw = ?, extra = ? WHERE record_id = ?`,
  );
  const markDeleted = connection.prepare(`UPDATE ${table} SET deleted_import_id = ? WHERE record_id = ?`);
  return {
    insert: (r, at) =>
      Number(
        insert.run(
          r.siteId,
          r.subjectId,
          r.recordKey,
          r.occurrence,
          at.importId,
          at.importId,
          at.sourceId,
          at.line,
          null,
          r.hash,
          r.issues,
          r.raw,
          r.extra,
          ...r.values,
        ).lastInsertRowid,
      ),
    replace: (id, r, at) => {
      replace.run(at.importId, at.sourceId, at.line, r.hash, r.issues, r.raw, r.extra, ...r.values, id);
    },
    touch: (id, r, at) => {
      touch.run(at.importId, at.sourceId, at.line, r.issues, r.raw, r.extra, id);
    },
    markDeleted: (id, importId) => {
      markDeleted.run(importId, id);
    },
  };
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

export function recordChangeWriter(connection: Connection): (change: RecordChangeRow) => void {
  const insert = connection.prepare(
    'INSERT INTO record_changes (import_id, form, record_id, change, field, old_raw, new_raw, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  return (c) => {
    insert.run(c.importId, c.form, c.recordId, c.change, c.field, c.oldRaw, c.newRaw, c.oldValue, c.newValue);
  };
}

export function maxRecordId(connection: Connection, form: FormModel): number {
  return (connection.prepare(`SELECT coalesce(max(record_id), 0) AS id FROM ${formTable(form.code)}`).get() as { id: number }).id;
}

/** History rows for every record an import created in a form (ids above `after`), in one set-based statement. */
export function recordNewRecords(connection: Connection, form: FormModel, importId: number, after: number): void {
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
