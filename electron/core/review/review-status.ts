import type { ReviewCounts, ReviewRecord, ReviewStatus } from '../../../shared/api/review';
import { storedRecordValues } from '../db/records-repo';
import { changesSinceReview } from '../db/review-changes-repo';
import { SITE_REVIEW_COUNTS, siteReviewCounts, type SiteReviewCounts } from '../db/review-counts-repo';
import { reviewOfRecord } from '../db/review-repo';
import type { StudyDatabase } from '../db/study-database';
import { standardColumnNames } from '../db/form-tables';
import { notFound } from '../common/errors';
import { requireForm } from '../study/require-form';

const ZERO: ReviewCounts = { records: 0, reviewed: 0, changed: 0, new: 0, unreviewed: 0 };

export function addCounts(a: ReviewCounts, b: ReviewCounts): ReviewCounts {
  return {
    records: a.records + b.records,
    reviewed: a.reviewed + b.reviewed,
    changed: a.changed + b.changed,
    new: a.new + b.new,
    unreviewed: a.unreviewed + b.unreviewed,
  };
}

/** A person's review of a form at a site, from the counts of its index ranges. */
export function countsOfSite(c: SiteReviewCounts): ReviewCounts {
  const records = c.before + c.arrived;
  const fresh = c.arrived - c.markedAfter;
  const unreviewed = c.before - c.markedBefore;
  return {
    records,
    reviewed: c.markedBefore + c.markedAfter - c.changed,
    changed: c.changed,
    new: fresh,
    unreviewed,
  };
}

/** Per site and form, the person's review state of the live records (sites in order, forms in study order). */
export function reviewStatus(
  database: StudyDatabase,
  user: string,
  filter: { site?: string; form?: string },
): ReviewStatus {
  const forms = filter.form ? [requireForm(database.model, filter.form)] : database.model.forms;
  const rows = forms
    .flatMap((form) =>
      siteReviewCounts(database, form, user, { site: filter.site, counts: SITE_REVIEW_COUNTS }).map((c) => ({
        siteId: c.siteId,
        form: c.form,
        ...countsOfSite(c),
      })),
    )
    .sort((a, b) => a.siteId.localeCompare(b.siteId));
  return { user, rows, totals: rows.reduce(addCounts, ZERO) };
}

/** One record's review for the person, with the values that changed since their mark. */
export function reviewRecord(
  database: StudyDatabase,
  formCode: string,
  recordId: number,
  user: string,
): ReviewRecord {
  const form = requireForm(database.model, formCode);
  const review = reviewOfRecord(database, form, recordId, user);
  if (!review) throw notFound(`record ${recordId} of form ${form.code} does not exist`);
  let changed: ReviewRecord['changed'] = [];
  if (review.state === 'changed') {
    const stored = storedRecordValues(database, form, recordId);
    const names = standardColumnNames(form);
    const values = Object.fromEntries(names.map((n, i) => [n, stored.values[i] ?? null]));
    changed =
      changesSinceReview(database, form, user, [{ recordId, values, raw: stored.raw }]).get(recordId) ?? [];
  }
  return { ...review, changed };
}
