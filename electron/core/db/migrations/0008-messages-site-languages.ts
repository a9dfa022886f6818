import { lockTriggersSql } from '../lock-triggers';

/**
 * Messages in English and Korean (issue 10).
 *
 * - discrepancies.message_args: what a check found as named values (JSON), rendered in either
 *   language at read time; message keeps the English text. Discrepancies found before keep their
 *   stored English text (message_args NULL) until a check run finds them again.
 * - site_settings: the language of each site's query lists, set by the data manager (a site without
 *   a row speaks the study definition's siteLanguage). Guarded by the lock like the queries.
 *
 * The templates themselves are in the study definition; a stored definition that lacks them takes
 * the shipped ones when the study is opened (complete-messages.ts), not here: a migration depends on
 * nothing that can change after it.
 */
export const migration0008 = /* sql */ `
ALTER TABLE discrepancies ADD COLUMN message_args TEXT;

CREATE TABLE site_settings (
  site_id TEXT PRIMARY KEY,
  language TEXT NOT NULL CHECK (language IN ('en', 'ko')),
  changed_at TEXT NOT NULL,
  changed_by TEXT NOT NULL
) WITHOUT ROWID;
${lockTriggersSql('site_settings')}
`;
