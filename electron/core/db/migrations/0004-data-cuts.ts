import type { Connection } from '../open-database';
import { LOCKED_TABLES, lockTriggersSql } from '../lock-triggers';

/**
 * Data cuts: the lock history (append-only; only the unlock and the snapshot's manifest hash are
 * filled in later, once), what each cut contained (for cut-to-cut diffs), and the lock triggers.
 */
const schema = /* sql */ `
CREATE TABLE data_cuts (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  reason TEXT NOT NULL,
  locked_by TEXT NOT NULL,
  locked_at TEXT NOT NULL,
  forced INTEGER NOT NULL,
  blockers TEXT,
  snapshot_dir TEXT NOT NULL,
  manifest_sha256 TEXT,
  last_import_id INTEGER NOT NULL,
  unlocked_by TEXT,
  unlocked_at TEXT,
  unlock_reason TEXT
);

CREATE TRIGGER data_cuts_one_lock BEFORE INSERT ON data_cuts
WHEN EXISTS (SELECT 1 FROM data_cuts WHERE unlocked_at IS NULL)
BEGIN SELECT RAISE(ABORT, 'the study is already locked'); END;

CREATE TRIGGER data_cuts_append_only_delete BEFORE DELETE ON data_cuts
BEGIN SELECT RAISE(ABORT, 'the lock history is append-only'); END;

CREATE TRIGGER data_cuts_append_only_update BEFORE UPDATE ON data_cuts
WHEN NEW.id IS NOT OLD.id OR NEW.name IS NOT OLD.name OR NEW.reason IS NOT OLD.reason
  OR NEW.locked_by IS NOT OLD.locked_by OR NEW.locked_at IS NOT OLD.locked_at OR NEW.forced IS NOT OLD.forced
  OR NEW.blockers IS NOT OLD.blockers OR NEW.snapshot_dir IS NOT OLD.snapshot_dir OR NEW.last_import_id IS NOT OLD.last_import_id
  OR (OLD.manifest_sha256 IS NOT NULL AND NEW.manifest_sha256 IS NOT OLD.manifest_sha256)
  OR (OLD.unlocked_at IS NOT NULL AND (NEW.unlocked_at IS NOT OLD.unlocked_at OR NEW.unlocked_by IS NOT OLD.unlocked_by
      OR NEW.unlock_reason IS NOT OLD.unlock_reason))
BEGIN SELECT RAISE(ABORT, 'the lock history is append-only'); END;

-- What each cut held: every live record's version, and every discrepancy's status.
CREATE TABLE cut_records (
  cut_id INTEGER NOT NULL REFERENCES data_cuts (id),
  form TEXT NOT NULL,
  record_id INTEGER NOT NULL,
  std_hash INTEGER NOT NULL,
  PRIMARY KEY (cut_id, form, record_id)
) WITHOUT ROWID;

CREATE TABLE cut_discrepancies (
  cut_id INTEGER NOT NULL REFERENCES data_cuts (id),
  discrepancy_id INTEGER NOT NULL,
  status TEXT NOT NULL,
  PRIMARY KEY (cut_id, discrepancy_id)
) WITHOUT ROWID;

CREATE TRIGGER cut_records_append_only_update BEFORE UPDATE ON cut_records BEGIN SELECT RAISE(ABORT, 'the lock history is append-only'); END;
CREATE TRIGGER cut_records_append_only_delete BEFORE DELETE ON cut_records BEGIN SELECT RAISE(ABORT, 'the lock history is append-only'); END;
CREATE TRIGGER cut_discrepancies_append_only_update BEFORE UPDATE ON cut_discrepancies BEGIN SELECT RAISE(ABORT, 'the lock history is append-only'); END;
CREATE TRIGGER cut_discrepancies_append_only_delete BEFORE DELETE ON cut_discrepancies BEGIN SELECT RAISE(ABORT, 'the lock history is append-only'); END;
`;

export function migration0004(db: Connection): void {
  db.exec(schema);
  const formTables = (
    db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'form\\_%' ESCAPE '\\'")
      .all() as { name: string }[]
  ).map((r) => r.name);
  for (const table of [...LOCKED_TABLES, ...formTables]) db.exec(lockTriggersSql(table));
}
