import { lockTriggersSql } from '../lock-triggers';

/**
 * Query lists and the audit trail (issue 5).
 *
 * - query_lists learns which list it is: an export has its own list ID (L0001, ...), format, the
 *   site's latest export date when it was written and the SHA-256 of the file; an answer import
 *   names the list it answered, and keeps its rejected rows with their reasons.
 * - query_list_rows: what each list sent, row by row, as the site saw it; an answered list is
 *   compared with it (an edited read-only cell is reported, not applied).
 * - The history is append-only, enforced here: query lists and their rows never change; a query's
 *   text never changes, it is marked sent, and its answer is written once.
 *
 * query_list_rows gets its lock triggers here (they name data_cuts, made by migration 0004; SQLite
 * resolves a trigger's tables when it fires, and nothing is inserted in between).
 */
export const migration0003 = /* sql */ `
ALTER TABLE query_lists ADD COLUMN list_id TEXT;
ALTER TABLE query_lists ADD COLUMN format TEXT;
ALTER TABLE query_lists ADD COLUMN site_export_date TEXT;
ALTER TABLE query_lists ADD COLUMN sha256 TEXT;
ALTER TABLE query_lists ADD COLUMN unchanged INTEGER NOT NULL DEFAULT 0;
ALTER TABLE query_lists ADD COLUMN details TEXT;
CREATE UNIQUE INDEX query_lists_export_id ON query_lists (list_id) WHERE kind = 'export';

CREATE TABLE query_list_rows (
  list_id INTEGER NOT NULL REFERENCES query_lists (id),
  query_id TEXT NOT NULL REFERENCES queries (id),
  row_number INTEGER NOT NULL,
  subject_id TEXT NOT NULL,
  form TEXT NOT NULL,
  record_key TEXT NOT NULL,
  field TEXT NOT NULL,
  value TEXT,
  message TEXT NOT NULL,
  date_sent TEXT NOT NULL,
  PRIMARY KEY (list_id, query_id)
) WITHOUT ROWID;
CREATE INDEX query_list_rows_by_query ON query_list_rows (query_id);

CREATE TRIGGER query_lists_append_only_update BEFORE UPDATE ON query_lists
BEGIN SELECT RAISE(ABORT, 'the query history is append-only'); END;
CREATE TRIGGER query_lists_append_only_delete BEFORE DELETE ON query_lists
BEGIN SELECT RAISE(ABORT, 'the query history is append-only'); END;
CREATE TRIGGER query_list_rows_append_only_update BEFORE UPDATE ON query_list_rows
BEGIN SELECT RAISE(ABORT, 'the query history is append-only'); END;
CREATE TRIGGER query_list_rows_append_only_delete BEFORE DELETE ON query_list_rows
BEGIN SELECT RAISE(ABORT, 'the query history is append-only'); END;

-- A query is written once; later it is only marked sent (again, while unanswered) and answered once.
CREATE TRIGGER queries_append_only_delete BEFORE DELETE ON queries
BEGIN SELECT RAISE(ABORT, 'the query history is append-only'); END;
CREATE TRIGGER queries_append_only_update BEFORE UPDATE ON queries
WHEN NEW.id IS NOT OLD.id OR NEW.discrepancy_id IS NOT OLD.discrepancy_id OR NEW.round IS NOT OLD.round
  OR NEW.message IS NOT OLD.message OR NEW.created_at IS NOT OLD.created_at OR NEW.created_by IS NOT OLD.created_by
  OR (OLD.sent_at IS NOT NULL AND NEW.sent_at IS NOT OLD.sent_at)
  OR (OLD.answer IS NOT NULL AND (NEW.sent_file IS NOT OLD.sent_file OR NEW.answer IS NOT OLD.answer
      OR NEW.answered_at IS NOT OLD.answered_at OR NEW.answer_file IS NOT OLD.answer_file))
  OR (NEW.answer IS NULL AND (NEW.answered_at IS NOT NULL OR NEW.answer_file IS NOT NULL))
BEGIN SELECT RAISE(ABORT, 'the query history is append-only'); END;

-- The next query ID (workflow-repo.ts: max of the numbers so far) without scanning every query.
CREATE INDEX queries_by_number ON queries (CAST(substr(id, 3) AS INTEGER)) WHERE id LIKE 'Q-%';

-- The audit trail lists record changes in the order of their imports.
CREATE INDEX imports_by_time ON imports (imported_at, id);

${lockTriggersSql('query_list_rows')}
`;
