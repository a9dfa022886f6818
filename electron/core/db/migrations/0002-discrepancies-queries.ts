/**
 * Edit-check runs, the discrepancies they find (with a stable identity across runs), and the
 * queries sent to sites about them. Every status move is an audit event (audit_events).
 */
export const migration0002 = /* sql */ `
CREATE TABLE check_runs (
  id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  user_name TEXT NOT NULL,
  check_ids TEXT NOT NULL,
  summary TEXT
);

CREATE TABLE discrepancies (
  id INTEGER PRIMARY KEY,
  -- check ID + form + record key + field: the same problem found again is the same discrepancy
  identity TEXT NOT NULL UNIQUE,
  check_id TEXT NOT NULL,
  category TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('critical', 'major', 'minor')),
  site_id TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  form TEXT NOT NULL,
  record_id INTEGER,
  record_key TEXT NOT NULL,
  field TEXT NOT NULL,
  value TEXT,
  message TEXT NOT NULL,
  -- what the check looked at, when last found; an ACCEPTED or CLOSED one stays silent while it is unchanged
  fingerprint TEXT NOT NULL,
  silenced_fingerprint TEXT,
  related TEXT,
  status TEXT NOT NULL CHECK (status IN ('OPEN', 'QUERIED', 'ANSWERED', 'CLOSED', 'ACCEPTED', 'RESOLVED')),
  manual INTEGER NOT NULL DEFAULT 0,
  first_run_id INTEGER REFERENCES check_runs (id),
  last_run_id INTEGER REFERENCES check_runs (id),
  first_found TEXT NOT NULL,
  last_found TEXT NOT NULL,
  status_changed_at TEXT NOT NULL,
  query_id TEXT
);
CREATE INDEX discrepancies_by_status ON discrepancies (status, check_id);
CREATE INDEX discrepancies_by_check ON discrepancies (check_id, status);
CREATE INDEX discrepancies_by_site ON discrepancies (site_id, status);
CREATE INDEX discrepancies_by_subject ON discrepancies (subject_id);
CREATE INDEX discrepancies_by_record ON discrepancies (form, record_id);

CREATE TABLE queries (
  id TEXT PRIMARY KEY,
  discrepancy_id INTEGER NOT NULL REFERENCES discrepancies (id),
  round INTEGER NOT NULL,
  message TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  sent_at TEXT,
  sent_file TEXT,
  answer TEXT,
  answered_at TEXT,
  answer_file TEXT
);
CREATE INDEX queries_by_discrepancy ON queries (discrepancy_id);

-- Query lists written and answered lists read.
CREATE TABLE query_lists (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('export', 'import')),
  at TEXT NOT NULL,
  user_name TEXT NOT NULL,
  site_id TEXT,
  file TEXT NOT NULL,
  queries INTEGER NOT NULL,
  applied INTEGER NOT NULL DEFAULT 0,
  rejected INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX audit_events_by_entity ON audit_events (entity, entity_id);
`;
