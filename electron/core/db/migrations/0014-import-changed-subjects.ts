import type { Connection } from '../open-database';

/**
 * The subjects each import changed (issue 15): a JSON array of the subject IDs of every record the
 * import made new, changed, restored or deleted, or read again with other raw text or other value
 * problems (what checks may see). A check run after a complete one checks again only those
 * subjects (and every subject of a site whose cut-off the import moved). Imports made before this
 * step have NULL: every subject of their site counts as changed. Idempotent (tests take databases
 * back to an earlier version and run the later steps again).
 */
export function migration0014(db: Connection): void {
  const columns = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('imports') as string[];
  if (!columns.includes('changed_subjects')) db.exec('ALTER TABLE imports ADD COLUMN changed_subjects TEXT');
}
