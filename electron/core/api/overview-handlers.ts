import { dashboardSummary } from '../db/dashboard-repo';
import { listSubjects, subjectProfile } from '../db/subjects-repo';
import { notFound } from '../common/errors';
import type { HandlerScope, Handlers } from './handler-types';

export function overviewHandlers({
  database,
}: HandlerScope): Handlers<'dashboard.summary' | 'subjects.list' | 'subjects.profile'> {
  return {
    'dashboard.summary': (_input, context) => dashboardSummary(database, context.now()),
    'subjects.list': (input) => {
      const { rows, total } = listSubjects(database, input);
      return { rows, total, offset: input.offset, truncated: input.offset + rows.length < total };
    },
    'subjects.profile': (input) => {
      const profile = subjectProfile(database, input.subjectId, input.language);
      if (!profile) throw notFound(`no subject ${input.subjectId} is enrolled`);
      return profile;
    },
  };
}
