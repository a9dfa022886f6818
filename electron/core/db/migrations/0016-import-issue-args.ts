import type { Connection } from '../open-database';

/**
 * The key and named values of each import issue's message (JSON text), so that every door shows a
 * past import's warnings in the user's language, as it does the checks' messages. Issues stored
 * before this step have NULL and keep their English text. Idempotent (tests take databases back to
 * an earlier version and run the later steps again).
 */
export function migration0016(db: Connection): void {
  const columns = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('import_issues') as string[];
  if (!columns.includes('message_args')) db.exec('ALTER TABLE import_issues ADD COLUMN message_args TEXT');
}
