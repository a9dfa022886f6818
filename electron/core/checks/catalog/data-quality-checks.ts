import { formTable, formView } from '../../db/form-tables';
import type { ColumnModel, FormModel, StudyModel } from '../../study/study-model';
import type { CatalogCheck } from './check-definition';
import { jsonValue, message, rawOf, related, sqlText, unreadable } from '../../db/sql-dialect';
import { before, labelOf } from './sql-fragments';
import { issueHitsSql } from './issue-checks';

/** DATA-02 names a column by its label and name: `Start date (AESTDAT)`. */
const columnValues = (c: ColumnModel) => ({ label: labelOf(c), column: c.name });

/**
 * DATA-02: a required column of a record holds no value because the site wrote none (a value the
 * import could not read is not missing: DATA-01/05/07 or RESP-08 report it). The raw text is what
 * decides, read like the import reads it (the study's missing markers, surrounding spaces ignored).
 * A group of requiredOneOf (RS: RSORRES, RSNDREAS) is missing when all of its columns are; the
 * discrepancy points at the group's first column. One scan a form: the record's missing fields
 * are listed with json_each.
 */
function requiredValueMissingSql(model: StudyModel): string {
  const markers = sqlText(JSON.stringify([...model.missingMarkers]));
  const spaces = `' ' || char(9, 10, 11, 12, 13, 160, 12288)`;
  const rawMissing = (c: ColumnModel) => {
    const raw = rawOf('r', c.index);
    const token = `upper(trim(${raw}, ${spaces}))`;
    return `(${raw} IS NULL OR ${token} = '' OR ${token} IN (SELECT value FROM json_each(${markers})))`;
  };
  const missing = (c: ColumnModel) =>
    `(r."${c.name}" IS NULL AND NOT ${unreadable('r', c.name)} AND ${rawMissing(c)})`;

  const selects = model.forms.flatMap((form) => {
    const column = (name: string) => form.columnByName.get(name)!;
    const checks: { field: string; condition: string; message: unknown }[] = [
      ...form.columns
        .filter((c) => c.required)
        .map((c) => ({
          field: c.name,
          condition: missing(c),
          message: { key: 'missing', values: { form: form.code, ...columnValues(c) } },
        })),
      ...form.requiredOneOf.map((group) => {
        const columns = group.map(column);
        return {
          field: group[0]!,
          condition: `(${columns.map(missing).join(' AND ')})`,
          message: {
            key: columns.length === 2 ? 'bothBlank' : 'allBlank',
            values: {
              form: form.code,
              columns: columns.map((c) => ({ key: 'column', values: columnValues(c) })),
            },
          },
        };
      }),
    ];
    if (checks.length === 0) return [];
    // A record can miss a required value only where a required column holds none: only those
    // records are looked at field by field.
    const involved = [
      ...new Set([
        ...form.columns.filter((c) => c.required).map((c) => c.name),
        ...form.requiredOneOf.flat(),
      ]),
    ];
    return [
      `
      SELECT r.subject_id, '${form.code}' AS form, r.record_id, NULL AS record_key, m.value AS field,
             CASE m.value ${checks.map((c) => `WHEN '${c.field}' THEN ${jsonValue(c.message)}`).join(' ')} END AS message,
             NULL AS related
      FROM ${formTable(form.code)} r,
           json_each(json_array(${checks.map((c) => `CASE WHEN ${c.condition} THEN '${c.field}' END`).join(', ')})) m
      WHERE r.deleted_import_id IS NULL AND (${involved.map((c) => `r."${c}" IS NULL`).join(' OR ')}) AND m.value IS NOT NULL`,
    ];
  });
  return selects.join('\n      UNION ALL');
}

/** DATA-04 points at the key's last column (e.g. AESEQ; SUBJID for one-row-a-subject forms). */
function keyField(form: FormModel): string {
  return form.key[form.key.length - 1]!;
}

/** DATA-06: the periods named in its parameter as FORM.START.END, checked against the study definition. */
function periodsOf(model: StudyModel): { form: FormModel; start: ColumnModel; end: ColumnModel }[] {
  const periods = model.definition.checks['DATA-06']?.params.periods;
  if (!Array.isArray(periods) || periods.length === 0)
    throw new Error('study definition: checks.DATA-06.params.periods must list FORM.START.END');
  return periods.map((period) => {
    const [formCode, startName, endName] = String(period).split('.');
    const form = model.formByCode.get(formCode ?? '');
    const start = form?.columnByName.get(startName ?? '');
    const end = form?.columnByName.get(endName ?? '');
    if (!form || start?.type !== 'date' || end?.type !== 'date') {
      throw new Error(
        `study definition: checks.DATA-06.params.periods: ${String(period)} is not FORM.START.END of two date columns`,
      );
    }
    return { form, start, end };
  });
}

export const dataQualityChecks: readonly CatalogCheck[] = [
  {
    id: 'DATA-01',
    category: 'DATA',
    severity: 'major',
    title: 'Invalid date',
    sql: (model) => issueHitsSql(model, 'DATA-01'),
  },
  {
    id: 'DATA-02',
    category: 'DATA',
    severity: 'major',
    title: 'Required value missing',
    sql: requiredValueMissingSql,
  },
  {
    // Major: a record of no enrolled subject cannot be analysed. A blank SUBJID is DATA-02's.
    // The form's subjects are told from its index; only the records of subjects not enrolled are read.
    id: 'DATA-03',
    category: 'DATA',
    severity: 'major',
    title: 'Orphan record',
    sql: (model) => {
      const dm = formView(model.siteForm.code);
      return model.forms
        .filter((f) => f.code !== model.siteForm.code)
        .map(
          (f) => `
      SELECT r.subject_id, '${f.code}' AS form, r.record_id, NULL AS record_key, 'SUBJID' AS field,
             ${message('default', { subject: 'r.subject_id', form: sqlText(f.code), enrollmentForm: sqlText(model.siteForm.code) })} AS message,
             NULL AS related
      FROM (SELECT DISTINCT subject_id FROM ${formView(f.code)}) s
      CROSS JOIN ${formView(f.code)} r ON r.subject_id = s.subject_id
      WHERE NOT EXISTS (SELECT 1 FROM ${dm} d WHERE d.subject_id = s.subject_id) AND r.SUBJID IS NOT NULL`,
        )
        .join('\n      UNION ALL');
    },
  },
  {
    // Major: a repeated record counts twice (AEs, doses). Raised on each repeat after the first,
    // whose record is related.
    id: 'DATA-04',
    category: 'DATA',
    severity: 'major',
    title: 'Duplicate record key',
    sql: (model) =>
      model.forms
        .map(
          (f) => `
      SELECT r.subject_id, '${f.code}' AS form, r.record_id, NULL AS record_key, '${keyField(f)}' AS field,
             ${message('default', { form: sqlText(f.code), keyColumns: jsonValue(f.key), key: 'r.record_key', occurrence: 'r.occurrence' })} AS message,
             ${related([[f.code, 'firstRecord.record_id']])} AS related
      FROM ${formView(f.code)} r
      LEFT JOIN ${formView(f.code)} firstRecord ON firstRecord.site_id = r.site_id AND firstRecord.record_key = r.record_key AND firstRecord.occurrence = 1
      WHERE r.occurrence > 1`,
        )
        .join('\n      UNION ALL'),
  },
  {
    id: 'DATA-05',
    category: 'DATA',
    severity: 'major',
    title: 'Value outside its code list',
    sql: (model) => issueHitsSql(model, 'DATA-05'),
  },
  {
    // Period ends before it starts: certainly, whatever a partial date stands for.
    id: 'DATA-06',
    category: 'DATA',
    severity: 'major',
    title: 'Period ends before it starts',
    params: ['periods'],
    sql: (model) =>
      periodsOf(model)
        .map(
          ({ form, start, end }) => `
      SELECT r.subject_id, '${form.code}' AS form, r.record_id, NULL AS record_key, '${end.name}' AS field,
             ${message('default', {
               form: sqlText(form.code),
               endColumn: sqlText(end.name),
               end: `r."${end.name}"`,
               startColumn: sqlText(start.name),
               start: `r."${start.name}"`,
             })} AS message,
             NULL AS related
      FROM ${formView(form.code)} r
      WHERE ${before(`r.${end.name}`, `r.${start.name}`)}`,
        )
        .join('\n      UNION ALL'),
  },
  {
    id: 'DATA-07',
    category: 'DATA',
    severity: 'major',
    title: 'Unusable lab result',
    sql: (model) => issueHitsSql(model, 'DATA-07'),
  },
];
