import type { ReviewCounts, ReviewState } from '../../../shared/api/review';
import { formTable } from './form-tables';
import { REVIEW_JOIN_SQL, REVIEW_STATE_SQL, reviewParams } from './review-repo';
import type { FormModel } from '../study/study-model';
import type { StudyDatabase } from './study-database';
import { connectionOf } from './connection';
import { prepared } from './statement-cache';

/** The statement of subjectsWithStaleMarks (named parameters @reviewUser and, with a site, @site). */
export function staleMarkSubjectsSql(bySite: boolean): string {
  return `SELECT DISTINCT subject_id FROM review_marks INDEXED BY review_marks_changed
    WHERE user_name = @reviewUser AND live = 1 AND std_hash <> record_hash ${bySite ? 'AND site_id = @site' : ''}`;
}

/** Subjects with a mark of the person gone stale (their record changed since), from those marks alone. */
export function subjectsWithStaleMarks(database: StudyDatabase, user: string, site?: string): string[] {
  return connectionOf(database)
    .prepare(staleMarkSubjectsSql(site !== undefined))
    .pluck()
    .all({ reviewUser: user, ...(site !== undefined ? { site } : {}) }) as string[];
}

/** A span of a site's imports: the records that arrived after `after`, up to `upTo` (import ids). */
export interface ArrivalSpan {
  site: string;
  after: number;
  upTo: number;
}

/**
 * The statements of subjectsWithUnmarkedRecords. Where the person has marks on some of a span's
 * records (named parameters @reviewUser, @reviewForm, @site, @after, @upTo): each subject's records
 * of the span against its marks on them, two ranges of two indexes by site and arrival (the form's
 * review index and review_marks_by_arrival). Where they have none (@spans, a JSON array of spans):
 * the subjects of the spans' records, one range a span.
 */
export function unmarkedRecordSubjectsSql(form: FormModel, marksInSpan: boolean): string {
  const table = formTable(form.code);
  if (!marksInSpan)
    return `SELECT DISTINCT r.subject_id FROM json_each(@spans) s CROSS JOIN ${table} r INDEXED BY ${table}_review
      ON r.site_id = s.value ->> '$.site' AND r.first_import_id > s.value ->> '$.after'
        AND r.first_import_id <= s.value ->> '$.upTo' AND r.deleted_import_id IS NULL`;
  return `SELECT r.subject FROM
      (SELECT subject_id AS subject, count(*) AS n FROM ${table} INDEXED BY ${table}_review
       WHERE site_id = @site AND first_import_id > @after AND first_import_id <= @upTo AND deleted_import_id IS NULL
       GROUP BY subject_id) r
    LEFT JOIN
      (SELECT subject_id AS subject, count(*) AS n FROM review_marks INDEXED BY review_marks_by_arrival
       WHERE user_name = @reviewUser AND form = @reviewForm AND site_id = @site
         AND first_import_id > @after AND first_import_id <= @upTo AND live = 1 AND std_hash IS NOT NULL
       GROUP BY subject_id) m ON m.subject = r.subject
    WHERE r.n > coalesce(m.n, 0)`;
}

/**
 * Subjects with a live record of the form, in one of the spans, that the person has no mark in
 * force on. `marked` are the spans where the person has marks on some of the records, `unmarked`
 * those where they have none.
 */
export function subjectsWithUnmarkedRecords(
  database: StudyDatabase,
  form: FormModel,
  user: string,
  spans: { marked: readonly ArrivalSpan[]; unmarked: readonly ArrivalSpan[] },
): Set<string> {
  const connection = connectionOf(database);
  const subjects = new Set<string>();
  const add = (found: unknown[]) => found.forEach((s) => subjects.add(s as string));
  if (spans.unmarked.length)
    add(
      prepared(connection, unmarkedRecordSubjectsSql(form, false))
        .pluck()
        .all({ spans: JSON.stringify(spans.unmarked) }),
    );
  const perSpan = prepared(connection, unmarkedRecordSubjectsSql(form, true)).pluck();
  for (const span of spans.marked) add(perSpan.all({ ...reviewParams(user, form.code), ...span }));
  return subjects;
}

/**
 * A person's review of each of some subjects' live records (a page of the list, a profile), all
 * forms together, from indexes: each subject's records (the form's subject index), those that
 * arrived after the person's first mark at the subject's site (the form's review index, at those
 * sites only), and the person's marks on them. No record is read.
 */
export function reviewCountsBySubject(
  database: StudyDatabase,
  user: string,
  subjects: readonly { subjectId: string; siteId: string }[],
): Map<string, ReviewCounts> {
  const out = new Map<string, ReviewCounts>();
  if (subjects.length === 0) return out;
  const inScope = (alias: string) => `AND ${alias}.subject_id IN (SELECT value FROM json_each(@subjects))`;
  const atSites = 'AND h.site_id IN (SELECT value FROM json_each(@sites))';
  // Per form: each subject's records, records arrived after the person's first mark at the site,
  // and the person's marks; summed over the forms by SQLite (one row a subject comes back).
  const columns = `SELECT NULL AS subject, 0 AS records, 0 AS arrived, 0 AS marked, 0 AS reviewed, 0 AS markedAfter WHERE 0`;
  const parts = database.model.forms.flatMap((form) => {
    const table = formTable(form.code);
    const code = `'${form.code.replace(/'/g, "''")}'`;
    return [
      `SELECT r.subject_id, count(*), 0, 0, 0, 0
       FROM ${table} r WHERE r.deleted_import_id IS NULL ${inScope('r')} GROUP BY r.subject_id`,
      `SELECT a.subject_id, 0, count(*), 0, 0, 0
       FROM review_horizons h CROSS JOIN ${table} a INDEXED BY ${table}_review
         ON a.site_id = h.site_id AND a.first_import_id > h.first_seen AND a.deleted_import_id IS NULL
       WHERE h.user_name = @reviewUser AND h.form = ${code} ${atSites} ${inScope('a')} GROUP BY a.subject_id`,
      `SELECT m.subject_id, 0, 0, count(*), sum(m.std_hash = m.record_hash), sum(m.first_import_id > h.first_seen)
       FROM review_horizons h CROSS JOIN review_marks m INDEXED BY review_marks_by_person
         ON m.user_name = h.user_name AND m.form = h.form AND m.site_id = h.site_id
       WHERE h.user_name = @reviewUser AND h.form = ${code} AND m.live = 1 AND m.std_hash IS NOT NULL ${atSites} ${inScope('m')}
       GROUP BY h.site_id, m.subject_id`,
    ];
  });
  const rows = connectionOf(database)
    .prepare(
      `SELECT subject, sum(records), sum(arrived) - sum(markedAfter), sum(marked), sum(reviewed)
       FROM (${[columns, ...parts].join('\nUNION ALL\n')}) GROUP BY subject`,
    )
    .raw()
    .all({
      reviewUser: user,
      subjects: JSON.stringify(subjects.map((s) => s.subjectId)),
      sites: JSON.stringify([...new Set(subjects.map((s) => s.siteId))]),
    }) as [string, number, number, number, number][];
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
