import type { Dashboard } from '../../../shared/api/dashboard';
import { formTable } from './form-tables';
import type { StudyDatabase } from './study-database';
import { connectionOf } from './connection';

const OPEN = "('OPEN', 'QUERIED', 'ANSWERED')";

/** The dashboard's numbers: each a small GROUP BY over indexed columns. */
export function dashboardSummary(database: StudyDatabase, now: Date): Dashboard {
  const c = connectionOf(database);
  const byStatus = c
    .prepare('SELECT status AS key, count(*) AS count FROM discrepancies GROUP BY status ORDER BY status')
    .all() as Dashboard['byStatus'];
  const byCheck = c
    .prepare(
      `SELECT check_id AS key, category, sum(CASE WHEN status IN ${OPEN} THEN 1 ELSE 0 END) AS open, count(*) AS count FROM discrepancies GROUP BY check_id ORDER BY check_id`,
    )
    .all() as Dashboard['byCheck'];
  const bySite = c
    .prepare(
      `SELECT site_id AS key, sum(CASE WHEN status IN ${OPEN} THEN 1 ELSE 0 END) AS open, count(*) AS count FROM discrepancies GROUP BY site_id ORDER BY site_id`,
    )
    .all() as Dashboard['bySite'];
  const nowIso = now.toISOString();
  const queryAging = c
    .prepare(
      `SELECT CASE WHEN age <= 7 THEN '0-7' WHEN age <= 14 THEN '8-14' WHEN age <= 30 THEN '15-30' WHEN age <= 60 THEN '31-60' ELSE '>60' END AS key,
              count(*) AS count
       FROM (SELECT julianday(?) - julianday(coalesce(q.sent_at, q.created_at)) AS age
             FROM discrepancies d JOIN queries q ON q.id = d.query_id WHERE d.status = 'QUERIED')
       GROUP BY key`,
    )
    .all(nowIso) as Dashboard['queryAging'];
  const order = ['0-7', '8-14', '15-30', '31-60', '>60'];
  const aging = order.map((key) => ({ key, count: queryAging.find((a) => a.key === key)?.count ?? 0 }));
  const imports = c
    .prepare(
      'SELECT site_id AS siteId, export_date AS exportDate, id AS importId, imported_at AS importedAt FROM imports ORDER BY site_id, export_day, id',
    )
    .all() as Dashboard['imports'];
  const records = database.model.forms.reduce(
    (n, f) =>
      n +
      (
        c.prepare(`SELECT count(*) AS n FROM ${formTable(f.code)} WHERE deleted_import_id IS NULL`).get() as {
          n: number;
        }
      ).n,
    0,
  );
  const dm = formTable(database.model.siteForm.code);
  const subjects = (
    c.prepare(`SELECT count(DISTINCT subject_id) AS n FROM ${dm} WHERE deleted_import_id IS NULL`).get() as {
      n: number;
    }
  ).n;
  const sites = (c.prepare('SELECT count(DISTINCT site_id) AS n FROM imports').get() as { n: number }).n;
  const total = byStatus.reduce((n, s) => n + s.count, 0);
  const open = byStatus
    .filter((s) => ['OPEN', 'QUERIED', 'ANSWERED'].includes(s.key))
    .reduce((n, s) => n + s.count, 0);
  const lastRun = c
    .prepare(
      'SELECT finished_at AS at FROM check_runs WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1',
    )
    .get() as { at: string } | undefined;
  return {
    byStatus,
    byCheck,
    bySite,
    queryAging: aging,
    imports,
    totals: { subjects, sites, records, discrepancies: total, open },
    lastCheckRun: lastRun?.at ?? null,
  };
}
