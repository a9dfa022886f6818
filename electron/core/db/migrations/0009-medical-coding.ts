import type { Connection } from '../open-database';
import { lockTriggersSql } from '../lock-triggers';

/**
 * Medical coding (issue 14): loaded dictionaries (each type in several versions, each version in
 * one or more languages; one active version a type), their terms with a normalised name for exact
 * matching, one coding row for every record of a coded form that holds a verbatim (WAITING or
 * CODED, with the coded values), and the study's synonym list. Every change is an audit event; a
 * locked cut freezes them all (lock triggers). The views of coded forms become the standardised
 * data with its coded columns (read from the stored definition, as migration 6 reads its forms).
 */
const schema = /* sql */ `
CREATE TABLE dictionaries (
  id INTEGER PRIMARY KEY,
  type TEXT NOT NULL CHECK (type IN ('meddra', 'whodrug')),
  version TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 0,
  loaded_at TEXT NOT NULL,
  loaded_by TEXT NOT NULL,
  counts TEXT NOT NULL,
  UNIQUE (type, version)
);
CREATE UNIQUE INDEX dictionaries_one_active ON dictionaries (type) WHERE active = 1;

-- Each language (MedDRA translations) or release folder loaded into a version, with its files' SHA-256.
CREATE TABLE dictionary_sources (
  dictionary_id INTEGER NOT NULL REFERENCES dictionaries (id),
  language TEXT NOT NULL,
  source TEXT NOT NULL,
  files TEXT NOT NULL,
  loaded_at TEXT NOT NULL,
  loaded_by TEXT NOT NULL,
  PRIMARY KEY (dictionary_id, language)
) WITHOUT ROWID;

-- Names of every MedDRA term (LLT, PT, HLT, HLGT, SOC) in every loaded language; norm is the
-- name trimmed, in one case and width (coding/normalise-term.ts): exact matching is one index seek.
CREATE TABLE meddra_terms (
  dictionary_id INTEGER NOT NULL REFERENCES dictionaries (id),
  level TEXT NOT NULL CHECK (level IN ('LLT', 'PT', 'HLT', 'HLGT', 'SOC')),
  code INTEGER NOT NULL,
  language TEXT NOT NULL,
  name TEXT NOT NULL,
  norm TEXT NOT NULL,
  PRIMARY KEY (dictionary_id, level, code, language)
) WITHOUT ROWID;
CREATE INDEX meddra_terms_by_norm ON meddra_terms (dictionary_id, level, norm);

CREATE TABLE meddra_llts (
  dictionary_id INTEGER NOT NULL REFERENCES dictionaries (id),
  llt_code INTEGER NOT NULL,
  pt_code INTEGER NOT NULL,
  current INTEGER NOT NULL,
  PRIMARY KEY (dictionary_id, llt_code)
) WITHOUT ROWID;

-- Every path of every PT to a SOC (mdhier.asc); primary_soc marks the one coding uses.
CREATE TABLE meddra_paths (
  dictionary_id INTEGER NOT NULL REFERENCES dictionaries (id),
  pt_code INTEGER NOT NULL,
  hlt_code INTEGER NOT NULL,
  hlgt_code INTEGER NOT NULL,
  soc_code INTEGER NOT NULL,
  primary_soc INTEGER NOT NULL,
  PRIMARY KEY (dictionary_id, pt_code, hlt_code, hlgt_code, soc_code)
) WITHOUT ROWID;

CREATE TABLE whodrug_drugs (
  dictionary_id INTEGER NOT NULL REFERENCES dictionaries (id),
  drug_code TEXT NOT NULL,
  name TEXT NOT NULL,
  norm TEXT NOT NULL,
  PRIMARY KEY (dictionary_id, drug_code)
) WITHOUT ROWID;
CREATE INDEX whodrug_drugs_by_norm ON whodrug_drugs (dictionary_id, norm);

CREATE TABLE whodrug_atc (
  dictionary_id INTEGER NOT NULL REFERENCES dictionaries (id),
  drug_code TEXT NOT NULL,
  atc_code TEXT NOT NULL,
  official INTEGER NOT NULL,
  PRIMARY KEY (dictionary_id, drug_code, atc_code)
) WITHOUT ROWID;

CREATE TABLE whodrug_atc_text (
  dictionary_id INTEGER NOT NULL REFERENCES dictionaries (id),
  atc_code TEXT NOT NULL,
  level INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (dictionary_id, atc_code)
) WITHOUT ROWID;

CREATE TABLE whodrug_ingredients (
  dictionary_id INTEGER NOT NULL REFERENCES dictionaries (id),
  drug_code TEXT NOT NULL,
  position INTEGER NOT NULL,
  substance TEXT NOT NULL,
  PRIMARY KEY (dictionary_id, drug_code, position)
) WITHOUT ROWID;

-- One row a record of a coded form that holds a verbatim: WAITING (since the import that brought
-- the verbatim, with why it was not coded) or CODED (how, by whom, and the coded values).
CREATE TABLE coding (
  form TEXT NOT NULL,
  record_id INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('WAITING', 'CODED')),
  verbatim TEXT NOT NULL,
  verbatim_norm TEXT NOT NULL,
  since TEXT NOT NULL,
  since_import_id INTEGER,
  waiting_reason TEXT,
  dictionary_id INTEGER REFERENCES dictionaries (id),
  method TEXT CHECK (method IN ('AUTO', 'SYNONYM', 'MANUAL')),
  coded_by TEXT,
  coded_at TEXT,
  llt_code INTEGER, llt_name TEXT, pt_code INTEGER, pt_name TEXT, hlt_code INTEGER, hlt_name TEXT,
  hlgt_code INTEGER, hlgt_name TEXT, soc_code INTEGER, soc_name TEXT,
  drug_code TEXT, drug_name TEXT, atc_code TEXT, atc_text TEXT, ingredients TEXT,
  PRIMARY KEY (form, record_id),
  CHECK ((status = 'CODED') = (method IS NOT NULL AND dictionary_id IS NOT NULL))
) WITHOUT ROWID;
CREATE INDEX coding_by_status ON coding (form, status, verbatim_norm);

-- The study's synonym list: a verbatim (normalised) coded by a person codes its repeats.
CREATE TABLE coding_synonyms (
  dictionary_type TEXT NOT NULL CHECK (dictionary_type IN ('meddra', 'whodrug')),
  verbatim_norm TEXT NOT NULL,
  verbatim TEXT NOT NULL,
  code TEXT NOT NULL,
  atc_code TEXT,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (dictionary_type, verbatim_norm)
) WITHOUT ROWID;

-- A coding decision changes the standardised data (AEDECOD) the checks read: an incremental check
-- run re-checks the sites of records coded since the last complete run (the newest coding event it saw).
ALTER TABLE check_runs ADD COLUMN last_coding_event_id INTEGER NOT NULL DEFAULT 0;
`;

const LOCKED = [
  'dictionaries',
  'dictionary_sources',
  'meddra_terms',
  'meddra_llts',
  'meddra_paths',
  'whodrug_drugs',
  'whodrug_atc',
  'whodrug_atc_text',
  'whodrug_ingredients',
  'coding',
  'coding_synonyms',
];

interface StoredForm {
  code: string;
  columns: { name: string; type: string }[];
  coding?: { columns: { name: string; field: string }[] };
}

const q = (name: string) => `"${name}"`;
/** lltCode -> llt_code: where the coding table keeps a coded field. */
const codingColumn = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * A coded form's view: its standardised columns, a coded column in the place of the form column
 * it replaces (the coded value once coded, the site's until then), the other coded columns after.
 */
function codedViewSql(form: StoredForm & { coding: NonNullable<StoredForm['coding']> }): string {
  const coded = new Map(form.coding.columns.map((c) => [c.name, codingColumn(c.field)]));
  const own = new Set(form.columns.map((c) => c.name));
  const columns = form.columns.flatMap((c) => {
    const replaced = coded.get(c.name);
    const value = replaced ? `coalesce(c.${replaced}, r.${q(c.name)}) AS ${q(c.name)}` : `r.${q(c.name)}`;
    return c.type === 'date' ? [value, `r.${q(`${c.name}_lo`)}`, `r.${q(`${c.name}_hi`)}`] : [value];
  });
  const added = form.coding.columns.filter((c) => !own.has(c.name)).map((c) => `c.${codingColumn(c.field)} AS ${q(c.name)}`);
  const view = form.code.toLowerCase();
  return `DROP VIEW IF EXISTS ${view};
CREATE VIEW ${view} AS SELECT r.record_id, r.site_id, r.subject_id, r.record_key, r.occurrence, ${[...columns, ...added].join(', ')}
  FROM form_${view} r
  LEFT JOIN coding c ON c.form = '${form.code}' AND c.record_id = r.record_id AND c.status = 'CODED'
  WHERE r.deleted_import_id IS NULL;`;
}

export function migration0009(db: Connection): void {
  db.exec(schema);
  for (const table of LOCKED) db.exec(lockTriggersSql(table));
  const study = db.prepare('SELECT definition FROM study WHERE id = 1').get() as
    | { definition: string }
    | undefined;
  if (study === undefined) return;
  for (const form of (JSON.parse(study.definition) as { forms: StoredForm[] }).forms)
    if (form.coding) db.exec(codedViewSql({ ...form, coding: form.coding }));
}
