import type { FormModel } from '../study/study-model';
import { connectionOf } from './connection';
import { formTable } from './form-tables';
import { STAGE_SCHEMA, recordsTable } from './staged-records-repo';
import type { StudyDatabase } from './study-database';

/** What one form of a planned export does to the stored records (positions in its stage table). */
export interface FormChanges {
  form: FormModel;
  tableIndex: number;
  siteId: string;
  /** New records, or 'all' of the table. */
  inserts: readonly number[] | 'all';
  /** Records written again from the stage (changed, restored, or the same values under another hash). */
  updated: readonly number[];
  /** Ids of the stored records the export no longer has. */
  deleted: readonly number[];
  /** Records with the same values: they count when their raw text or value problems differ. */
  unchanged: readonly number[];
}

/**
 * The subjects of the records one form of an export changes in any way a check can see: new,
 * written again, deleted, or the same values read from other raw text or with other value problems
 * (the checks of missing values read the raw text, DATA-05/07 the problems). Read before writing.
 */
export function changedSubjectsOfForm(database: StudyDatabase, f: FormChanges): string[] {
  const staged = `${STAGE_SCHEMA}.${recordsTable(f.tableIndex)}`;
  const table = `main.${formTable(f.form.code)}`;
  const selects: string[] = [];
  const params: Record<string, string> = {};
  const list = (name: string, values: readonly number[]) => {
    params[name] = JSON.stringify(values);
    return `(SELECT value FROM json_each(@${name}))`;
  };
  if (f.inserts === 'all') selects.push(`SELECT subject_id FROM ${staged}`);
  const written = f.inserts === 'all' ? f.updated : [...f.inserts, ...f.updated];
  if (written.length)
    selects.push(`SELECT subject_id FROM ${staged} WHERE pos IN ${list('written', written)}`);
  if (f.deleted.length)
    selects.push(`SELECT subject_id FROM ${table} WHERE record_id IN ${list('deleted', f.deleted)}`);
  if (f.unchanged.length) {
    params.site = f.siteId;
    selects.push(`SELECT s.subject_id FROM ${staged} s
      JOIN ${table} m ON m.site_id = @site AND m.record_key = s.record_key AND m.occurrence = s.occurrence
      WHERE s.pos IN ${list('unchanged', f.unchanged)} AND (m.raw IS NOT s.raw OR m.issues IS NOT s.issues)`);
  }
  if (selects.length === 0) return [];
  return connectionOf(database).prepare(selects.join(' UNION ')).pluck().all(params) as string[];
}
