import { prepared } from './statement-cache';
import type { DiscrepancyStatus } from '../../../shared/api/discrepancies';
import { appendAuditEvent } from './audit-repo';
import { QUERY_IDS, serializeWrites, type StudyDatabase } from './study-database';
import { connectionOf, dialectOf } from './connection';
import { siteLanguage } from './site-settings-repo';
import { storedMessageText } from '../study/message-text';

export interface StatusChange {
  id: number;
  to: DiscrepancyStatus;
  reason: string;
  user: string;
  at: string;
  /**
   * The decision a data manager takes on what the check looks at now (ACCEPTED, CLOSED: `decide`),
   * a return to work that forgets it (`forget`), or neither (`keep`). workflow/status-moves.ts says which.
   */
  decision: 'decide' | 'forget' | 'keep';
}

export interface CurrentStatus {
  status: DiscrepancyStatus;
  checkId: string;
  siteId: string;
  message: string;
  messageArgs: string | null;
  queryId: string | null;
}

/** What a query made from a check's finding says: its message in the language of the discrepancy's site. */
export function checkMessageForSite(database: StudyDatabase, current: CurrentStatus): string {
  return storedMessageText(database.model, current, siteLanguage(database, current.siteId));
}

export function currentStatuses(database: StudyDatabase, ids: readonly number[]): Map<number, CurrentStatus> {
  // Locked until the transaction ends (PostgreSQL): a second person moving the same discrepancy
  // waits, then sees the first one's move (SQLite's write transaction already lets one at a time).
  const rows = prepared(
    connectionOf(database),
    `SELECT id, status, check_id AS checkId, site_id AS siteId, message, message_args AS messageArgs, query_id AS queryId
     FROM discrepancies WHERE id IN (SELECT CAST(value AS INTEGER) FROM json_each(?))${dialectOf(database).lockRows}`,
  ).all(JSON.stringify(ids)) as (CurrentStatus & { id: number })[];
  return new Map(rows.map((r) => [r.id, r]));
}

/** Who made each discrepancy's last status move, and when (for a refusal that names them). */
export function lastStatusMoves(
  database: StudyDatabase,
  ids: readonly number[],
): Map<number, { user: string; at: string }> {
  const rows = connectionOf(database)
    .prepare(
      `SELECT CAST(a.entity_id AS INTEGER) AS id, a.user_name AS mover, a.at AS "movedAt" FROM audit_events a
       WHERE a.id IN (SELECT max(e.id) FROM audit_events e WHERE e.entity = 'discrepancy' AND e.field = 'status'
         AND e.entity_id IN (SELECT value FROM json_each(?)) GROUP BY e.entity_id)`,
    )
    .all(JSON.stringify(ids.map(String))) as { id: number; mover: string; movedAt: string }[];
  return new Map(rows.map((r) => [r.id, { user: r.mover, at: r.movedAt }]));
}

/** Moves one discrepancy (the workflow decided the move is allowed) and audits it. */
export function moveStatus(database: StudyDatabase, move: StatusChange, from: DiscrepancyStatus): void {
  prepared(
    connectionOf(database),
    `UPDATE discrepancies SET status = ?, status_changed_at = ?,
       silenced_fingerprint = CASE ? WHEN 'decide' THEN fingerprint WHEN 'forget' THEN NULL ELSE silenced_fingerprint END
     WHERE id = ?`,
  ).run(move.to, move.at, move.decision, move.id);
  appendAuditEvent(database, {
    at: move.at,
    user: move.user,
    action: 'STATUS',
    entity: 'discrepancy',
    entityId: String(move.id),
    field: 'status',
    oldValue: from,
    newValue: move.to,
    reason: move.reason,
  });
}

/** A discrepancy that did not exist before (a manual query raised), in the audit trail. */
export function auditNewDiscrepancy(
  database: StudyDatabase,
  event: { id: number; reason: string; user: string; at: string },
): void {
  appendAuditEvent(database, {
    at: event.at,
    user: event.user,
    action: 'STATUS',
    entity: 'discrepancy',
    entityId: String(event.id),
    field: 'status',
    oldValue: null,
    newValue: 'OPEN',
    reason: event.reason,
  });
}

/** Query IDs are Q-000001, Q-000002, ... in the order queries are made. */
function nextQueryId(database: StudyDatabase): string {
  serializeWrites(database, QUERY_IDS);
  const row = prepared(
    connectionOf(database),
    "SELECT max(CAST(substr(id, 3) AS INTEGER)) AS n FROM queries WHERE id LIKE 'Q-%'",
  ).get() as { n: number | null };
  return `Q-${String((row.n ?? 0) + 1).padStart(6, '0')}`;
}

/** A new query (first, or a re-query) on a discrepancy; it becomes the discrepancy's current query. */
export function createQuery(
  database: StudyDatabase,
  discrepancyId: number,
  message: string,
  user: string,
  at: string,
): string {
  const c = connectionOf(database);
  const round =
    (
      prepared(c, 'SELECT count(*) AS n FROM queries WHERE discrepancy_id = ?').get(discrepancyId) as {
        n: number;
      }
    ).n + 1;
  const id = nextQueryId(database);
  prepared(
    c,
    'INSERT INTO queries (id, discrepancy_id, round, message, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(id, discrepancyId, round, message, at, user);
  prepared(c, 'UPDATE discrepancies SET query_id = ? WHERE id = ?').run(id, discrepancyId);
  appendAuditEvent(database, {
    at,
    user,
    action: round === 1 ? 'QUERY' : 'REQUERY',
    entity: 'discrepancy',
    entityId: String(discrepancyId),
    field: 'query',
    newValue: `${id}: ${message}`,
  });
  return id;
}
