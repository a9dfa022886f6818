import type { Language } from '../../../shared/messages/language';
import { appendAuditEvent } from './audit-repo';
import { connectionOf } from './connection';
import type { StudyDatabase } from './study-database';

export interface SiteSetting {
  siteId: string;
  language: Language;
  changedAt: string;
  changedBy: string;
}

/** The languages data managers set for sites (a site without one speaks the study's siteLanguage). */
export function siteSettings(database: StudyDatabase): Map<string, SiteSetting> {
  const rows = connectionOf(database)
    .prepare(
      'SELECT site_id AS siteId, language, changed_at AS changedAt, changed_by AS changedBy FROM site_settings',
    )
    .all() as SiteSetting[];
  return new Map(rows.map((r) => [r.siteId, r]));
}

/** The language of a site's query lists: set for the site, else the study definition's siteLanguage. */
export function siteLanguage(database: StudyDatabase, siteId: string): Language {
  const row = connectionOf(database)
    .prepare('SELECT language FROM site_settings WHERE site_id = ?')
    .get(siteId) as { language: Language } | undefined;
  return row?.language ?? database.model.definition.siteLanguage;
}

/** Sets a site's language and records the change in the audit trail; the caller holds the transaction. */
export function writeSiteLanguage(
  database: StudyDatabase,
  change: { siteId: string; from: Language; to: Language; user: string; at: string },
): void {
  connectionOf(database)
    .prepare(
      `INSERT INTO site_settings (site_id, language, changed_at, changed_by) VALUES (?, ?, ?, ?)
       ON CONFLICT (site_id) DO UPDATE SET language = excluded.language, changed_at = excluded.changed_at, changed_by = excluded.changed_by`,
    )
    .run(change.siteId, change.to, change.at, change.user);
  appendAuditEvent(database, {
    at: change.at,
    user: change.user,
    action: 'SETTING',
    entity: 'site',
    entityId: change.siteId,
    field: 'language',
    oldValue: change.from,
    newValue: change.to,
    reason: 'language of the query lists',
  });
}
