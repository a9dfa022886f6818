import type { StandardValue } from '../standardise/standardise-value';
import type { FormModel } from '../study/study-model';
import { formTable } from './form-tables';
import { prepared } from './statement-cache';
import { connectionOf } from './connection';
import type { StudyDatabase } from './study-database';

/**
 * A record as standardised: values (standardColumnNames order) beside the raw text. New, changed
 * and unchanged records reach a form's table from the stage (staged-records-repo.ts).
 */
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

/** Writes of one form's records for one import that are not copies of staged records. */
export interface RecordWriter {
  /** A record the site's export no longer has: kept, marked deleted by this import. */
  markDeleted(recordId: number): void;
}

export function recordWriter(database: StudyDatabase, form: FormModel, importId: number): RecordWriter {
  const markDeleted = prepared(
    connectionOf(database),
    `UPDATE ${formTable(form.code)} SET deleted_import_id = ? WHERE record_id = ?`,
  );
  return {
    markDeleted: (id) => {
      markDeleted.run(importId, id);
    },
  };
}
