import type { StudyDefinition } from '../../../shared/study/definition-schema';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The catalog's messages, in English and Korean, are the same for every study: a definition that
 * lacks some (a new study's, or one stored before messages had two languages) takes them from the
 * shipped definition, key by key; what it says itself wins. So do the Korean labels of columns and
 * the Korean reasons of the label's starting doses it shares with the shipped study, and the
 * language of query lists when it is the shipped study and says none. Works on plain JSON (a
 * stored definition is completed before it is read with the schema of this version).
 */
export function completeMessages<T>(definition: T, shippedDefinition: StudyDefinition): T {
  const shipped = structuredClone(shippedDefinition);
  if (!isObject(definition)) return definition;
  const d: Json = structuredClone(definition);
  d.messages = { ...shipped.messages, ...(isObject(d.messages) ? d.messages : {}) };
  const checks: Json = isObject(d.checks) ? d.checks : {};
  for (const [id, settings] of Object.entries(shipped.checks)) {
    if (Object.keys(settings.messages).length === 0) continue;
    const own: Json = isObject(checks[id]) ? (checks[id] as Json) : {};
    checks[id] = {
      ...own,
      messages: { ...settings.messages, ...(isObject(own.messages) ? own.messages : {}) },
    };
  }
  d.checks = checks;

  const shippedColumns = new Map(
    shipped.forms.flatMap((f) =>
      [...f.columns, ...(f.coding?.columns ?? [])].map((c) => [`${f.code}.${c.name}`, c.labelKo] as const),
    ),
  );
  for (const form of Array.isArray(d.forms) ? d.forms : []) {
    if (!isObject(form) || !Array.isArray(form.columns)) continue;
    const coded = isObject(form.coding) && Array.isArray(form.coding.columns) ? form.coding.columns : [];
    for (const column of [...form.columns, ...coded]) {
      const labelKo = isObject(column)
        ? shippedColumns.get(`${String(form.code)}.${String(column.name)}`)
        : undefined;
      if (isObject(column) && column.labelKo === undefined && labelKo !== undefined) column.labelKo = labelKo;
    }
  }
  const shippedReasons = new Map(shipped.treatment.labelStartDoses.map((r) => [r.reason, r.reasonKo]));
  const rules =
    isObject(d.treatment) && Array.isArray(d.treatment.labelStartDoses) ? d.treatment.labelStartDoses : [];
  for (const rule of rules) {
    const reasonKo = isObject(rule) ? shippedReasons.get(String(rule.reason)) : undefined;
    if (isObject(rule) && rule.reasonKo === undefined && reasonKo !== undefined) rule.reasonKo = reasonKo;
  }
  const sameStudy = isObject(d.study) && d.study.code === shipped.study.code;
  if (d.siteLanguage === undefined && sameStudy) d.siteLanguage = shipped.siteLanguage;
  return d as T;
}
