import type { ReviewCounts, ReviewState } from '../../../shared/api/review';
import { formTable } from './form-tables';
import { REVIEW_JOIN_SQL, REVIEW_STATE_SQL, reviewParams } from './review-repo';
import type { StudyDatabase } from './study-database';

export interface SubjectReviewScope {
  site?: string;
  /** Only these subjects (a page of the list). */
  subjects?: readonly string[];
}

const emptyCounts = (): ReviewCounts => ({ records: 0, reviewed: 0, changed: 0, new: 0, unreviewed: 0 });

/**
 * A person's review of each subject's live records, all forms together, counted from indexes as
 * review status is (reviewStatusOfForm), subject by subject. No record is read.
 */
export function reviewCountsBySubject(
  database: StudyDatabase,
  user: string,
  scope: SubjectReviewScope,
): Map<string, ReviewCounts> {
  const c = database.connection;
  const out = new Map<string, ReviewCounts>();
  const of = (subject: string) => {
    let counts = out.get(subject);
    if (!counts) out.set(subject, (counts = emptyCounts()));
    return counts;
  };
  const inScope = (alias: string) =>
    [
      scope.site !== undefined ? `AND ${alias}.site_id = @site` : '',
      scope.subjects ? `AND ${alias}.subject_id IN (SELECT value FROM json_each(@subjects))` : '',
    ].join(' ');
  const scoped = {
    ...(scope.site !== undefined ? { site: scope.site } : {}),
    ...(scope.subjects ? { subjects: JSON.stringify(scope.subjects) } : {}),
  };
  const newBy = new Map<string, number>();
  for (const form of database.model.forms) {
    const table = formTable(form.code);
    const params = { ...reviewParams(user, form.code), ...scoped };
    for (const row of c
      .prepare(
        `SELECT r.subject_id AS subject, count(*) AS n FROM ${table} r
         WHERE r.deleted_import_id IS NULL ${inScope('r')} GROUP BY r.subject_id`,
      )
      .all(params) as { subject: string; n: number }[])
      of(row.subject).records += row.n;
    for (const row of c
      .prepare(
        `SELECT a.subject_id AS subject, count(*) AS n
         FROM review_horizons h JOIN ${table} a INDEXED BY ${table}_review
           ON a.site_id = h.site_id AND a.first_import_id > h.first_seen AND a.deleted_import_id IS NULL
         WHERE h.user_name = @reviewUser AND h.form = @reviewForm ${inScope('a')} GROUP BY a.subject_id`,
      )
      .all(params) as { subject: string; n: number }[])
      newBy.set(row.subject, (newBy.get(row.subject) ?? 0) + row.n);
    for (const row of c
      .prepare(
        `SELECT m.subject_id AS subject, count(*) AS marked, sum(m.std_hash = m.record_hash) AS reviewed,
                sum(m.first_import_id > h.first_seen) AS markedAfter
         FROM review_marks m INDEXED BY review_marks_by_person
         JOIN review_horizons h ON h.user_name = m.user_name AND h.form = m.form AND h.site_id = m.site_id
         WHERE m.user_name = @reviewUser AND m.form = @reviewForm AND m.live = 1 AND m.std_hash IS NOT NULL ${inScope('m')}
         GROUP BY m.subject_id`,
      )
      .all(params) as { subject: string; marked: number; reviewed: number; markedAfter: number }[]) {
      const counts = of(row.subject);
      counts.reviewed += row.reviewed;
      counts.changed += row.marked - row.reviewed;
      newBy.set(row.subject, (newBy.get(row.subject) ?? 0) - row.markedAfter);
    }
  }
  for (const [subject, counts] of out) {
    counts.new = newBy.get(subject) ?? 0;
    counts.unreviewed = counts.records - counts.reviewed - counts.changed - counts.new;
  }
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
    const rows = database.connection
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
