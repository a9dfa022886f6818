/**
 * Team mode (issue 16). The roles exist on PostgreSQL only (postgres/0013-team-mode.ts): a study
 * file has one person at a time and `--user` names them. Both engines get the signatures: a
 * signature (who, when, what it means) is bound to the one audit event it signs (a lock, an
 * unlock, a discrepancy closed or accepted), by the person who made that event, and is never
 * changed or removed.
 */
export const migration0013 = /* sql */ `
CREATE TABLE signatures (
  event_id INTEGER PRIMARY KEY REFERENCES audit_events (id),
  signed_by TEXT NOT NULL,
  signed_at TEXT NOT NULL,
  meaning TEXT NOT NULL CHECK (length(trim(meaning)) > 0),
  -- password: re-entered and checked by the server (team mode); stated: a study file has no accounts
  method TEXT NOT NULL CHECK (method IN ('password', 'stated'))
);
CREATE TRIGGER signatures_own_event BEFORE INSERT ON signatures
WHEN NEW.signed_by IS NOT (SELECT user_name FROM audit_events WHERE id = NEW.event_id)
BEGIN SELECT RAISE(ABORT, 'a signature is made by the person whose action it signs'); END;
CREATE TRIGGER signatures_append_only_update BEFORE UPDATE ON signatures
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER signatures_append_only_delete BEFORE DELETE ON signatures
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
`;
