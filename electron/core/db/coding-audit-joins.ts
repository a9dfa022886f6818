import { formTable } from './form-tables';
import type { StudyDatabase } from './study-database';

/**
 * How the audit trail finds site, subject, form and record of a coding event (entity `coding`,
 * id `FORM:recordId`): one join a coded form, on the record's primary key.
 */
export function codingEventParts(database: StudyDatabase): {
  joins: string;
  siteId: string[];
  subjectId: string[];
  form: string[];
  recordKey: string[];
} {
  const forms = database.model.forms.filter((f) => f.coding);
  const parts = {
    joins: '',
    siteId: [] as string[],
    subjectId: [] as string[],
    form: [] as string[],
    recordKey: [] as string[],
  };
  forms.forEach((f, i) => {
    const a = `cr${i}`;
    parts.joins += `\n    LEFT JOIN ${formTable(f.code)} ${a} ON e.entity = 'coding' AND e.entity_id LIKE '${f.code}:%'
      AND ${a}.record_id = CASE WHEN e.entity = 'coding' AND e.entity_id LIKE '${f.code}:%' THEN CAST(substr(e.entity_id, ${f.code.length + 2}) AS INTEGER) END`;
    parts.siteId.push(`${a}.site_id`);
    parts.subjectId.push(`${a}.subject_id`);
    parts.form.push(`CASE WHEN ${a}.record_id IS NOT NULL THEN '${f.code}' END`);
    parts.recordKey.push(
      `CASE WHEN ${a}.occurrence > 1 THEN ${a}.record_key || '#' || ${a}.occurrence ELSE ${a}.record_key END`,
    );
  });
  return parts;
}
