import type { ReviewState } from '../../../shared/api/review';
import type { SubjectProfile } from '../../../shared/api/subjects';
import { changesSinceReview } from '../db/review-changes-repo';
import { siteReviewCounts, type SiteReviewCount } from '../db/review-counts-repo';
import {
  changedOrNewOfSubject,
  reviewCountsBySubject,
  subjectsWithStaleMarks,
  subjectsWithUnmarkedRecords,
  type ArrivalSpan,
} from '../db/review-subjects-repo';
import type { StudyDatabase } from '../db/study-database';
import { countsOfSite } from './review-status';

/** The subjects of the list in a review state: only these, or all but these. */
export type SubjectSelection = { only: string[] } | { except: string[] };

/** Larger than any import id. */
const EVERY_IMPORT = Number.MAX_SAFE_INTEGER;

/**
 * Subjects with a record new since the person's review (`new`) or never reviewed (`unreviewed`):
 * the sites' counts first (ranges of indexes), then, at the sites and forms that hold some, each
 * subject's records of that span of imports against the person's marks on them.
 */
function subjectsWithUnmarked(
  database: StudyDatabase,
  user: string,
  state: 'new' | 'unreviewed',
  site: string | undefined,
): Set<string> {
  const counts: SiteReviewCount[] = state === 'new' ? ['arrived', 'markedAfter'] : ['before', 'markedBefore'];
  const subjects = new Set<string>();
  for (const form of database.model.forms) {
    const spans = { marked: [] as ArrivalSpan[], unmarked: [] as ArrivalSpan[] };
    for (const c of siteReviewCounts(database, form, user, { site, counts })) {
      if (countsOfSite(c)[state] === 0) continue;
      const horizon = c.horizon ?? EVERY_IMPORT;
      const [span, marks] =
        state === 'new'
          ? [{ site: c.siteId, after: horizon, upTo: EVERY_IMPORT }, c.markedAfter]
          : [{ site: c.siteId, after: -1, upTo: horizon }, c.markedBefore];
      (marks > 0 ? spans.marked : spans.unmarked).push(span);
    }
    for (const subject of subjectsWithUnmarkedRecords(database, form, user, spans)) subjects.add(subject);
  }
  return subjects;
}

/**
 * The subjects (of a site, or all) in a review state of the person, all forms together: with a
 * record changed, new or never reviewed since their review; reviewed: every record reviewed as it
 * is now, i.e. none of the others (every subject of the list has records).
 */
export function subjectsInReviewState(
  database: StudyDatabase,
  user: string,
  state: ReviewState,
  site: string | undefined,
): SubjectSelection {
  if (state === 'changed') return { only: subjectsWithStaleMarks(database, user, site) };
  if (state === 'new' || state === 'unreviewed')
    return { only: [...subjectsWithUnmarked(database, user, state, site)] };
  const others = new Set([
    ...subjectsWithStaleMarks(database, user, site),
    ...subjectsWithUnmarked(database, user, 'new', site),
    ...subjectsWithUnmarked(database, user, 'unreviewed', site),
  ]);
  return { except: [...others] };
}

/** A subject's review for their profile: counts, and each record changed (with what) or new since. */
export function subjectReview(
  database: StudyDatabase,
  user: string,
  subject: { subjectId: string; siteId: string },
): SubjectProfile['review'] {
  const counts = reviewCountsBySubject(database, user, [subject]).get(subject.subjectId) ?? {
    records: 0,
    reviewed: 0,
    changed: 0,
    new: 0,
    unreviewed: 0,
  };
  const records = changedOrNewOfSubject(database, user, subject.subjectId);
  const withChanges = records.map((r) => {
    const form = database.model.formByCode.get(r.form)!;
    const changed =
      r.state === 'changed'
        ? (changesSinceReview(database, form, user, [
            { recordId: r.recordId, values: r.values, raw: r.raw },
          ]).get(r.recordId) ?? [])
        : [];
    return {
      form: r.form,
      recordId: r.recordId,
      recordKey: r.recordKey,
      state: r.state,
      date: r.date,
      changed,
    };
  });
  return { counts, records: withChanges };
}
