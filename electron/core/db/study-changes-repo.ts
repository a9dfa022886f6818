import { engineOf } from './connection';
import type { StudyDatabase } from './study-database';

/**
 * Changes other people make to a team study, as they commit (LISTEN/NOTIFY on PostgreSQL): `onChange`
 * gets who made them. A study file has one person at a time: nothing to watch (a no-op).
 * Answers the function that stops watching.
 */
export function watchStudyChanges(database: StudyDatabase, onChange: (by: string) => void): () => void {
  return engineOf(database).watchChanges?.(onChange) ?? (() => undefined);
}
