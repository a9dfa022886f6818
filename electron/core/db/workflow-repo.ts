import { prepared } from './statement-cache';
import type { DiscrepancyStatus } from '../../../shared/api/discrepancies';
import { appendAuditEvent } from './audit-repo';
import type { StudyDatabase } from './study-database';

export interface StatusMove {
  id: number;
  to: DiscrepancyStatus;
  reason: string;
  user: string;
  at: string;
  /** Silence the discrepancy on what it looks at now (ACCEPTED, CLOSED). */
  silence?: boolean;
}

export interface CurrentStatus {
  status: DiscrepancyStatus;
  checkId: string;
  siteId: string;
  message: string;
  messageArgs: string | null;
  queryId: string | null;
}

export function currentStatuses(database: StudyDatabase, ids: readonly number[]): Map<number, CurrentStatus> {
  const rows = prepared(
    database.connection,
    `SELECT id, status, check_id AS checkId, site_id AS siteId, message, message_args AS messageArgs, query_id AS queryId
     FROM discrepancies WHERE id IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(ids)) as (CurrentStatus & { id: number })[];
  return new Map(rows.map((r) => [r.id, r]));
}

export function moveStatus(database: StudyDatabase, move: StatusMove, from: DiscrepancyStatus): void {
  prepared(
    database.connection,

    `UPDATE discrepancies SET status = ?, status_changed_at = ?,
         silenced_fingerprint = CASE WHEN ? THEN fingerprint ELSE silenced_fingerprint END WHERE id = ?`,
  ).run(move.to, move.at, move.silence ? 1 : 0, move.id);
  appendAuditEvent(database.connection, {
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

/** Query IDs are Q-000001, Q-000002, ... in the order queries are made. */
function nextQueryId(database: StudyDatabase): string {
  const row = prepared(
    database.connection,
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
  const c = database.connection;
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
  appendAuditEvent(c, {
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
