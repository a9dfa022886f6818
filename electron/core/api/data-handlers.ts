import { countRecords, iterateRecords, recordDetail } from '../db/data-repo';
import { badInput, notFound } from '../common/errors';
import { exportData } from '../cuts/export-data';
import type { StudyModel } from '../study/study-model';
import type { HandlerScope, Handlers } from './handler-types';

export function formOf(model: StudyModel, code: string) {
  const form = model.formByCode.get(code.toUpperCase());
  if (!form)
    throw badInput(`${code} is not a form of this study (${model.forms.map((f) => f.code).join(', ')})`);
  return form;
}

export function dataHandlers({
  database,
}: HandlerScope): Handlers<'data.list' | 'data.record' | 'data.export'> {
  return {
    'data.list': (input) => {
      const form = formOf(database.model, input.form);
      const filter = { form, subject: input.subject, site: input.site, deleted: input.deleted };
      const total = countRecords(database, filter);
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
    'data.export': (input, context) => exportData(database, input, context),
    'data.record': (input) => {
      const form = formOf(database.model, input.form);
      const detail = recordDetail(database, form, input.recordId, input.language);
      if (!detail) throw notFound(`record ${input.recordId} of form ${form.code} does not exist`);
      return detail;
    },
  };
}
