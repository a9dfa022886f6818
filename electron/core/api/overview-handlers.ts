import { dashboardSummary } from '../db/dashboard-repo';
import { listSubjects, subjectProfile } from '../db/subjects-repo';
import { notFound } from '../common/errors';
import { reviewCountsBySubject } from '../db/review-subjects-repo';
import { subjectReview, subjectsInReviewState } from '../review/subject-review';
import type { HandlerScope, Handlers } from './handler-types';

export function overviewHandlers({
  database,
}: HandlerScope): Handlers<'dashboard.summary' | 'subjects.list' | 'subjects.profile'> {
  return {
    'dashboard.summary': (_input, context) => dashboardSummary(database, context.now()),
    'subjects.list': (input, context) => {
      const selection = input.review
        ? subjectsInReviewState(database, context.user, input.review, input.site)
        : undefined;
      const { rows, total } = listSubjects(database, { ...input, selection });
      if (input.review || input.withReview) {
        const counts = reviewCountsBySubject(database, context.user, rows);
        for (const row of rows) row.review = counts.get(row.subjectId);
      }
      return { rows, total, offset: input.offset, truncated: input.offset + rows.length < total };
    },
    'subjects.profile': (input, context) => {
      const profile = subjectProfile(database, input.subjectId, input.language);
      if (!profile) throw notFound(`no subject ${input.subjectId} is enrolled`);
      return { ...profile, review: subjectReview(database, context.user, profile.subject) };
    },
  };
}
