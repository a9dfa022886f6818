import type { ReviewState } from '../../../shared/api/review';
import type { FormModel } from '../study/study-model';
import { formTable } from './form-tables';
import { REVIEW_JOIN_SQL, REVIEW_STATE_SQL, reviewParams } from './review-repo';
import type { StudyDatabase } from './study-database';
import { connectionOf } from './connection';

/** The records of a form a mark or unmark is about; keys are (record_key, occurrence). */
export interface ReviewTarget {
  form: FormModel;
  site?: string;
  subject?: string;
  keys?: { key: string; occurrence: number }[];
  recordIds?: number[];
  /** Only the records in this state of the person's review (e.g. "mark every changed one reviewed"). */
  state?: ReviewState;
  /** Live records only (marking); unmarking reaches records deleted at the source too. */
  liveOnly: boolean;
}

/** The target's records `r`, with the person's marks `m` where its state is asked for. */
function targetFrom(t: ReviewTarget): string {
  return `${formTable(t.form.code)} r${t.state ? ` ${REVIEW_JOIN_SQL}` : ''}`;
}

function targetWhere(t: ReviewTarget, user: string): { sql: string; params: Record<string, unknown> } {
  const conditions: string[] = [];
  const params: Record<string, unknown> = {};
  if (t.state) {
    conditions.push(`(${REVIEW_STATE_SQL}) = @state`);
    Object.assign(params, reviewParams(user, t.form.code), { state: t.state });
  }
  if (t.liveOnly) conditions.push('r.deleted_import_id IS NULL');
  if (t.site !== undefined) {
    conditions.push('r.site_id = @site');
    params.site = t.site;
  }
  if (t.subject !== undefined) {
    conditions.push('r.subject_id = @subject');
    params.subject = t.subject;
  }
  if (t.keys !== undefined) {
    conditions.push(
      `(r.record_key, r.occurrence) IN (SELECT value ->> '$[0]', value ->> '$[1]' FROM json_each(@keys))`,
    );
    params.keys = JSON.stringify(t.keys.map((k) => [k.key, k.occurrence]));
  }
  if (t.recordIds !== undefined) {
    conditions.push('r.record_id IN (SELECT CAST(value AS INTEGER) FROM json_each(@recordIds))');
    params.recordIds = JSON.stringify(t.recordIds);
  }
  return { sql: conditions.length ? conditions.join(' AND ') : '1', params };
}

/** How many records a target matches; of them, how many the person has marked, and at their current version. */
export function countTarget(
  database: StudyDatabase,
  target: ReviewTarget,
  user: string,
): { matched: number; marked: number; current: number } {
  const { sql, params } = targetWhere(target, user);
  return connectionOf(database)
    .prepare(
      `SELECT count(*) AS matched, count(m.std_hash) AS marked, count(CASE WHEN m.std_hash = m.record_hash THEN 1 END) AS current
       FROM ${formTable(target.form.code)} r ${REVIEW_JOIN_SQL} WHERE ${sql}`,
    )
    .get({ ...params, ...reviewParams(user, target.form.code) }) as {
    matched: number;
    marked: number;
    current: number;
  };
}

/** Record keys of a target (as `key#n`) that match no record: a request naming them is refused. */
export function unmatchedKeys(database: StudyDatabase, target: ReviewTarget): string[] {
  if (!target.keys?.length) return [];
  const { sql, params } = targetWhere(
    { ...target, keys: undefined, recordIds: undefined, state: undefined },
    '',
  );
  const rows = connectionOf(database)
    .prepare(
      `SELECT k.value ->> '$[0]' AS key, k.value ->> '$[1]' AS occurrence FROM json_each(@keys) k
       WHERE NOT EXISTS (SELECT 1 FROM ${formTable(target.form.code)} r
                         WHERE r.record_key = k.value ->> '$[0]' AND r.occurrence = k.value ->> '$[1]' AND ${sql})`,
    )
    .all({ ...params, keys: JSON.stringify(target.keys.map((k) => [k.key, k.occurrence])) }) as {
    key: string;
    occurrence: number;
  }[];
  return rows.map((r) => (r.occurrence > 1 ? `${r.key}#${r.occurrence}` : r.key));
}

/** Record ids of a target that are not records of its form (live ones, when marking). */
export function unmatchedIds(database: StudyDatabase, target: ReviewTarget): number[] {
  if (!target.recordIds?.length) return [];
  const rows = connectionOf(database)
    .prepare(
      `SELECT value AS id FROM json_each(?) WHERE value NOT IN
         (SELECT record_id FROM ${formTable(target.form.code)} WHERE ${target.liveOnly ? 'deleted_import_id IS NULL' : '1'})`,
    )
    .all(JSON.stringify(target.recordIds)) as { id: number }[];
  return rows.map((r) => r.id);
}

export interface MarkAction {
  user: string;
  /** The audit event of this mark or unmark (who and when). */
  eventId: number;
}

const NEWEST_IMPORT_SQL = '(SELECT coalesce(max(id), 0) FROM imports)';

/**
 * Marks the current version of every record of the target reviewed, in one statement (a whole
 * site is one INSERT ... SELECT, whatever its size); marks already at the current version are left
 * as they are. The history rows are written by the database. Returns how many marks were made or moved on.
 */
export function markTarget(database: StudyDatabase, target: ReviewTarget, action: MarkAction): number {
  const { sql, params } = targetWhere(target, action.user);
  return connectionOf(database)
    .prepare(
      `INSERT INTO review_marks (form, record_id, user_name, site_id, subject_id, first_import_id, std_hash,
                                 seen_import_id, event_id, record_hash, live)
       SELECT @form, r.record_id, @user, r.site_id, r.subject_id, r.first_import_id, r.std_hash,
              ${NEWEST_IMPORT_SQL}, @eventId, r.std_hash, 1
       FROM ${targetFrom(target)} WHERE ${sql}
       ON CONFLICT (form, record_id, user_name) DO UPDATE SET std_hash = excluded.std_hash,
         seen_import_id = excluded.seen_import_id, event_id = excluded.event_id,
         record_hash = excluded.record_hash, live = 1
       WHERE review_marks.std_hash IS NOT excluded.std_hash`,
    )
    .run({ ...params, user: action.user, form: target.form.code, eventId: action.eventId }).changes;
}

/** Removes the person's marks on the records of the target (kept in the history); returns how many. */
export function unmarkTarget(database: StudyDatabase, target: ReviewTarget, action: MarkAction): number {
  const { sql, params } = targetWhere(target, action.user);
  return connectionOf(database)
    .prepare(
      `UPDATE review_marks SET std_hash = NULL, seen_import_id = ${NEWEST_IMPORT_SQL}, event_id = @eventId
       WHERE form = @form AND user_name = @user AND std_hash IS NOT NULL
         AND record_id IN (SELECT r.record_id FROM ${targetFrom(target)} WHERE ${sql})`,
    )
    .run({ ...params, user: action.user, form: target.form.code, eventId: action.eventId }).changes;
}
