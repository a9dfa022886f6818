import type { FormModel } from '../study/study-model';
import { formTable } from './form-tables';
import type { StudyDatabase } from './study-database';
import { connectionOf } from './connection';

/**
 * A person's review of one form at one site, as five counts of index ranges (migrations 7 and 8),
 * never reading a record or a mark: the live records that were there at the person's horizon (the
 * import of their first mark on that site's form; every record when there is none) and those that
 * arrived after it (the form's review index: site, arrival, subject), the person's marks in force
 * on each of them (review_marks_by_arrival), and the marks gone stale (review_marks_changed).
 *
 * So: changed = stale marks; reviewed = marks - changed; new = arrived - marks after;
 * never reviewed = before - marks before.
 */
export interface SiteReviewCounts {
  form: string;
  siteId: string;
  /** The person's horizon at the site (an import id), or null: they never marked this form there. */
  horizon: number | null;
  before: number;
  arrived: number;
  markedBefore: number;
  markedAfter: number;
  changed: number;
}

export type SiteReviewCount = 'before' | 'arrived' | 'markedBefore' | 'markedAfter' | 'changed';
export const SITE_REVIEW_COUNTS: readonly SiteReviewCount[] = [
  'before',
  'arrived',
  'markedBefore',
  'markedAfter',
  'changed',
];

/** Larger than any import id: with no horizon, every record counts as there before it. */
const NO_HORIZON = '9223372036854775807';

function countSql(form: FormModel, count: SiteReviewCount): string {
  const table = formTable(form.code);
  const horizon = `coalesce(h.first_seen, ${NO_HORIZON})`;
  const records = (arrival: string) =>
    `(SELECT count(*) FROM ${table} r INDEXED BY ${table}_review
      WHERE r.site_id = s.site_id AND r.first_import_id ${arrival} AND r.deleted_import_id IS NULL)`;
  const marks = (arrival: string) =>
    `(SELECT count(*) FROM review_marks m INDEXED BY review_marks_by_arrival
      WHERE m.user_name = @reviewUser AND m.form = @reviewForm AND m.site_id = s.site_id
        AND m.first_import_id ${arrival} AND m.live = 1 AND m.std_hash IS NOT NULL)`;
  switch (count) {
    case 'before':
      return records(`<= ${horizon}`);
    case 'arrived':
      return records(`> ${horizon}`);
    case 'markedBefore':
      return marks('<= h.first_seen');
    case 'markedAfter':
      return marks('> h.first_seen');
    case 'changed':
      return `(SELECT count(*) FROM review_marks m INDEXED BY review_marks_changed
      WHERE m.user_name = @reviewUser AND m.form = @reviewForm AND m.site_id = s.site_id
        AND m.live = 1 AND m.std_hash <> m.record_hash)`;
  }
}

/**
 * The statement of siteReviewCounts (named parameters @reviewUser, @reviewForm and, with a site,
 * @site): one row a site that ever sent an export, the counts not asked for left at 0.
 */
export function siteReviewCountsSql(
  form: FormModel,
  counts: readonly SiteReviewCount[],
  bySite: boolean,
): string {
  const columns = SITE_REVIEW_COUNTS.map((c) => `${counts.includes(c) ? countSql(form, c) : '0'} AS ${c}`);
  return `SELECT @reviewForm AS form, s.site_id AS siteId, h.first_seen AS horizon, ${columns.join(',\n  ')}
    FROM (SELECT DISTINCT site_id FROM imports ${bySite ? 'WHERE site_id = @site' : ''}) s
    LEFT JOIN review_horizons h ON h.user_name = @reviewUser AND h.form = @reviewForm AND h.site_id = s.site_id
    ORDER BY s.site_id`;
}

/** Per site (or at one site), the counts asked for of the person's review of a form; sites without its records are left out. */
export function siteReviewCounts(
  database: StudyDatabase,
  form: FormModel,
  user: string,
  options: { site?: string; counts: readonly SiteReviewCount[] },
): SiteReviewCounts[] {
  const rows = connectionOf(database)
    .prepare(siteReviewCountsSql(form, options.counts, options.site !== undefined))
    .all({
      reviewUser: user,
      reviewForm: form.code,
      ...(options.site !== undefined ? { site: options.site } : {}),
    }) as SiteReviewCounts[];
  return rows.filter((r) => r.before + r.arrived + r.markedBefore + r.markedAfter + r.changed > 0);
}
