import { prepared } from './statement-cache';
import { connectionOf } from './connection';
import type { StudyDatabase } from './study-database';

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
export function appendAuditEvent(database: StudyDatabase, e: AuditEventRow): number {
  const connection = connectionOf(database);
  const row = prepared(
    connection,

    `INSERT INTO audit_events (at, user_name, action, entity, entity_id, field, old_value, new_value, reason, import_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
  ).get(
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
  return Number((row as { id: number | bigint }).id);
}

/**
 * Many events in one set-based statement: `select` yields, in this order, at, user_name, action,
 * entity, entity_id, field, old_value, new_value, reason and import_id (a check run's moves).
 */
export function appendAuditEventsSelected(
  database: StudyDatabase,
  select: string,
  params: Record<string, string | number | bigint | null>,
): number {
  return connectionOf(database)
    .prepare(
      `INSERT INTO audit_events (at, user_name, action, entity, entity_id, field, old_value, new_value, reason, import_id) ${select}`,
    )
    .run(params).changes;
}
