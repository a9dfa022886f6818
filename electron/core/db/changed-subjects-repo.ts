import type { FormModel } from '../study/study-model';
import { connectionOf } from './connection';
import { formTable } from './form-tables';
import { STAGE_SCHEMA, recordsTable } from './staged-records-repo';
import type { StudyDatabase } from './study-database';

/**
 * The subjects of stored records an export changes without writing them again: those it no
 * longer has (`deleted`, record ids), and those it has with the same values (`unchanged`, stage
 * positions) read from other raw text or with other value problems (the checks of missing values
 * read the raw text, DATA-05/07 the problems). Read before the export is written.
 */
export function storedSubjectsChanged(
  database: StudyDatabase,
  f: { form: FormModel; tableIndex: number; siteId: string; deleted: number[]; unchanged: number[] },
): string[] {
  const selects: string[] = [];
  const params: Record<string, string> = {};
  const table = `main.${formTable(f.form.code)}`;
  if (f.deleted.length) {
    params.deleted = JSON.stringify(f.deleted);
    selects.push(
      `SELECT subject_id FROM ${table} WHERE record_id IN (SELECT value FROM json_each(@deleted))`,
    );
  }
  if (f.unchanged.length) {
    Object.assign(params, { site: f.siteId, unchanged: JSON.stringify(f.unchanged) });
    selects.push(`SELECT s.subject_id FROM ${STAGE_SCHEMA}.${recordsTable(f.tableIndex)} s
      JOIN ${table} m ON m.site_id = @site AND m.record_key = s.record_key AND m.occurrence = s.occurrence
      WHERE s.pos IN (SELECT value FROM json_each(@unchanged)) AND (m.raw IS NOT s.raw OR m.issues IS NOT s.issues)`);
  }
  if (selects.length === 0) return [];
  return connectionOf(database).prepare(selects.join(' UNION ')).pluck().all(params) as string[];
}
