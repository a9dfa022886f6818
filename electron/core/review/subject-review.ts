import type { ReviewCounts, ReviewState } from '../../../shared/api/review';
import type { SubjectProfile } from '../../../shared/api/subjects';
import { changesSinceReview } from '../db/review-changes-repo';
import { changedOrNewOfSubject, reviewCountsBySubject } from '../db/review-subjects-repo';
import type { StudyDatabase } from '../db/study-database';

/** Whether a subject's review counts put it in a state of the Subjects screen's Review filter. */
export function subjectInState(counts: ReviewCounts, state: ReviewState): boolean {
  if (state === 'reviewed') return counts.records > 0 && counts.reviewed === counts.records;
  return counts[state] > 0;
}

/** The subjects (of a site, or all) in a review state of the person. */
export function subjectsInReviewState(
  database: StudyDatabase,
  user: string,
  state: ReviewState,
  site: string | undefined,
): string[] {
  const only = state === 'changed' || state === 'new' ? state : undefined;
  const counts = reviewCountsBySubject(database, user, { site, only });
  return [...counts].filter(([, c]) => subjectInState(c, state)).map(([subject]) => subject);
}

export function reviewCountsOfSubjects(
  database: StudyDatabase,
  user: string,
  subjects: readonly string[],
): Map<string, ReviewCounts> {
  return reviewCountsBySubject(database, user, { subjects });
}

/** A subject's review for their profile: counts, and each record changed (with what) or new since. */
export function subjectReview(
  database: StudyDatabase,
  user: string,
  subjectId: string,
): SubjectProfile['review'] {
  const counts = reviewCountsBySubject(database, user, { subjects: [subjectId] }).get(subjectId) ?? {
    records: 0,
    reviewed: 0,
    changed: 0,
    new: 0,
    unreviewed: 0,
  };
  const records = changedOrNewOfSubject(database, user, subjectId);
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
