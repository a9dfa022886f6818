import type { DbConnection } from '../../engine';

/**
 * PostgreSQL's spelling of migration 11 (../0011-review-form-tables.ts): each form table's index
 * of live records by site and arrival, and the trigger that keeps every mark on a record in step
 * with the record's current version and deleted state (one trigger function, the form its argument).
 */
const FOLLOW_FUNCTION = /* sql */ `
CREATE FUNCTION cdm_review_marks_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE review_marks SET record_hash = NEW.std_hash, live = CASE WHEN NEW.deleted_import_id IS NULL THEN 1 ELSE 0 END
  WHERE form = TG_ARGV[0] AND record_id = NEW.record_id;
  RETURN NULL;
END
$$;
`;

function reviewFormTableSql(table: string): string {
  const code = table.slice('form_'.length).toUpperCase().replace(/'/g, "''");
  return `
CREATE INDEX ${table}_review ON ${table} (site_id, first_import_id, subject_id) WHERE deleted_import_id IS NULL;
CREATE TRIGGER ${table}_review_marks AFTER UPDATE OF std_hash, deleted_import_id ON ${table} FOR EACH ROW
WHEN (NEW.std_hash IS DISTINCT FROM OLD.std_hash OR NEW.deleted_import_id IS DISTINCT FROM OLD.deleted_import_id)
EXECUTE FUNCTION cdm_review_marks_follow('${code}');`;
}

export function pgMigration0011(db: DbConnection): void {
  db.exec(FOLLOW_FUNCTION);
  const tables = db
    .prepare(
      `SELECT table_name AS name FROM information_schema.tables
       WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name LIKE 'form\\_%' ORDER BY table_name`,
    )
    .all() as { name: string }[];
  for (const { name } of tables) db.exec(reviewFormTableSql(name));
}
