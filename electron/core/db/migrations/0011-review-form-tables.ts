import type { Connection } from '../open-database';

/**
 * What each form table gets for review marks (issue 12; the marks themselves are migration 10):
 * - an index of its live records by site and arrival, with their subject, narrow enough that
 *   counting a 10,000-subject study's records by review state never reads the records themselves;
 * - a trigger that keeps every mark on a record in step with the record's current version and
 *   deleted state, so that a mark goes stale by itself when an import changes the record.
 *
 * The form tables are those the database holds (made by migration 6, or at init before it); only
 * tables: the coded-column views of migration 9 share no name with them and are not read. The
 * SQL is written here, not shared, so that this step never changes once it exists.
 */
function reviewFormTableSql(table: string): string {
  const code = table.slice('form_'.length).toUpperCase().replace(/'/g, "''");
  return `
CREATE INDEX ${table}_review ON ${table} (site_id, first_import_id, subject_id) WHERE deleted_import_id IS NULL;
CREATE TRIGGER ${table}_review_marks AFTER UPDATE OF std_hash, deleted_import_id ON ${table}
WHEN NEW.std_hash IS NOT OLD.std_hash OR NEW.deleted_import_id IS NOT OLD.deleted_import_id
BEGIN
  UPDATE review_marks SET record_hash = NEW.std_hash, live = NEW.deleted_import_id IS NULL
  WHERE form = '${code}' AND record_id = NEW.record_id;
END;`;
}

export function migration0011(db: Connection): void {
  const tables = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'form\\_%' ESCAPE '\\' ORDER BY name",
    )
    .all() as { name: string }[];
  for (const { name } of tables) db.exec(reviewFormTableSql(name));
}
