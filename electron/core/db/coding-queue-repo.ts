import { connectionOf } from './connection';
import type { CodingQueueRow } from '../../../shared/api/coding';
import type { FormModel } from '../study/study-model';
import { rowColumns, toRow, type RawRow } from './coding-repo';
import { formTable } from './form-tables';
import type { StudyDatabase } from './study-database';

/**
 * The coding queue: live records of the coded forms in one status, grouped by verbatim (repeats
 * side by side, to code them at once), with their subject and record, what the site wrote in the
 * replaced column, how long the verbatim has waited, and the latest query on it. Paged.
 */

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/** The queue's keys of one form under the filter: what is counted, sorted and paged. */
function formKeys(form: FormModel): string {
  return `SELECT c.form, c.record_id AS recordId, c.verbatim_norm AS verbatimNorm, r.site_id AS siteId, r.subject_id AS subjectId
    FROM coding c JOIN ${formTable(form.code)} r ON r.record_id = c.record_id AND r.deleted_import_id IS NULL
    WHERE c.form = '${form.code}' AND c.status = @status
      AND (CAST(@search AS TEXT) IS NULL OR c.verbatim LIKE @search ESCAPE '\\' OR r.subject_id LIKE @search ESCAPE '\\'
           OR r.record_key LIKE @search ESCAPE '\\')`;
}

/** One record of the page with all it shows (the repeats and the query are looked up for the page only). */
function formDetail(form: FormModel): string {
  const coding = form.coding!;
  const hint = coding.columns.find(
    (c) => c.replaces && (c.field === 'ptName' || c.field === 'drugName'),
  )?.replaces;
  const table = formTable(form.code);
  return `SELECT ${rowColumns('c')}, r.site_id AS siteId, r.subject_id AS subjectId,
      CASE WHEN r.occurrence > 1 THEN r.record_key || '#' || r.occurrence ELSE r.record_key END AS recordKey,
      ${hint ? `r."${hint.name}"` : 'NULL'} AS siteTerm, c.coded_by AS codedBy, c.coded_at AS codedAt,
      (SELECT count(*) FROM coding c2 JOIN ${table} r2 ON r2.record_id = c2.record_id AND r2.deleted_import_id IS NULL
        WHERE c2.form = c.form AND c2.status = 'WAITING' AND c2.verbatim_norm = c.verbatim_norm) AS sameVerbatim,
      q.id AS queryDiscrepancyId, q.status AS queryStatus
    FROM coding c JOIN ${table} r ON r.record_id = c.record_id
    LEFT JOIN discrepancies q ON q.id = (SELECT max(d.id) FROM discrepancies d WHERE d.form = c.form AND d.record_id = c.record_id
      AND d.field = '${coding.verbatim.name}' AND d.check_id = 'MANUAL')
    WHERE c.form = '${form.code}' AND c.record_id = ?`;
}

type QueueRaw = RawRow & Omit<CodingQueueRow, 'coded' | 'waitingDays' | 'reason'>;

export function codingQueue(
  database: StudyDatabase,
  forms: FormModel[],
  request: { status: 'WAITING' | 'CODED'; search?: string; offset: number; limit: number },
  now: Date,
): { rows: CodingQueueRow[]; total: number } {
  if (forms.length === 0) return { rows: [], total: 0 };
  const union = forms.map(formKeys).join('\nUNION ALL\n');
  const params = {
    status: request.status,
    search: request.search ? `%${escapeLike(request.search)}%` : null,
  };
  const c = connectionOf(database);
  const total = (c.prepare(`SELECT count(*) AS n FROM (${union})`).get(params) as { n: number }).n;
  const keys = c
    .prepare(
      `SELECT form, recordId FROM (${union}) ORDER BY verbatimNorm, siteId, subjectId, recordId LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: request.limit, offset: request.offset }) as { form: string; recordId: number }[];
  const details = new Map(forms.map((f) => [f.code, c.prepare(formDetail(f))]));
  const raw = keys.map((k) => details.get(k.form)!.get(k.recordId) as QueueRaw);
  const rows = raw.map((r): CodingQueueRow => {
    const row = toRow(r);
    return {
      form: r.form,
      recordId: r.recordId,
      siteId: r.siteId,
      subjectId: r.subjectId,
      recordKey: r.recordKey,
      verbatim: r.verbatim,
      siteTerm: r.siteTerm === null ? null : String(r.siteTerm),
      status: r.status,
      since: r.since,
      waitingDays: Math.max(0, Math.floor((now.getTime() - Date.parse(r.since)) / 86_400_000)),
      sameVerbatim: r.sameVerbatim,
      reason: row.waitingReason,
      queryDiscrepancyId: r.queryDiscrepancyId,
      queryStatus: r.queryStatus,
      method: r.method,
      coded: r.status === 'CODED' ? row.values : null,
      codedBy: r.codedBy,
      codedAt: r.codedAt,
    };
  });
  return { rows, total };
}
