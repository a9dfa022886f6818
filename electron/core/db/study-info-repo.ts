import { formTable } from './form-tables';
import type { StudyDatabase } from './study-database';
import { connectionOf } from './connection';

export function siteSummaries(
  database: StudyDatabase,
): { siteId: string; subjects: number; latestExportDate: string | null }[] {
  const dm = formTable(database.model.siteForm.code);
  return connectionOf(database)
    .prepare(
      `SELECT s.site_id AS siteId,
              (SELECT count(DISTINCT subject_id) FROM ${dm} d WHERE d.site_id = s.site_id AND d.deleted_import_id IS NULL) AS subjects,
              (SELECT export_date FROM imports i WHERE i.site_id = s.site_id ORDER BY export_day DESC, id DESC LIMIT 1) AS latestExportDate
       FROM (SELECT DISTINCT site_id FROM imports) s ORDER BY s.site_id`,
    )
    .all() as { siteId: string; subjects: number; latestExportDate: string | null }[];
}

export function importCount(database: StudyDatabase): number {
  return (connectionOf(database).prepare('SELECT count(*) AS n FROM imports').get() as { n: number }).n;
}

export function subjectCount(database: StudyDatabase): number {
  const dm = formTable(database.model.siteForm.code);
  return (
    connectionOf(database)
      .prepare(`SELECT count(DISTINCT subject_id) AS n FROM ${dm} WHERE deleted_import_id IS NULL`)
      .get() as { n: number }
  ).n;
}
