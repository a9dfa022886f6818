import { prepared } from './statement-cache';
import type { Connection } from './open-database';

export interface AuditEventRow {
  at: string;
  user: string;
  action: string;
  entity: string;
  entityId: string | null;
  field?: string | null;
  oldValue?: string | null;
  newValue?: string | null;
  reason?: string | null;
  importId?: number | null;
}

/** Appends an event; returns its id. */
export function appendAuditEvent(connection: Connection, e: AuditEventRow): number {
  const result = prepared(
    connection,

    `INSERT INTO audit_events (at, user_name, action, entity, entity_id, field, old_value, new_value, reason, import_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    e.at,
    e.user,
    e.action,
    e.entity,
    e.entityId,
    e.field ?? null,
    e.oldValue ?? null,
    e.newValue ?? null,
    e.reason ?? null,
    e.importId ?? null,
  );
  return Number(result.lastInsertRowid);
}
