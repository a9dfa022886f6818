import type { FormModel } from '../study/study-model';
import { connectionOf, dialectOf, engineKindOf } from './connection';
import { formTable } from './form-tables';
import { pgStagedSubjectsReadDifferently } from './pg-stage';
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
      `SELECT subject_id FROM ${table} WHERE ${dialectOf(database).inIntegerList('record_id', '@deleted')}`,
    );
  }
  const onServer = engineKindOf(database) !== 'sqlite';
  if (f.unchanged.length && !onServer) {
    Object.assign(params, { site: f.siteId, unchanged: JSON.stringify(f.unchanged) });
    selects.push(`SELECT s.subject_id FROM ${STAGE_SCHEMA}.${recordsTable(f.tableIndex)} s
      JOIN ${table} m ON m.site_id = @site AND m.record_key = s.record_key AND m.occurrence = s.occurrence
      WHERE s.pos IN (SELECT value FROM json_each(@unchanged)) AND (m.raw IS NOT s.raw OR m.issues IS NOT s.issues)`);
  }
  const stored =
    selects.length === 0
      ? []
      : (connectionOf(database).prepare(selects.join(' UNION ')).pluck().all(params) as string[]);
  // A study on a server cannot join the stage: its rows are sent to the server (pg-stage.ts).
  if (!onServer || f.unchanged.length === 0) return stored;
  return [...stored, ...pgStagedSubjectsReadDifferently(database, f, f.unchanged)];
}
