import { pgDdlFromSqlite } from '../../postgres/pg-ddl-from-sqlite';
import { migration0010 } from '../0010-review-marks';

/**
 * PostgreSQL's spelling of migration 10 (../0010-review-marks.ts): the same tables and indexes;
 * its triggers (history of every mark, the first mark's horizon, nothing deleted, append-only
 * history) as PostgreSQL trigger functions.
 */
const TRIGGERS = /* sql */ `
CREATE FUNCTION cdm_review_mark_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO review_horizons (user_name, form, site_id, first_seen)
    VALUES (NEW.user_name, NEW.form, NEW.site_id, NEW.seen_import_id) ON CONFLICT DO NOTHING;
  END IF;
  INSERT INTO review_mark_history (event_id, user_name, form, record_id, std_hash, seen_import_id)
  VALUES (NEW.event_id, NEW.user_name, NEW.form, NEW.record_id, NEW.std_hash, NEW.seen_import_id);
  RETURN NULL;
END
$$;
CREATE TRIGGER review_marks_history_insert AFTER INSERT ON review_marks
  FOR EACH ROW EXECUTE FUNCTION cdm_review_mark_history();
CREATE TRIGGER review_marks_history_update AFTER UPDATE OF std_hash, seen_import_id, event_id ON review_marks
  FOR EACH ROW EXECUTE FUNCTION cdm_review_mark_history();
CREATE TRIGGER review_marks_no_delete BEFORE DELETE ON review_marks
  FOR EACH ROW EXECUTE FUNCTION cdm_refuse('a review mark is removed by unmarking it, never deleted');
CREATE TRIGGER review_mark_history_append_only BEFORE UPDATE OR DELETE ON review_mark_history
  FOR EACH ROW EXECUTE FUNCTION cdm_refuse('the audit trail is append-only');
CREATE TRIGGER review_horizons_append_only BEFORE UPDATE OR DELETE ON review_horizons
  FOR EACH ROW EXECUTE FUNCTION cdm_refuse('the audit trail is append-only');
`;

export const pgMigration0010 =
  pgDdlFromSqlite(migration0010, [
    'review_marks_history_insert',
    'review_marks_history_update',
    'review_marks_no_delete',
    'review_mark_history_append_only_update',
    'review_mark_history_append_only_delete',
    'review_horizons_append_only_update',
    'review_horizons_append_only_delete',
  ]) + TRIGGERS;
