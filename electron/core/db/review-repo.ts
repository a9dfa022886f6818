import type { ReviewCounts, ReviewRecord, ReviewState } from '../../../shared/api/review';
import type { FormModel } from '../study/study-model';
import { formTable } from './form-tables';
import type { StudyDatabase } from './study-database';

/**
 * The SQL of review marks (migration 0005). A form table's records are `r`; the person's mark on
 * each is `m` (`m.state` 1: reviewed, 2: changed since; NULL: no mark, or it was removed). The
 * person and form are the named parameters @reviewUser and @reviewForm.
 */

export const reviewParams = (user: string, form: string) => ({ reviewUser: user, reviewForm: form });

export const REVIEW_JOIN_SQL =
  'LEFT JOIN review_marks m ON m.form = @reviewForm AND m.record_id = r.record_id AND m.user_name = @reviewUser';

/** Where "new since your review" starts for the record's site: the import of your first mark on that site's form. */
const HORIZON_SQL = `(SELECT min(h.seen_import_id) FROM review_marks h INDEXED BY review_marks_by_site
  WHERE h.user_name = @reviewUser AND h.form = @reviewForm AND h.site_id = r.site_id AND h.std_hash IS NOT NULL)`;

/** The person's review state of each record, as a column. */
export const REVIEW_STATE_SQL = `CASE m.state WHEN 1 THEN 'reviewed' WHEN 2 THEN 'changed'
  ELSE CASE WHEN r.first_import_id > ${HORIZON_SQL} THEN 'new' ELSE 'unreviewed' END END`;

/** Each site's horizon: the person's first mark on the site's form. */
const HORIZONS_SQL = `(SELECT site_id, min(seen_import_id) AS first_seen FROM review_marks INDEXED BY review_marks_by_site
  WHERE user_name = @reviewUser AND form = @reviewForm AND std_hash IS NOT NULL GROUP BY site_id)`;

const STATE_NUMBER = { reviewed: 1, changed: 2 } as const;

/**
 * How to list a form's live records in one review state, in the order data are listed (site,
 * subject, record): reviewed and changed ones through the person's marks (an index in that
 * order), new ones from each site's horizon on, never-reviewed ones from the records.
 */
export interface ReviewSource {
  from: string;
  where: string[];
  /** Column of the site, subject and record id to filter and order by. */
  site: string;
  subject: string;
  recordId: string;
  params: Record<string, unknown>;
  /** Whether the total can be read from the review status instead of counting the rows. */
  countFromStatus: boolean;
}

export function reviewSource(form: FormModel, user: string, state: ReviewState): ReviewSource {
  const table = formTable(form.code);
  const params = reviewParams(user, form.code);
  if (state === 'reviewed' || state === 'changed')
    return {
      from: `review_marks m INDEXED BY review_marks_by_state JOIN ${table} r ON r.record_id = m.record_id`,
      where: [
        'm.user_name = @reviewUser',
        'm.form = @reviewForm',
        'm.std_hash IS NOT NULL',
        `m.state = ${STATE_NUMBER[state]}`,
        'm.live = 1',
      ],
      site: 'm.site_id',
      subject: 'm.subject_id',
      recordId: 'm.record_id',
      params,
      countFromStatus: false,
    };
  if (state === 'new')
    return {
      from: `${HORIZONS_SQL} hz JOIN ${table} r INDEXED BY ${table}_review ON r.site_id = hz.site_id AND r.first_import_id > hz.first_seen ${REVIEW_JOIN_SQL}`,
      where: ['r.deleted_import_id IS NULL', 'm.state IS NULL'],
      site: 'r.site_id',
      subject: 'r.subject_id',
      recordId: 'r.record_id',
      params,
      countFromStatus: false,
    };
  return {
    from: `${table} r ${REVIEW_JOIN_SQL}`,
    where: ['r.deleted_import_id IS NULL', 'm.state IS NULL', `coalesce(r.first_import_id <= ${HORIZON_SQL}, 1)`],
    site: 'r.site_id',
    subject: 'r.subject_id',
    recordId: 'r.record_id',
    params,
    countFromStatus: true,
  };
}

// ---------------------------------------------------------------------------------------------
// Status

export type SiteFormCounts = ReviewCounts & { siteId: string; form: string };

/**
 * The person's review state of a form's live records, counted per site from indexes alone: the
 * records of each site (the form's review index), the person's reviewed and changed marks (their
 * state index), and the records that arrived after the person's first mark on each site's form
 * (both indexes by arrival). Never-reviewed is what is left.
 */
export function reviewStatusOfForm(
  database: StudyDatabase,
  form: FormModel,
  user: string,
  site: string | undefined,
): SiteFormCounts[] {
  const c = database.connection;
  const table = formTable(form.code);
  const params = { ...reviewParams(user, form.code), site: site ?? null };
  const records = c
    .prepare(
      `SELECT site_id AS siteId, count(*) AS n FROM ${table} INDEXED BY ${table}_review
       WHERE deleted_import_id IS NULL AND (@site IS NULL OR site_id = @site) GROUP BY site_id`,
    )
    .all(params) as { siteId: string; n: number }[];
  const marked = c
    .prepare(
      `SELECT site_id AS siteId, state, count(*) AS n FROM review_marks INDEXED BY review_marks_by_state
       WHERE user_name = @reviewUser AND form = @reviewForm AND std_hash IS NOT NULL AND state IN (1, 2) AND live = 1
         AND (@site IS NULL OR site_id = @site)
       GROUP BY state, site_id`,
    )
    .all(params) as { siteId: string; state: 1 | 2; n: number }[];
  const arrived = c
    .prepare(
      `SELECT hz.site_id AS siteId,
         (SELECT count(*) FROM ${table} r INDEXED BY ${table}_review
          WHERE r.site_id = hz.site_id AND r.first_import_id > hz.first_seen AND r.deleted_import_id IS NULL) -
         (SELECT count(*) FROM review_marks x INDEXED BY review_marks_by_site
          WHERE x.user_name = @reviewUser AND x.form = @reviewForm AND x.site_id = hz.site_id AND x.std_hash IS NOT NULL
            AND x.live = 1 AND x.first_import_id > hz.first_seen) AS n
       FROM ${HORIZONS_SQL} hz WHERE @site IS NULL OR hz.site_id = @site`,
    )
    .all(params) as { siteId: string; n: number }[];
  const bySite = new Map<string, SiteFormCounts>();
  for (const r of records)
    bySite.set(r.siteId, {
      siteId: r.siteId,
      form: form.code,
      records: r.n,
      reviewed: 0,
      changed: 0,
      new: 0,
      unreviewed: 0,
    });
  for (const m of marked) {
    const row = bySite.get(m.siteId);
    if (row) row[m.state === 1 ? 'reviewed' : 'changed'] = m.n;
  }
  for (const a of arrived) {
    const row = bySite.get(a.siteId);
    if (row) row.new = a.n;
  }
  const rows = [...bySite.values()].sort((a, b) => a.siteId.localeCompare(b.siteId));
  for (const row of rows) row.unreviewed = row.records - row.reviewed - row.changed - row.new;
  return rows;
}

// ---------------------------------------------------------------------------------------------
// One record

export function reviewOfRecord(
  database: StudyDatabase,
  form: FormModel,
  recordId: number,
  user: string,
): Omit<ReviewRecord, 'changed'> | undefined {
  const c = database.connection;
  const table = formTable(form.code);
  const own = c
    .prepare(`SELECT ${REVIEW_STATE_SQL} AS state FROM ${table} r ${REVIEW_JOIN_SQL} WHERE r.record_id = @id`)
    .get({ ...reviewParams(user, form.code), id: recordId }) as { state: ReviewState } | undefined;
  if (!own) return undefined;
  const marks = c
    .prepare(
      `SELECT m.user_name AS user, e.at, m.state = 1 AS current
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
    user,
    state: own.state,
    marks: marks.map((m) => ({ ...m, current: m.current === 1 })),
    history,
  };
}
