import type { StudyDatabase } from './study-database';
import { connectionOf } from './connection';

/** A hit of a catalog check as collected (check-runs-repo.ts collectHits), before it is completed. */
export interface CollectedHit {
  check_id: string;
  category: string;
  severity: string;
  subject_id: string;
  form: string;
  record_id: number | null;
  record_key: string | null;
  field: string;
  /** Catalog checks give their message as arguments of the check's templates; custom checks as text. */
  message: string | null;
  message_args: string | null;
  related: string | null;
}

const COLUMNS = [
  'check_id',
  'category',
  'severity',
  'subject_id',
  'form',
  'record_id',
  'record_key',
  'field',
  'message',
  'message_args',
  'related',
] as const;

/** The hits collected so far on this connection (temp.check_hits). */
export function collectedHits(database: StudyDatabase): CollectedHit[] {
  return connectionOf(database)
    .prepare(`SELECT ${COLUMNS.join(', ')} FROM temp.check_hits ORDER BY rowid`)
    .all() as CollectedHit[];
}

/** Hits collected on another connection (a helper thread's) join this run's. */
export function addCollectedHits(database: StudyDatabase, hits: readonly CollectedHit[]): void {
  const insert = connectionOf(database).prepare(
    `INSERT INTO temp.check_hits (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`,
  );
  for (const h of hits) insert.run(...COLUMNS.map((c) => h[c]));
}

/** A read transaction: every statement until readEnd sees the database as it was at the first one. */
export function readBegin(database: StudyDatabase): void {
  connectionOf(database).exec('BEGIN');
}

export function readEnd(database: StudyDatabase): void {
  connectionOf(database).exec('COMMIT');
}
