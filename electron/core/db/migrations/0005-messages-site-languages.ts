import { completeMessages } from '../../study/complete-messages';
import { loadStudyDefinition } from '../../study/load-definition';
import { lockTriggersSql } from '../lock-triggers';
import type { Connection } from '../open-database';
import { readStudyDefinitionJson } from '../study-repo';

/**
 * Messages in English and Korean (issue 10).
 *
 * - discrepancies.message_args: what a check found as named values (JSON), rendered in either
 *   language at read time; message keeps the English text. Discrepancies found before keep their
 *   stored English text (message_args NULL) until a check run finds them again.
 * - site_settings: the language of each site's query lists, set by the data manager (a site without
 *   a row speaks the study definition's siteLanguage). Guarded by the lock like the queries.
 * - The stored study definition gains the catalog's message templates, the Korean labels and the
 *   language of query lists, from the definition this version ships (complete-messages.ts).
 */
const schema = /* sql */ `
ALTER TABLE discrepancies ADD COLUMN message_args TEXT;

CREATE TABLE site_settings (
  site_id TEXT PRIMARY KEY,
  language TEXT NOT NULL CHECK (language IN ('en', 'ko')),
  changed_at TEXT NOT NULL,
  changed_by TEXT NOT NULL
) WITHOUT ROWID;
${lockTriggersSql('site_settings')}
`;

export function migration0005(db: Connection): void {
  db.exec(schema);
  const stored = readStudyDefinitionJson(db);
  if (stored === undefined) return;
  const completed = completeMessages(stored, loadStudyDefinition());
  db.prepare('UPDATE study SET definition = ? WHERE id = 1').run(JSON.stringify(completed));
}
