import { connectionOf, engineOf } from './connection';
import type { StudyDatabase } from './study-database';

/** A signature as it is kept: bound to the audit event it signs. */
export interface SignatureRow {
  by: string;
  at: string;
  meaning: string;
  method: 'password' | 'stated';
}

export function insertSignature(database: StudyDatabase, eventId: number, signature: SignatureRow): void {
  connectionOf(database)
    .prepare(
      'INSERT INTO signatures (event_id, signed_by, signed_at, meaning, method) VALUES (?, ?, ?, ?, ?)',
    )
    .run(eventId, signature.by, signature.at, signature.meaning, signature.method);
}

/** The audit events of a move of these discrepancies made after event `afterId` by `user` (a bulk move's events). */
export function statusEventsAfter(
  database: StudyDatabase,
  afterId: number,
  user: string,
  ids: number[],
): number[] {
  return connectionOf(database)
    .prepare(
      `SELECT id FROM audit_events WHERE id > ? AND user_name = ? AND entity = 'discrepancy' AND action = 'STATUS'
         AND entity_id IN (SELECT value FROM json_each(?)) ORDER BY id`,
    )
    .pluck()
    .all(afterId, user, JSON.stringify(ids.map(String))) as number[];
}

export function lastAuditEventId(database: StudyDatabase): number {
  return (
    connectionOf(database).prepare('SELECT coalesce(max(id), 0) AS id FROM audit_events').get() as {
      id: number;
    }
  ).id;
}

/** Entries of the audit trail with their signatures (events are `E<id>`; record changes are never signed). */
export function withSignatures<T extends { id: string }>(
  database: StudyDatabase,
  entries: T[],
): (T & { signedBy: string | null; signedAt: string | null; signatureMeaning: string | null })[] {
  const eventIds = entries.filter((e) => e.id.startsWith('E')).map((e) => Number(e.id.slice(1)));
  const signed = new Map<number, { by: string; at: string; meaning: string }>();
  if (eventIds.length > 0)
    for (const row of connectionOf(database)
      .prepare(
        `SELECT event_id AS eventId, signed_by AS by, signed_at AS at, meaning FROM signatures
         WHERE event_id IN (SELECT CAST(value AS INTEGER) FROM json_each(?))`,
      )
      .all(JSON.stringify(eventIds)) as { eventId: number; by: string; at: string; meaning: string }[])
      signed.set(row.eventId, row);
  return entries.map((entry) => {
    const s = entry.id.startsWith('E') ? signed.get(Number(entry.id.slice(1))) : undefined;
    return {
      ...entry,
      signedBy: s?.by ?? null,
      signedAt: s?.at ?? null,
      signatureMeaning: s?.meaning ?? null,
    };
  });
}

/** The signature of the newest event of an action on a cut (LOCK, UNLOCK), if signed. */
export function cutSignature(
  database: StudyDatabase,
  cutName: string,
  action: 'LOCK' | 'UNLOCK',
): { by: string; at: string; meaning: string } | null {
  return (
    (connectionOf(database)
      .prepare(
        `SELECT s.signed_by AS by, s.signed_at AS at, s.meaning FROM audit_events e JOIN signatures s ON s.event_id = e.id
         WHERE e.entity = 'cut' AND e.entity_id = ? AND e.action = ? ORDER BY e.id DESC LIMIT 1`,
      )
      .get(cutName, action) as { by: string; at: string; meaning: string } | undefined) ?? null
  );
}

/**
 * Whether `password` is the session user's password on the server (team mode): a connection is
 * opened as that person with it. Undefined on a study file, which has no accounts.
 */
export function checkSessionPassword(database: StudyDatabase, password: string): boolean | undefined {
  return engineOf(database).checkPassword?.(password);
}
