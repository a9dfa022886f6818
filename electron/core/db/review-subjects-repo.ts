import type { ReviewCounts, ReviewState } from '../../../shared/api/review';
import { formTable } from './form-tables';
import { REVIEW_JOIN_SQL, REVIEW_STATE_SQL, reviewParams } from './review-repo';
import type { StudyDatabase } from './study-database';
import { connectionOf } from './connection';

export interface SubjectReviewScope {
  site?: string;
  /** Only these subjects (a page of the list). */
  subjects?: readonly string[];
  /**
   * The counts needed, when not all: `changed` reads the marks only, `new` the marks and the records
   * arrived since the first mark (the other counts are then left at 0).
   */
  only?: 'changed' | 'new';
}

/**
 * A person's review of each subject's live records, all forms together, counted from indexes as
 * review status is (reviewStatusOfForm), subject by subject. No record is read.
 */
export function reviewCountsBySubject(
  database: StudyDatabase,
  user: string,
  scope: SubjectReviewScope,
): Map<string, ReviewCounts> {
  const inScope = (alias: string) =>
    [
      scope.site !== undefined ? `AND ${alias}.site_id = @site` : '',
      scope.subjects ? `AND ${alias}.subject_id IN (SELECT value FROM json_each(@subjects))` : '',
    ].join(' ');
  // Per form: each subject's records, records arrived after the person's first mark at the site,
  // and the person's marks; summed over the forms by SQLite (one row a subject comes back).
  const columns = `SELECT NULL AS subject, 0 AS records, 0 AS arrived, 0 AS marked, 0 AS reviewed, 0 AS markedAfter WHERE 0`;
  const parts = database.model.forms.flatMap((form) => {
    const table = formTable(form.code);
    const code = `'${form.code.replace(/'/g, "''")}'`;
    return [
      scope.only
        ? ''
        : `SELECT r.subject_id, count(*), 0, 0, 0, 0
       FROM ${table} r WHERE r.deleted_import_id IS NULL ${inScope('r')} GROUP BY r.subject_id`,
      scope.only === 'changed'
        ? ''
        : `SELECT a.subject_id, 0, count(*), 0, 0, 0
       FROM review_horizons h CROSS JOIN ${table} a INDEXED BY ${table}_review
         ON a.site_id = h.site_id AND a.first_import_id > h.first_seen AND a.deleted_import_id IS NULL
       WHERE h.user_name = @reviewUser AND h.form = ${code} ${inScope('a')} GROUP BY a.subject_id`,
      `SELECT m.subject_id, 0, 0, count(*), sum(m.std_hash = m.record_hash), sum(m.first_import_id > h.first_seen)
       FROM review_horizons h CROSS JOIN review_marks m INDEXED BY review_marks_by_person
         ON m.user_name = h.user_name AND m.form = h.form AND m.site_id = h.site_id
       WHERE h.user_name = @reviewUser AND h.form = ${code} AND m.live = 1 AND m.std_hash IS NOT NULL ${inScope('m')}
       GROUP BY h.site_id, m.subject_id`,
    ].filter(Boolean);
  });
  const rows = connectionOf(database)
    .prepare(
      `SELECT subject, sum(records), sum(arrived) - sum(markedAfter), sum(marked), sum(reviewed)
       FROM (${[columns, ...parts].join('\nUNION ALL\n')}) GROUP BY subject`,
    )
    .raw()
    .all({
      reviewUser: user,
      ...(scope.site !== undefined ? { site: scope.site } : {}),
      ...(scope.subjects ? { subjects: JSON.stringify(scope.subjects) } : {}),
    }) as [string, number, number, number, number][];
  const out = new Map<string, ReviewCounts>();
  for (const [subject, records, fresh, marked, reviewed] of rows)
    out.set(subject, {
      records,
      reviewed,
      changed: marked - reviewed,
      new: fresh,
      unreviewed: records - marked - fresh,
    });
  return out;
}

export interface SubjectRecordReview {
  form: string;
  recordId: number;
  recordKey: string;
  state: ReviewState;
  /** The record's first date (where it sits on a timeline). */
  date: string | null;
  values: Record<string, unknown>;
  raw: (string | null)[];
}

/** A subject's live records that changed or are new since the person's review, form by form. */
export function changedOrNewOfSubject(
  database: StudyDatabase,
  user: string,
  subjectId: string,
): SubjectRecordReview[] {
  const out: SubjectRecordReview[] = [];
  for (const form of database.model.forms) {
    const dateColumn = form.dateColumns[0]?.name;
    const rows = connectionOf(database)
      .prepare(
        `SELECT * FROM (
           SELECT r.*, ${REVIEW_STATE_SQL} AS _state FROM ${formTable(form.code)} r ${REVIEW_JOIN_SQL}
           WHERE r.subject_id = @subject AND r.deleted_import_id IS NULL)
         WHERE _state IN ('changed', 'new') ORDER BY record_id`,
      )
      .all({ ...reviewParams(user, form.code), subject: subjectId }) as Record<string, unknown>[];
    for (const row of rows)
      out.push({
        form: form.code,
        recordId: row.record_id as number,
        recordKey:
          (row.occurrence as number) > 1
            ? `${String(row.record_key)}#${String(row.occurrence)}`
            : String(row.record_key),
        state: row._state as 'changed' | 'new',
        date: dateColumn ? ((row[dateColumn] as string | null) ?? null) : null,
        values: row,
        raw: JSON.parse(row.raw as string) as (string | null)[],
      });
  }
  return out;
}
