import type { Connection } from '../open-database';
import { lockTriggersSql } from '../lock-triggers';

/**
 * One table a form, made from the study definition stored in the database: provenance, the raw
 * values as the site wrote them (a JSON array in column order), and one standardised column a form
 * column; dates also keep the first and last day they may stand for (`<COL>_lo`, `<COL>_hi`, day
 * numbers). A view named like the form shows the live records. Databases made before this step
 * had their form tables made at init with this same layout: they are kept as they are.
 *
 * The definition is read as the JSON it is stored as (not through the study model, which may
 * change): a migration depends on nothing that can change after it.
 */
interface StoredForm {
  code: string;
  key: string[];
  columns: { name: string; type: string }[];
}

const q = (name: string) => `"${name}"`;

function sqlType(type: string): string {
  if (type === 'integer') return 'INTEGER';
  if (type === 'number') return 'REAL';
  if (type === 'labresult') return ''; // a number for numeric tests, a code for coded ones
  return 'TEXT';
}

function formTableSql(form: StoredForm): string {
  const table = `form_${form.code.toLowerCase()}`;
  const view = form.code.toLowerCase();
  const columns = form.columns.flatMap((c) => {
    const own = `${q(c.name)} ${sqlType(c.type)}`.trimEnd();
    return c.type === 'date' ? [own, `${q(`${c.name}_lo`)} INTEGER`, `${q(`${c.name}_hi`)} INTEGER`] : [own];
  });
  const standard = form.columns.flatMap((c) =>
    c.type === 'date' ? [c.name, `${c.name}_lo`, `${c.name}_hi`] : [c.name],
  );
  const keyRest = form.key.filter((k) => k !== 'SUBJID').map(q);
  const viewColumns = ['record_id', 'site_id', 'subject_id', 'record_key', 'occurrence', ...standard.map(q)];
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
CREATE VIEW ${view} AS SELECT ${viewColumns.join(', ')} FROM ${table} WHERE deleted_import_id IS NULL;
${lockTriggersSql(table)}
`;
}

export function migration0006(db: Connection): void {
  const study = db.prepare('SELECT definition FROM study WHERE id = 1').get() as
    { definition: string } | undefined;
  // No study, no forms (init stores the study before this step runs).
  if (study === undefined) return;
  const forms = (JSON.parse(study.definition) as { forms: StoredForm[] }).forms;
  for (const form of forms) {
    const table = `form_${form.code.toLowerCase()}`;
    const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);
    if (exists === undefined) db.exec(formTableSql(form));
  }
}
