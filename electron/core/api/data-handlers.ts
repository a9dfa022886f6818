import { countRecords, iterateRecords, recordDetail, type RecordFilter } from '../db/data-repo';
import { reviewStatus } from '../review/review-status';
import { badInput, notFound } from '../common/errors';
import { exportData } from '../cuts/export-data';
import { requireForm } from '../study/require-form';
import type { HandlerScope, Handlers } from './handler-types';

export function dataHandlers({
  database,
}: HandlerScope): Handlers<'data.list' | 'data.record' | 'data.export'> {
  return {
    'data.list': (input, context) => {
      const form = requireForm(database.model, input.form);
      if (input.review && input.deleted)
        throw badInput(
          'a record deleted at the source has no review state: list deleted records without a review filter',
        );
      // A review state over a form or site: its total and the sites that hold some from the review
      // status (indexes only); the rows are then read from those sites alone.
      const status =
        input.review && input.subject === undefined
          ? reviewStatus(database, context.user, { form: form.code, site: input.site })
          : undefined;
      const filter: RecordFilter = {
        form,
        subject: input.subject,
        site: input.site,
        deleted: input.deleted,
        review:
          input.review || input.withReview
            ? {
                user: context.user,
                state: input.review,
                sites: status?.rows.filter((r) => r[input.review!] > 0).map((r) => r.siteId),
              }
            : undefined,
      };
      const total = status ? status.totals[input.review!] : countRecords(database, filter);
      const records = [
        ...iterateRecords(database, filter, {
          raw: input.raw,
          offset: input.offset,
          limit: input.limit,
          withIds: input.withIds,
        }),
      ];
      const columns = (input.raw ? form.columns : form.dataColumns).map((c) => c.name);
      return {
        form: form.code,
        columns,
        records,
        total,
        offset: input.offset,
        truncated: input.offset + records.length < total,
      };
    },
    'data.export': (input, context) => exportData(database, input, context),
    'data.record': (input) => {
      const form = requireForm(database.model, input.form);
      const detail = recordDetail(database, form, input.recordId, input.language);
      if (!detail) throw notFound(`record ${input.recordId} of form ${form.code} does not exist`);
      return detail;
    },
  };
}
