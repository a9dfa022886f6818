import type { DbConnection } from '../../engine';

/**
 * PostgreSQL's spelling of migration 13 (../0013-team-mode.ts): the signatures (their signer is the
 * session's user, fired in name order), and the three roles of a study as group roles of the server,
 * named after the study's database (`<database>_data_manager`, `_monitor`, `_viewer`), and what
 * each may do, enforced by the database itself:
 *
 * - data manager: read and write every table (import, check, move discrepancies, queries, lock);
 * - monitor: read everything; raise and answer queries (write query lists, queries, discrepancy
 *   statuses and the audit events of those moves), mark what they reviewed; never data, check runs or cuts;
 * - viewer: read only.
 *
 * People are login roles granted one of these (README: "Team mode"). Nobody but the owner (who
 * ran init) connects otherwise. The audit trail's user is the session's own (current_user) for
 * every role but the owner's (who copies whole studies, with their history, in).
 */
const WRITE_TABLES_OF_MONITOR = [
  'audit_events',
  'query_lists',
  'query_list_rows',
  'queries',
  'discrepancies',
  'signatures',
  // source data review: a monitor marks what they reviewed (the marks' history and horizons follow by trigger)
  'review_marks',
  'review_horizons',
  'review_mark_history',
];

const SIGNATURES = /* sql */ `
CREATE TABLE signatures (
  event_id bigint PRIMARY KEY REFERENCES audit_events (id),
  signed_by text NOT NULL,
  signed_at text NOT NULL,
  meaning text NOT NULL CHECK (length(trim(meaning)) > 0),
  method text NOT NULL CHECK (method IN ('password', 'stated'))
);
CREATE FUNCTION cdm_signature_own_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.signed_by IS DISTINCT FROM (SELECT user_name FROM audit_events WHERE id = NEW.event_id) THEN
    RAISE EXCEPTION 'a signature is made by the person whose action it signs';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER signatures_1_session_user BEFORE INSERT ON signatures
  FOR EACH ROW EXECUTE FUNCTION cdm_session_signer();
CREATE TRIGGER signatures_2_own_event BEFORE INSERT ON signatures
  FOR EACH ROW EXECUTE FUNCTION cdm_signature_own_event();
CREATE TRIGGER signatures_append_only BEFORE UPDATE OR DELETE ON signatures
  FOR EACH ROW EXECUTE FUNCTION cdm_refuse('the audit trail is append-only');

-- Every change writes audit events: the windows of the others refresh when it commits (LISTEN cdm_changes).
CREATE FUNCTION cdm_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('cdm_changes', json_build_object('pid', pg_backend_pid(), 'user', current_user)::text);
  RETURN NULL;
END
$$;
CREATE TRIGGER audit_events_notify AFTER INSERT ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION cdm_notify_change();
`;

export function pgMigration0013(db: DbConnection): void {
  const database = (db.prepare('SELECT current_database() AS name').get() as { name: string }).name;
  const role = (suffix: string) => `"${`${database}_${suffix}`.replace(/"/g, '""')}"`;
  const [dm, monitor, viewer] = [role('data_manager'), role('monitor'), role('viewer')];
  const quotedDatabase = `"${database.replace(/"/g, '""')}"`;
  for (const r of [dm, monitor, viewer]) {
    const name = r.slice(1, -1).replace(/""/g, '"');
    const exists = db.prepare('SELECT 1 AS one FROM pg_roles WHERE rolname = ?').get(name);
    if (!exists) db.exec(`CREATE ROLE ${r} NOLOGIN`);
  }
  db.exec(`
CREATE FUNCTION cdm_session_signer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_user <> (SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'cdm') THEN
    NEW.signed_by := current_user;
  END IF;
  RETURN NEW;
END
$$;
${SIGNATURES}`);
  db.exec(`
REVOKE ALL ON DATABASE ${quotedDatabase} FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE ${quotedDatabase} TO ${dm}, ${monitor}, ${viewer};
GRANT USAGE ON SCHEMA cdm TO ${dm}, ${monitor}, ${viewer};
GRANT SELECT ON ALL TABLES IN SCHEMA cdm TO ${dm}, ${monitor}, ${viewer};
GRANT INSERT, UPDATE ON ALL TABLES IN SCHEMA cdm TO ${dm};
REVOKE INSERT, UPDATE ON cdm.study, cdm.schema_version FROM ${dm};
GRANT USAGE ON ALL SEQUENCES IN SCHEMA cdm TO ${dm}, ${monitor};
${WRITE_TABLES_OF_MONITOR.map((t) => `GRANT INSERT, UPDATE ON cdm.${t} TO ${monitor};`).join('\n')}
ALTER DEFAULT PRIVILEGES IN SCHEMA cdm GRANT SELECT ON TABLES TO ${dm}, ${monitor}, ${viewer};
ALTER DEFAULT PRIVILEGES IN SCHEMA cdm GRANT INSERT, UPDATE ON TABLES TO ${dm};
ALTER DEFAULT PRIVILEGES IN SCHEMA cdm GRANT USAGE ON SEQUENCES TO ${dm}, ${monitor};

CREATE FUNCTION cdm_session_user() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_user <> (SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'cdm') THEN
    NEW.user_name := current_user;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER audit_events_session_user BEFORE INSERT ON audit_events
  FOR EACH ROW EXECUTE FUNCTION cdm_session_user();
`);
}
