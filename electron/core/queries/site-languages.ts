import type { SetSiteLanguageRequest, Site } from '../../../shared/api/sites';
import type { CallContext } from '../common/call-context';
import { badInput } from '../common/errors';
import { knownSites } from '../db/imports-repo';
import { siteSettings, writeSiteLanguage } from '../db/site-settings-repo';
import { activeLock, inTransaction, lockedError, type StudyDatabase } from '../db/study-database';

/**
 * The language each site reads its query lists in: the study definition's siteLanguage (Korean for
 * this study) unless a data manager set another for the site. The setting lives beside the data, not
 * in the imports, so re-importing a site's exports leaves it as it is; every change is audited.
 */
export function listSites(database: StudyDatabase): Site[] {
  const settings = siteSettings(database);
  const fallback = database.model.definition.siteLanguage;
  return [...knownSites(database)].sort().map((siteId) => {
    const set = settings.get(siteId);
    return {
      siteId,
      language: set?.language ?? fallback,
      languageSet: set !== undefined,
      changedBy: set?.changedBy ?? null,
      changedAt: set?.changedAt ?? null,
    };
  });
}

export function setSiteLanguage(
  database: StudyDatabase,
  request: SetSiteLanguageRequest,
  context: CallContext,
): Site[] {
  const lock = activeLock(database);
  if (lock) throw lockedError(lock);
  const sites = new Map(listSites(database).map((s) => [s.siteId, s]));
  const unknown = request.sites.filter((s) => !sites.has(s));
  if (unknown.length > 0) {
    const all = [...sites.keys()];
    throw badInput(
      `no site ${unknown.join(', ')} in this study (sites: ${all.length ? all.join(', ') : 'none loaded yet'})`,
    );
  }
  const at = context.now().toISOString();
  inTransaction(database, () => {
    for (const siteId of new Set(request.sites)) {
      const current = sites.get(siteId)!;
      if (current.languageSet && current.language === request.language) continue;
      writeSiteLanguage(database, {
        siteId,
        from: current.language,
        to: request.language,
        user: context.user,
        at,
      });
    }
  });
  return listSites(database);
}
