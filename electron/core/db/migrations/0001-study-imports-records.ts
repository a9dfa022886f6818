/**
 * The study, its imports and the history of its records. The record tables themselves (one per
 * form, `form_<code>`) are made from the study definition when the study is created (form-tables.ts).
 */
export const migration0001 = /* sql */ `
CREATE TABLE study (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  definition TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);

CREATE TABLE imports (
  id INTEGER PRIMARY KEY,
  site_id TEXT NOT NULL,
  export_date TEXT NOT NULL,
  export_day INTEGER NOT NULL,
  source TEXT NOT NULL,
  imported_by TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  summary TEXT NOT NULL,
  unknown_columns TEXT NOT NULL,
  warning_count INTEGER NOT NULL,
  error_count INTEGER NOT NULL
);
CREATE INDEX imports_by_site ON imports (site_id, export_day);

-- One file, or one sheet of a workbook, that a form was read from.
CREATE TABLE import_sources (
  id INTEGER PRIMARY KEY,
  import_id INTEGER NOT NULL REFERENCES imports (id),
  path TEXT NOT NULL,
  file_name TEXT NOT NULL,
  sheet TEXT,
  form TEXT NOT NULL,
  encoding TEXT,
  sha256 TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  rows INTEGER NOT NULL
);
CREATE INDEX import_sources_by_import ON import_sources (import_id);

CREATE TABLE import_issues (
  id INTEGER PRIMARY KEY,
  import_id INTEGER NOT NULL REFERENCES imports (id),
  source_id INTEGER REFERENCES import_sources (id),
  form TEXT,
  line INTEGER,
  column_name TEXT,
  level TEXT NOT NULL CHECK (level IN ('warning', 'error')),
  code TEXT NOT NULL,
  message TEXT NOT NULL
);
CREATE INDEX import_issues_by_import ON import_issues (import_id);

-- Every change an import made to a record: new, changed (one row a field), deleted, restored.
CREATE TABLE record_changes (
  id INTEGER PRIMARY KEY,
  import_id INTEGER NOT NULL REFERENCES imports (id),
  form TEXT NOT NULL,
  record_id INTEGER NOT NULL,
  change TEXT NOT NULL CHECK (change IN ('new', 'changed', 'deleted', 'restored')),
  field TEXT,
  old_raw TEXT,
  new_raw TEXT,
  old_value TEXT,
  new_value TEXT
);
CREATE INDEX record_changes_by_record ON record_changes (form, record_id);
CREATE INDEX record_changes_by_import ON record_changes (import_id);

-- Changes of anything other than record values: imports, status moves, locks (append-only).
CREATE TABLE audit_events (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  user_name TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT,
  field TEXT,
  old_value TEXT,
  new_value TEXT,
  reason TEXT,
  import_id INTEGER
);
CREATE INDEX audit_events_at ON audit_events (at);

CREATE TRIGGER record_changes_append_only_update BEFORE UPDATE ON record_changes
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER record_changes_append_only_delete BEFORE DELETE ON record_changes
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_events_append_only_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_events_append_only_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
`;
