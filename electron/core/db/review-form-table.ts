/**
 * What each form table gets for review marks (issue 12, migration 0005):
 * - an index of its live records by site and arrival (with their subject), narrow enough that
 *   counting a 10,000-subject study's records by review state never reads the records themselves;
 * - a trigger that keeps every mark on a record in step with the record's current version and
 *   deleted state, so that a mark goes stale by itself when an import changes the record.
 */
export function reviewFormTableSql(form: string): string {
  const table = `form_${form.toLowerCase()}`;
  const code = form.toUpperCase().replace(/'/g, "''");
  return `
CREATE INDEX IF NOT EXISTS ${table}_review ON ${table} (site_id, first_import_id, subject_id) WHERE deleted_import_id IS NULL;
CREATE TRIGGER IF NOT EXISTS ${table}_review_marks AFTER UPDATE OF std_hash, deleted_import_id ON ${table}
WHEN NEW.std_hash IS NOT OLD.std_hash OR NEW.deleted_import_id IS NOT OLD.deleted_import_id
BEGIN
  UPDATE review_marks SET record_hash = NEW.std_hash, live = NEW.deleted_import_id IS NULL
  WHERE form = '${code}' AND record_id = NEW.record_id;
END;`;
}
