import type { CodedField } from '../../../shared/study/definition-schema';
import type { DataColumnModel, FormModel } from '../study/study-model';

/**
 * The names of a form's table and view, and its columns in the order values are bound. The tables
 * themselves are made by a migration from the study definition (migrations/0006-form-tables.ts).
 */
export function formTable(form: string): string {
  return `form_${form.toLowerCase()}`;
}

/** The documented read-only view of a form's live records (what custom checks query). */
export function formView(form: string): string {
  return form.toLowerCase();
}

/** The standardised columns of a form's table, in the order values are bound. */
export function standardColumnNames(form: FormModel): string[] {
  const names: string[] = [];
  for (const c of form.columns) {
    names.push(c.name);
    if (c.type === 'date') names.push(`${c.name}_lo`, `${c.name}_hi`);
  }
  return names;
}

export const RECORD_META_COLUMNS = [
  'site_id',
  'subject_id',
  'record_key',
  'occurrence',
  'first_import_id',
  'import_id',
  'source_id',
  'line',
  'deleted_import_id',
  'std_hash',
  'issues',
  'raw',
  'extra',
] as const;

/** Where the coding table keeps a coded field: lltCode -> llt_code. */
export function codingColumn(field: CodedField): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

const q = (name: string) => `"${name}"`;

/**
 * A column of the standardised data as SQL over the form's table (alias r) and its coding (alias
 * c): a coded column that takes a form column's place holds the coded value once the record is
 * coded and the site's value until then (AEDECOD: the coder's PT, else the PT the site wrote).
 */
export function dataColumnSql(column: DataColumnModel, r = 'r', c = 'c'): string {
  if (!column.coded) return `${r}.${q(column.name)}`;
  const coded = `${c}.${codingColumn(column.coded.field)}`;
  return column.form ? `coalesce(${coded}, ${r}.${q(column.name)})` : coded;
}

/** The join that brings a record's coded values (nothing for a form that is not coded). */
export function codingJoin(form: FormModel, r = 'r', c = 'c'): string {
  if (!form.coding) return '';
  return `LEFT JOIN coding ${c} ON ${c}.form = '${form.code}' AND ${c}.record_id = ${r}.record_id AND ${c}.status = 'CODED'`;
}

/** Every standardised column of the form, aliased by its name. */
export function dataColumnsSql(form: FormModel, r = 'r', c = 'c'): string[] {
  return form.dataColumns.map((d) => `${dataColumnSql(d, r, c)} AS ${q(d.name)}`);
}
