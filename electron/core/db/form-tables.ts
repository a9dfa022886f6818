import type { FormModel } from '../study/study-model';

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
