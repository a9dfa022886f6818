import { PG_LOCK_FUNCTION, pgLockTriggerSql } from '../../postgres/pg-lock-triggers';

/** PostgreSQL's spelling of migration 3 (../0003-audit-trail.ts). */
export const pgMigration0003 = /* sql */ `
ALTER TABLE query_lists ADD COLUMN list_id text;
ALTER TABLE query_lists ADD COLUMN format text;
ALTER TABLE query_lists ADD COLUMN site_export_date text;
ALTER TABLE query_lists ADD COLUMN sha256 text;
ALTER TABLE query_lists ADD COLUMN unchanged integer NOT NULL DEFAULT 0;
ALTER TABLE query_lists ADD COLUMN details text;
CREATE UNIQUE INDEX query_lists_export_id ON query_lists (list_id) WHERE kind = 'export';

CREATE TABLE query_list_rows (
  list_id bigint NOT NULL REFERENCES query_lists (id),
  query_id text NOT NULL REFERENCES queries (id),
  row_number integer NOT NULL,
  subject_id text NOT NULL,
  form text NOT NULL,
  record_key text NOT NULL,
  field text NOT NULL,
  value text,
  message text NOT NULL,
  date_sent text NOT NULL,
  PRIMARY KEY (list_id, query_id)
);
CREATE INDEX query_list_rows_by_query ON query_list_rows (query_id);

CREATE TRIGGER query_lists_append_only BEFORE UPDATE OR DELETE ON query_lists
  FOR EACH ROW EXECUTE FUNCTION cdm_refuse('the query history is append-only');
CREATE TRIGGER query_list_rows_append_only BEFORE UPDATE OR DELETE ON query_list_rows
  FOR EACH ROW EXECUTE FUNCTION cdm_refuse('the query history is append-only');
CREATE TRIGGER queries_append_only_delete BEFORE DELETE ON queries
  FOR EACH ROW EXECUTE FUNCTION cdm_refuse('the query history is append-only');
CREATE TRIGGER queries_append_only_update BEFORE UPDATE ON queries FOR EACH ROW
WHEN (NEW.id IS DISTINCT FROM OLD.id OR NEW.discrepancy_id IS DISTINCT FROM OLD.discrepancy_id OR NEW.round IS DISTINCT FROM OLD.round
  OR NEW.message IS DISTINCT FROM OLD.message OR NEW.created_at IS DISTINCT FROM OLD.created_at OR NEW.created_by IS DISTINCT FROM OLD.created_by
  OR (OLD.sent_at IS NOT NULL AND NEW.sent_at IS DISTINCT FROM OLD.sent_at)
  OR (OLD.answer IS NOT NULL AND (NEW.sent_file IS DISTINCT FROM OLD.sent_file OR NEW.answer IS DISTINCT FROM OLD.answer
      OR NEW.answered_at IS DISTINCT FROM OLD.answered_at OR NEW.answer_file IS DISTINCT FROM OLD.answer_file))
  OR (NEW.answer IS NULL AND (NEW.answered_at IS NOT NULL OR NEW.answer_file IS NOT NULL)))
  EXECUTE FUNCTION cdm_refuse('the query history is append-only');

CREATE INDEX queries_by_number ON queries ((CAST(substr(id, 3) AS integer))) WHERE id LIKE 'Q-%';
CREATE INDEX imports_by_time ON imports (imported_at, id);

${PG_LOCK_FUNCTION}
${pgLockTriggerSql('query_list_rows')}
`;
