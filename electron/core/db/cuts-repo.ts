import type { Cut } from '../../../shared/api/cuts';
import { formTable } from './form-tables';
import type { StudyDatabase } from './study-database';
import { connectionOf, engineOf } from './connection';
import { insertReturningId } from './statement-cache';
import { cutSignature } from './signatures-repo';

const CUT_COLUMNS = `id, name, reason, locked_by AS lockedBy, locked_at AS lockedAt, forced, blockers, snapshot_dir AS snapshotDir,
  manifest_sha256 AS manifestSha256, unlocked_by AS unlockedBy, unlocked_at AS unlockedAt, unlock_reason AS unlockReason`;

type CutRow = Omit<Cut, 'forced' | 'lockSignature' | 'unlockSignature'> & { forced: number };
const toCut = (database: StudyDatabase, r: CutRow): Cut => ({
  ...r,
  forced: r.forced === 1,
  lockSignature: cutSignature(database, r.name, 'LOCK'),
  unlockSignature: r.unlockedAt === null ? null : cutSignature(database, r.name, 'UNLOCK'),
});

export function listCuts(database: StudyDatabase): Cut[] {
  return (
    connectionOf(database).prepare(`SELECT ${CUT_COLUMNS} FROM data_cuts ORDER BY id`).all() as CutRow[]
  ).map((r) => toCut(database, r));
}

export function cutByName(
  database: StudyDatabase,
  name: string,
): (Cut & { lastImportId: number }) | undefined {
  const row = connectionOf(database)
    .prepare(`SELECT ${CUT_COLUMNS}, last_import_id AS lastImportId FROM data_cuts WHERE name = ?`)
    .get(name) as (CutRow & { lastImportId: number }) | undefined;
  return row ? { ...toCut(database, row), lastImportId: row.lastImportId } : undefined;
}

export function lockedCut(database: StudyDatabase): Cut | undefined {
  const row = connectionOf(database)
    .prepare(`SELECT ${CUT_COLUMNS} FROM data_cuts WHERE unlocked_at IS NULL`)
    .get() as CutRow | undefined;
  return row ? toCut(database, row) : undefined;
}

export interface NewCut {
  name: string;
  reason: string;
  user: string;
  at: string;
  forced: boolean;
  blockers: string | null;
  snapshotDir: string;
}

/** Records the cut (this locks the study) and what it holds: each live record's version, each discrepancy's status. */
export function insertCut(database: StudyDatabase, cut: NewCut): number {
  const c = connectionOf(database);
  const lastImportId = (c.prepare('SELECT coalesce(max(id), 0) AS id FROM imports').get() as { id: number })
    .id;
  const id = insertReturningId(
    c,
    `INSERT INTO data_cuts (name, reason, locked_by, locked_at, forced, blockers, snapshot_dir, last_import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    cut.name,
    cut.reason,
    cut.user,
    cut.at,
    cut.forced ? 1 : 0,
    cut.blockers,
    cut.snapshotDir,
    lastImportId,
  );
  for (const form of database.model.forms) {
    c.prepare(
      `INSERT INTO cut_records (cut_id, form, record_id, std_hash) SELECT ?, ?, record_id, std_hash FROM ${formTable(form.code)} WHERE deleted_import_id IS NULL`,
    ).run(id, form.code);
  }
  c.prepare(
    'INSERT INTO cut_discrepancies (cut_id, discrepancy_id, status) SELECT ?, id, status FROM discrepancies',
  ).run(id);
  return id;
}

export function setManifestHash(database: StudyDatabase, cutId: number, sha256: string): void {
  connectionOf(database)
    .prepare('UPDATE data_cuts SET manifest_sha256 = ? WHERE id = ? AND manifest_sha256 IS NULL')
    .run(sha256, cutId);
}

export function unlockCut(
  database: StudyDatabase,
  cutId: number,
  user: string,
  at: string,
  reason: string,
): void {
  connectionOf(database)
    .prepare('UPDATE data_cuts SET unlocked_by = ?, unlocked_at = ?, unlock_reason = ? WHERE id = ?')
    .run(user, at, reason, cutId);
}

export interface OpenDiscrepancyCounts {
  total: number;
  byCheck: { key: string; count: number }[];
  bySite: { key: string; count: number }[];
}

export function openDiscrepancyCounts(database: StudyDatabase): OpenDiscrepancyCounts {
  const c = connectionOf(database);
  const where = "status IN ('OPEN', 'QUERIED', 'ANSWERED')";
  return {
    total: (c.prepare(`SELECT count(*) AS n FROM discrepancies WHERE ${where}`).get() as { n: number }).n,
    byCheck: c
      .prepare(
        `SELECT check_id AS key, count(*) AS count FROM discrepancies WHERE ${where} GROUP BY 1 ORDER BY 1`,
      )
      .all() as OpenDiscrepancyCounts['byCheck'],
    bySite: c
      .prepare(
        `SELECT site_id AS key, count(*) AS count FROM discrepancies WHERE ${where} GROUP BY 1 ORDER BY 1`,
      )
      .all() as OpenDiscrepancyCounts['bySite'],
  };
}

export function latestExportPerSite(
  database: StudyDatabase,
): { siteId: string; exportDate: string; exportDay: number; importId: number }[] {
  return connectionOf(database)
    .prepare(
      `SELECT site_id AS siteId, export_date AS exportDate, export_day AS exportDay, id AS importId FROM (
         SELECT *, row_number() OVER (PARTITION BY site_id ORDER BY export_day DESC, id DESC) AS k FROM imports
       ) AS ranked WHERE k = 1 ORDER BY site_id`,
    )
    .all() as { siteId: string; exportDate: string; exportDay: number; importId: number }[];
}

/**
 * Values of a site's records that could not be read (invalid dates, values outside a code list,
 * unusable lab results) and whose discrepancy is not yet CLOSED, ACCEPTED or RESOLVED.
 */
export function unhandledValueErrorsBySite(database: StudyDatabase): Map<string, number> {
  const counts = new Map<string, number>();
  for (const form of database.model.forms) {
    const rows = connectionOf(database)
      .prepare(
        `SELECT r.site_id AS siteId, count(*) AS n
         FROM ${formTable(form.code)} r, json_each(r.issues) j
         WHERE r.issues IS NOT NULL AND r.deleted_import_id IS NULL
           AND NOT EXISTS (
             SELECT 1 FROM discrepancies d
             WHERE d.identity = json_extract(j.value, '$.check') || '|' || ? || '|' ||
                   (CASE WHEN r.occurrence > 1 THEN r.record_key || '#' || r.occurrence ELSE r.record_key END) || '|' || j.key
               AND d.status IN ('CLOSED', 'ACCEPTED', 'RESOLVED'))
         GROUP BY r.site_id`,
      )
      .all(form.code) as { siteId: string; n: number }[];
    for (const r of rows) counts.set(r.siteId, (counts.get(r.siteId) ?? 0) + r.n);
  }
  return counts;
}

export interface RecordVersionChange {
  form: string;
  recordId: number;
  siteId: string;
  subjectId: string;
  recordKey: string;
  kind: 'new' | 'changed' | 'deleted';
}

/** Records new, changed and deleted between two cuts, from what each cut held. */
export function recordsBetweenCuts(
  database: StudyDatabase,
  fromCut: number,
  toCut: number,
): RecordVersionChange[] {
  const out: RecordVersionChange[] = [];
  for (const form of database.model.forms) {
    const rows = connectionOf(database)
      .prepare(
        `SELECT r.record_id AS recordId, r.site_id AS siteId, r.subject_id AS subjectId,
                CASE WHEN r.occurrence > 1 THEN r.record_key || '#' || r.occurrence ELSE r.record_key END AS recordKey,
                CASE WHEN a.record_id IS NULL THEN 'new' WHEN b.record_id IS NULL THEN 'deleted' ELSE 'changed' END AS kind
         FROM (SELECT record_id, std_hash FROM cut_records WHERE cut_id = @from AND form = @form) a
         FULL OUTER JOIN (SELECT record_id, std_hash FROM cut_records WHERE cut_id = @to AND form = @form) b ON a.record_id = b.record_id
         JOIN ${formTable(form.code)} r ON r.record_id = coalesce(a.record_id, b.record_id)
         WHERE a.record_id IS NULL OR b.record_id IS NULL OR a.std_hash <> b.std_hash
         ORDER BY r.site_id, r.subject_id, r.record_id`,
      )
      .all({ from: fromCut, to: toCut, form: form.code }) as Omit<RecordVersionChange, 'form'>[];
    for (const r of rows) out.push({ form: form.code, ...r });
  }
  return out;
}

/** Per changed record and field: the value at the first cut and at the second (from the import history between them). */
export function fieldChangesBetween(
  database: StudyDatabase,
  form: string,
  recordId: number,
  afterImportId: number,
  upToImportId: number,
): { field: string; old: string | null; new: string | null }[] {
  return connectionOf(database)
    .prepare(
      `SELECT field,
              (SELECT old_value FROM record_changes x WHERE x.form = c.form AND x.record_id = c.record_id AND x.field = c.field
                 AND x.import_id > @after AND x.import_id <= @upto AND x.change = 'changed' ORDER BY x.id LIMIT 1) AS old,
              (SELECT new_value FROM record_changes x WHERE x.form = c.form AND x.record_id = c.record_id AND x.field = c.field
                 AND x.import_id > @after AND x.import_id <= @upto AND x.change = 'changed' ORDER BY x.id DESC LIMIT 1) AS new
       FROM record_changes c
       WHERE c.form = @form AND c.record_id = @record AND c.change = 'changed' AND c.import_id > @after AND c.import_id <= @upto
       GROUP BY field ORDER BY min(c.id)`,
    )
    .all({ form, record: recordId, after: afterImportId, upto: upToImportId }) as {
    field: string;
    old: string | null;
    new: string | null;
  }[];
}

export function discrepancyStatusChanges(database: StudyDatabase, fromCut: number, toCut: number) {
  return connectionOf(database)
    .prepare(
      `SELECT d.id, d.check_id AS checkId, d.subject_id AS subjectId, d.record_key AS recordKey, d.field,
              a.status AS before, b.status AS after
       FROM discrepancies d
       LEFT JOIN cut_discrepancies a ON a.cut_id = @from AND a.discrepancy_id = d.id
       LEFT JOIN cut_discrepancies b ON b.cut_id = @to AND b.discrepancy_id = d.id
       WHERE b.status IS NOT NULL OR a.status IS NOT NULL
       ORDER BY d.id`,
    )
    .all({ from: fromCut, to: toCut }) as {
    id: number;
    checkId: string;
    subjectId: string;
    recordKey: string;
    field: string;
    before: string | null;
    after: string | null;
  }[];
}

/** A consistent copy of the whole study as one self-contained SQLite file. */
export function copyStudyToFile(database: StudyDatabase, file: string): Promise<void> {
  return engineOf(database).copyToFile(file);
}
