import type { ColumnModel, FormModel, StudyModel } from '../study/study-model';
import { lockTriggersSql } from './lock-triggers';
import { reviewFormTableSql } from './review-form-table';

/**
 * One table a form, made from the study definition: provenance, the raw values as the site wrote
 * them (a JSON array in column order), and one standardised column a form column; dates also keep
 * the first and last day they may stand for (`<COL>_lo`, `<COL>_hi`, day numbers).
 */
export function formTable(form: string): string {
  return `form_${form.toLowerCase()}`;
}

/** The documented read-only view of a form's live records (what custom checks query). */
export function formView(form: string): string {
  return form.toLowerCase();
}

const q = (name: string) => `"${name}"`;

function sqlType(column: ColumnModel): string {
  switch (column.type) {
    case 'integer':
      return 'INTEGER';
    case 'number':
      return 'REAL';
    case 'labresult':
      return ''; // a number for numeric tests, a code for coded ones
    default:
      return 'TEXT';
  }
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

export function formTableDdl(form: FormModel): string {
  const table = formTable(form.code);
  const columns = form.columns.flatMap((c) => {
    const own = `${q(c.name)} ${sqlType(c)}`.trimEnd();
    return c.type === 'date' ? [own, `${q(`${c.name}_lo`)} INTEGER`, `${q(`${c.name}_hi`)} INTEGER`] : [own];
  });
  const keyRest = form.key.filter((k) => k !== 'SUBJID').map(q);
  const view = formView(form.code);
  const viewColumns = [
    'record_id',
    'site_id',
    'subject_id',
    'record_key',
    'occurrence',
    ...standardColumnNames(form).map(q),
  ];
  return `
CREATE TABLE ${table} (
  record_id INTEGER PRIMARY KEY,
  site_id TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  record_key TEXT NOT NULL,
  occurrence INTEGER NOT NULL,
  first_import_id INTEGER NOT NULL REFERENCES imports (id),
  import_id INTEGER NOT NULL REFERENCES imports (id),
  source_id INTEGER NOT NULL REFERENCES import_sources (id),
  line INTEGER NOT NULL,
  deleted_import_id INTEGER REFERENCES imports (id),
  std_hash INTEGER NOT NULL,
  issues TEXT,
  raw TEXT NOT NULL,
  extra TEXT,
  ${columns.join(',\n  ')}
);
CREATE UNIQUE INDEX ${table}_identity ON ${table} (site_id, record_key, occurrence);
CREATE INDEX ${table}_by_subject ON ${table} (subject_id${keyRest.length ? ', ' + keyRest.join(', ') : ''}) WHERE deleted_import_id IS NULL;
CREATE INDEX ${table}_with_issues ON ${table} (record_id) WHERE issues IS NOT NULL;
${reviewFormTableSql(form.code)}
CREATE VIEW ${view} AS SELECT ${viewColumns.join(', ')} FROM ${table} WHERE deleted_import_id IS NULL;
${lockTriggersSql(table)}
`;
}

export function allFormTablesDdl(model: StudyModel): string {
  return model.forms.map(formTableDdl).join('\n');
}
