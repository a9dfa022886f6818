import type { ReviewRecord, ReviewState } from '../../../shared/api/review';
import type { FormModel } from '../study/study-model';
import { formTable } from './form-tables';
import type { StudyDatabase } from './study-database';
import { connectionOf } from './connection';

/**
 * The SQL of review marks (migrations 7 and 8). A form table's records are `r`; the person's mark on
 * each is `m` (LEFT JOIN: `m.std_hash` is NULL where there is none or it was removed; reviewed
 * where it equals `m.record_hash`, the record's version now; changed where they differ). The
 * person and form are the named parameters @reviewUser and @reviewForm.
 */

export const reviewParams = (user: string, form: string) => ({ reviewUser: user, reviewForm: form });

export const REVIEW_JOIN_SQL =
  'LEFT JOIN review_marks m ON m.form = @reviewForm AND m.record_id = r.record_id AND m.user_name = @reviewUser';

/** Where "new since your review" starts at the record's site: the import of your first mark on that site's form. */
const HORIZON_SQL = `(SELECT first_seen FROM review_horizons
  WHERE user_name = @reviewUser AND form = @reviewForm AND site_id = r.site_id)`;

/** The person's review state of each record, as a column. */
export const REVIEW_STATE_SQL = `CASE WHEN m.std_hash = m.record_hash THEN 'reviewed' WHEN m.std_hash IS NOT NULL THEN 'changed'
  WHEN r.first_import_id > ${HORIZON_SQL} THEN 'new' ELSE 'unreviewed' END`;

/** A person's marks: all of them in the order data are listed, or only those gone stale (few). */
const MARKS_OF_PERSON = `review_marks m INDEXED BY review_marks_by_person`;
const STALE_MARKS = `review_marks m INDEXED BY review_marks_changed`;

/**
 * How to list a form's live records in one review state, in the order data are listed (site,
 * subject, record): reviewed ones through the person's marks (an index in that order), changed ones
 * through the stale marks alone, new and never-reviewed ones from the records, after or up to each
 * site's horizon. `sites` narrows to the sites known to hold such records (from the review status).
 */
export interface ReviewSource {
  from: string;
  where: string[];
  /** Columns of the site, subject and record id, to filter and order by. */
  site: string;
  subject: string;
  recordId: string;
  params: Record<string, unknown>;
}

export function reviewSource(
  form: FormModel,
  user: string,
  state: ReviewState,
  sites?: readonly string[],
): ReviewSource {
  const table = formTable(form.code);
  const params: Record<string, unknown> = { ...reviewParams(user, form.code) };
  const where: string[] = [];
  const marked = state === 'reviewed' || state === 'changed';
  if (sites) {
    where.push(`${marked ? 'm' : 'r'}.site_id IN (SELECT value FROM json_each(@reviewSites))`);
    params.reviewSites = JSON.stringify(sites);
  }
  if (marked)
    return {
      from: `${state === 'reviewed' ? MARKS_OF_PERSON : STALE_MARKS} JOIN ${table} r ON r.record_id = m.record_id`,
      where: [
        'm.user_name = @reviewUser',
        'm.form = @reviewForm',
        'm.live = 1',
        state === 'reviewed' ? 'm.std_hash = m.record_hash' : 'm.std_hash <> m.record_hash',
        ...where,
      ],
      site: 'm.site_id',
      subject: 'm.subject_id',
      recordId: 'm.record_id',
      params,
    };
  return {
    from: `${table} r INDEXED BY ${table}_review ${REVIEW_JOIN_SQL}`,
    where: [
      'r.deleted_import_id IS NULL',
      'm.std_hash IS NULL',
      state === 'new'
        ? `r.first_import_id > ${HORIZON_SQL}`
        : `coalesce(r.first_import_id <= ${HORIZON_SQL}, 1)`,
      ...where,
    ],
    site: 'r.site_id',
    subject: 'r.subject_id',
    recordId: 'r.record_id',
    params,
  };
}

// ---------------------------------------------------------------------------------------------
// One record

export function reviewOfRecord(
  database: StudyDatabase,
  form: FormModel,
  recordId: number,
  user: string,
): Omit<ReviewRecord, 'changed'> | undefined {
  const c = connectionOf(database);
  const table = formTable(form.code);
  const own = c
    .prepare(`SELECT ${REVIEW_STATE_SQL} AS state FROM ${table} r ${REVIEW_JOIN_SQL} WHERE r.record_id = @id`)
    .get({ ...reviewParams(user, form.code), id: recordId }) as { state: ReviewState } | undefined;
  if (!own) return undefined;
  const marks = c
    .prepare(
      `SELECT m.user_name AS user, e.at, m.std_hash = m.record_hash AS current
       FROM review_marks m JOIN audit_events e ON e.id = m.event_id
       WHERE m.form = ? AND m.record_id = ? AND m.std_hash IS NOT NULL ORDER BY e.at DESC, m.user_name`,
    )
    .all(form.code, recordId) as { user: string; at: string; current: number }[];
  const history = c
    .prepare(
      `SELECT h.user_name AS user, e.at, CASE WHEN h.std_hash IS NULL THEN 'unmarked' ELSE 'marked' END AS action
       FROM review_mark_history h JOIN audit_events e ON e.id = h.event_id
       WHERE h.form = ? AND h.record_id = ? ORDER BY h.id`,
    )
    .all(form.code, recordId) as ReviewRecord['history'];
  return {
    form: form.code,
    recordId,
    user,
    state: own.state,
    marks: marks.map((m) => ({ ...m, current: m.current === 1 })),
    history,
  };
}
