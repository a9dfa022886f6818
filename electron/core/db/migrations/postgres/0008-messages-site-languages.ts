import { pgLockTriggerSql } from '../../postgres/pg-lock-triggers';

/** PostgreSQL's spelling of migration 8 (../0008-messages-site-languages.ts). */
export const pgMigration0008 = /* sql */ `
ALTER TABLE discrepancies ADD COLUMN message_args text;

CREATE TABLE site_settings (
  site_id text PRIMARY KEY,
  language text NOT NULL CHECK (language IN ('en', 'ko')),
  changed_at text NOT NULL,
  changed_by text NOT NULL
);
${pgLockTriggerSql('site_settings')}
`;
