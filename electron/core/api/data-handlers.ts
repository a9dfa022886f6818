import type { ReviewState } from '../../../shared/api/review';
import {
  countRecords,
  iterateRecords,
  recordDetail,
  totalFromReviewStatus,
  type RecordFilter,
} from '../db/data-repo';
import type { StudyDatabase } from '../db/study-database';
import { reviewStatus } from '../review/review-status';
import { badInput, notFound } from '../errors';
import type { FormModel, StudyModel } from '../study/study-model';
import type { HandlerScope, Handlers } from './handler-types';

export function formOf(model: StudyModel, code: string) {
  const form = model.formByCode.get(code.toUpperCase());
  if (!form)
    throw badInput(`${code} is not a form of this study (${model.forms.map((f) => f.code).join(', ')})`);
  return form;
}

export function dataHandlers({ database }: HandlerScope): Handlers<'data.list' | 'data.record'> {
  return {
    'data.list': (input, context) => {
      const form = formOf(database.model, input.form);
      if (input.review && input.deleted)
        throw badInput(
          'a record deleted at the source has no review state: list deleted records without a review filter',
        );
      const filter: RecordFilter = {
        form,
        subject: input.subject,
        site: input.site,
        deleted: input.deleted,
        review:
          input.review || input.withReview ? { user: context.user, state: input.review } : undefined,
      };
      const total = totalFromReviewStatus(filter)
        ? reviewTotal(database, form, context.user, input.review!, input.site)
        : countRecords(database, filter);
      const records = [
        ...iterateRecords(database, filter, {
          raw: input.raw,
          offset: input.offset,
          limit: input.limit,
          withIds: input.withIds,
        }),
      ];
      const columns = form.columns.map((c) => c.name);
      return {
        form: form.code,
        columns,
        records,
        total,
        offset: input.offset,
        truncated: input.offset + records.length < total,
      };
    },
    'data.record': (input) => {
      const form = formOf(database.model, input.form);
      const detail = recordDetail(database, form, input.recordId);
      if (!detail) throw notFound(`record ${input.recordId} of form ${form.code} does not exist`);
      return detail;
    },
  };
}

/** How many records of a form (and site) are in a review state, from the review status (no row is read). */
function reviewTotal(
  database: StudyDatabase,
  form: FormModel,
  user: string,
  state: ReviewState,
  site: string | undefined,
): number {
  return reviewStatus(database, user, { form: form.code, site }).totals[state];
}
