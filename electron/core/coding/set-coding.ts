import type { CodedValues, CodingSetRequest, CodingSetResult } from '../../../shared/api/coding';
import { appendAuditEvent } from '../db/audit-repo';
import {
  codingRowOf,
  codingRows,
  liveRecordRef,
  upsertSynonym,
  type CodingRecordRef,
} from '../db/coding-repo';
import { inTransaction, type StudyDatabase } from '../db/study-database';
import { badInput, notFound } from '../common/errors';
import type { CallContext } from '../common/call-context';
import type { FormModel, StudyModel } from '../study/study-model';
import { applyCoding, describeCoding } from './coding-audit';
import { activeCodingDictionary, codeDrug, codeLlt, DICTIONARY_NAME } from './code-lookup';

export function codedForm(
  model: StudyModel,
  code: string,
): FormModel & { coding: NonNullable<FormModel['coding']> } {
  const form = model.formByCode.get(code.trim().toUpperCase());
  const coded = model.forms.filter((f) => f.coding).map((f) => f.code);
  if (!form?.coding)
    throw badInput(`${code} is not a coded form of this study (coded forms: ${coded.join(', ') || 'none'})`);
  return form as FormModel & { coding: NonNullable<FormModel['coding']> };
}

function recordsOf(database: StudyDatabase, form: FormModel, request: CodingSetRequest): CodingRecordRef[] {
  const refs = [
    ...(request.recordIds ?? []).map((recordId) => ({ recordId })),
    ...(request.recordKeys ?? []).map((recordKey) => ({ recordKey })),
  ];
  const records = new Map<number, CodingRecordRef>();
  for (const ref of refs) {
    const found = liveRecordRef(database, form, ref);
    const named = 'recordId' in ref ? `record ${ref.recordId}` : `record ${ref.recordKey}`;
    if (found.length === 0) throw notFound(`${form.code} has no live ${named}`);
    if (found.length > 1)
      throw badInput(
        `${form.code} ${named} names ${found.length} records (at several sites): use its record id`,
      );
    records.set(found[0]!.recordId, found[0]!);
  }
  return [...records.values()];
}

const same = (a: CodedValues, b: CodedValues) =>
  describeCoding(a) === describeCoding(b) && a.atcCode === b.atcCode;

/**
 * A coder's decision (coding set, the queue's Code button): the named records are coded with an
 * LLT or a drug (refused for a non-current LLT, or a drug of several ATC classes without one
 * chosen), a record already coded only with a reason; the verbatim goes into the study's synonym
 * list, and waiting records with the same verbatim are coded by it. One transaction, all audited.
 */
export function setCoding(
  database: StudyDatabase,
  request: CodingSetRequest,
  context: CallContext,
): CodingSetResult {
  const form = codedForm(database.model, request.form);
  const type = form.coding.dictionary;
  if (type === 'meddra' && request.llt === undefined)
    throw badInput(`${form.code} is coded with MedDRA: give an LLT code`);
  if (type === 'whodrug' && request.drug === undefined)
    throw badInput(`${form.code} is coded with WHODrug: give a drug code`);
  return inTransaction(database, () => {
    const dictionary = activeCodingDictionary(database, type);
    const active = dictionary.row;
    const coded =
      type === 'meddra'
        ? codeLlt(database, dictionary, request.llt!)
        : codeDrug(database, dictionary, request.drug!.toUpperCase(), request.atc ?? null);
    if ('reason' in coded) throw badInput(coded.reason);
    const values = coded.values;
    const code = String(type === 'meddra' ? request.llt : values.drugCode);
    const at = context.now().toISOString();
    const field = form.coding.verbatim.name;
    const records = recordsOf(database, form, request);
    const result: CodingSetResult = { coded: 0, bySynonym: 0, coding: values, records: [] };
    const verbatims = new Map<string, string>();
    for (const record of records) {
      const row = codingRowOf(database, form.code, record.recordId);
      if (!row) throw badInput(`${form.code} ${record.recordKey} has no ${field} to code`);
      if (row.status === 'CODED' && !request.reason)
        throw badInput(
          `${form.code} ${record.recordKey} is coded (${describeCoding(row.values)}): give a reason to recode it`,
        );
      verbatims.set(row.verbatimNorm, row.verbatim);
      result.records.push({ recordId: record.recordId, recordKey: record.recordKey, verbatim: row.verbatim });
      result.coded++;
      if (row.status === 'CODED' && same(row.values, values)) continue;
      applyCoding(database, {
        at,
        user: context.user,
        form: form.code,
        recordId: record.recordId,
        field,
        dictionaryId: active.id,
        method: 'MANUAL',
        values,
        before: row.status === 'CODED' ? row.values : null,
        reason: request.reason ?? `coded by hand with ${DICTIONARY_NAME[type]} ${active.version}`,
      });
    }
    for (const [norm, verbatim] of verbatims) {
      upsertSynonym(database, {
        type,
        norm,
        verbatim,
        code,
        atc: (values.atcCode as string | null) ?? null,
        user: context.user,
        at,
      });
      appendAuditEvent(database, {
        at,
        user: context.user,
        action: 'SYNONYM',
        entity: 'synonym',
        entityId: `${type}:${verbatim}`,
        field: form.coding.verbatim.name,
        newValue: describeCoding(values),
        reason: `"${verbatim}" is coded this way from now on`,
      });
      if (!request.sameVerbatim) continue;
      for (const other of database.model.forms) {
        if (other.coding?.dictionary !== type) continue;
        for (const row of codingRows(database, other, 'WAITING', norm)) {
          applyCoding(database, {
            at,
            user: context.user,
            form: other.code,
            recordId: row.recordId,
            field: other.coding.verbatim.name,
            dictionaryId: active.id,
            method: 'SYNONYM',
            values,
            before: null,
            reason: `coded by the study's synonym list ("${verbatim}")`,
          });
          result.bySynonym++;
        }
      }
    }
    return result;
  });
}
