import type { Connection } from '../open-database';
import { lockTriggersSql } from '../lock-triggers';
import { migration0003 } from './0003-audit-trail';
import { migration0004 } from './0004-data-cuts';

/**
 * One schema for every database at version 4. Migrations 2 to 4 were changed after databases had
 * been made with them (during the first day of development): 0003 and 0004 were placeholders
 * (`SELECT 1`) before they were written, and 0002 gained the columns of incremental check runs
 * after 0003 and 0004 existed. 0002 is back to the text those databases ran; this step gives each
 * version-4 database what its own versions lacked, so that all of them end with the same schema:
 *
 * - the query lists and the append-only query history of 0003, where they are missing;
 * - the data cuts and the lock triggers of 0004, where they are missing; and no lock triggers on
 *   record_changes, which 0004 gave the databases made before the audit trail's own triggers were
 *   found enough (it is written only with the data it describes, which the lock already refuses);
 * - check_runs rebuilt in one layout, with the columns of incremental runs (scope, scope_sites,
 *   last_import_id, complete, catalog_hash) before summary, keeping every run. A run recorded
 *   before those columns existed counts as incomplete, so the next check run is a full one.
 *
 * It runs with foreign keys off (discrepancies name check_runs); migrate() checks them after.
 */
const CHECK_RUNS = /* sql */ `
CREATE TABLE check_runs_v5 (
  id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  user_name TEXT NOT NULL,
  check_ids TEXT NOT NULL,
  -- 'full', or 'sites' when only the subjects of sites imported since the last complete run were checked
  scope TEXT NOT NULL DEFAULT 'full',
  scope_sites TEXT,
  -- the newest import the run saw; every enabled check ran without error; which catalog it ran
  last_import_id INTEGER NOT NULL DEFAULT 0,
  complete INTEGER NOT NULL DEFAULT 0,
  catalog_hash TEXT,
  summary TEXT
)`;

const KEPT = ['id', 'started_at', 'finished_at', 'user_name', 'check_ids', 'scope', 'scope_sites'];
const LATER = ['last_import_id', 'complete', 'catalog_hash', 'summary'];

function has(db: Connection, kind: 'table', name: string): boolean {
  return db.prepare('SELECT 1 FROM sqlite_master WHERE type = ? AND name = ?').get(kind, name) !== undefined;
}

export function migration0005(db: Connection): void {
  if (!has(db, 'table', 'query_list_rows')) db.exec(migration0003);
  if (!has(db, 'table', 'data_cuts')) migration0004(db);
  for (const event of ['insert', 'update', 'delete']) db.exec(`DROP TRIGGER IF EXISTS record_changes_locked_${event}`);
  const present = new Set(
    (db.prepare('SELECT name FROM pragma_table_info(?)').all('check_runs') as { name: string }[]).map(
      (c) => c.name,
    ),
  );
  const copied = [...KEPT, ...LATER].filter((c) => present.has(c));
  db.exec(CHECK_RUNS);
  db.exec(`INSERT INTO check_runs_v5 (${copied.join(', ')}) SELECT ${copied.join(', ')} FROM check_runs`);
  db.exec('DROP TABLE check_runs');
  db.exec('ALTER TABLE check_runs_v5 RENAME TO check_runs');
  db.exec(lockTriggersSql('check_runs'));
}
