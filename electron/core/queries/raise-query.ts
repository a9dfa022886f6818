import type { Discrepancy } from '../../../shared/api/discrepancies';
import type { RaiseQueryRequest } from '../../../shared/api/queries';
import { discrepanciesByIds } from '../db/discrepancies-repo';
import {
  MANUAL_CHECK_ID,
  findLiveRecord,
  insertManualDiscrepancy,
  manualCountOnField,
  subjectHasRecords,
} from '../db/queries-repo';
import { inTransaction, type StudyDatabase } from '../db/study-database';
import { badInput, notFound } from '../common/errors';
import type { CallContext } from '../common/call-context';
import { splitOccurrence } from '../study/record-key';
import type { FormModel } from '../study/study-model';
import { recordRaised } from '../workflow/system-moves';

function formOf(database: StudyDatabase, code: string): FormModel {
  const form = database.model.formByCode.get(code.trim().toUpperCase());
  if (!form)
    throw badInput(
      `no form ${code} in this study (forms: ${database.model.forms.map((f) => f.code).join(', ')})`,
    );
  return form;
}

/**
 * A manual query (workflow.md): a discrepancy with check ID MANUAL on a live record's field, OPEN,
 * its message the data manager's text. Its identity is MANUAL|form|record|field|n, so a second
 * query on the same field is a second discrepancy; check runs never resolve it.
 */
export function raiseQuery(
  database: StudyDatabase,
  request: RaiseQueryRequest,
  context: CallContext,
): Discrepancy {
  const form = formOf(database, request.form);
  const field = form.columnByName.get(request.field.trim().toUpperCase());
  if (!field)
    throw badInput(
      `form ${form.code} has no field ${request.field} (fields: ${form.columns.map((c) => c.name).join(', ')})`,
    );
  const subjectId = request.subjectId.trim();
  const { key, occurrence } = splitOccurrence(request.recordKey);
  return inTransaction(database, () => {
    // The key as shown in discrepancies starts with the subject; "3" alone is read as "S01-001|3".
    const keyParts = form.key.length;
    const candidates = key.split('|').length === keyParts ? [key] : [key, `${subjectId}|${key}`];
    const record = candidates
      .map((k) => findLiveRecord(database, form, subjectId, k, occurrence))
      .find((r) => r !== undefined);
    if (!record) {
      if (!subjectHasRecords(database, form, subjectId))
        throw notFound(`subject ${subjectId} has no live ${form.code} records`);
      throw notFound(
        `subject ${subjectId} has no live ${form.code} record ${request.recordKey} (a record key is ${form.key.join('|')}, with #n for the n-th of duplicates)`,
      );
    }
    const at = context.now().toISOString();
    const n = manualCountOnField(database, form.code, record.displayKey, field.name) + 1;
    const id = insertManualDiscrepancy(database, {
      identity: [MANUAL_CHECK_ID, form.code, record.displayKey, field.name, n].join('|'),
      siteId: record.siteId,
      subjectId: record.subjectId,
      form: form.code,
      recordId: record.recordId,
      recordKey: record.displayKey,
      field: field.name,
      value: record.raw[field.index] ?? null,
      message: request.message,
      at,
    });
    recordRaised(database, { id, reason: `manual query raised: ${request.message}`, user: context.user, at });
    return discrepanciesByIds(database, [id])[0]!;
  });
}
