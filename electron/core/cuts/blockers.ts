import type { Blockers } from '../../../shared/api/cuts';
import {
  latestExportPerSite,
  listCuts,
  lockedCut,
  openDiscrepancyCounts,
  unhandledValueErrorsBySite,
} from '../db/cuts-repo';
import type { StudyDatabase } from '../db/study-database';
import { isoToDay } from '../standardise/dates';

/**
 * What stands in the way of a lock (workflow.md): discrepancies not CLOSED, ACCEPTED or RESOLVED;
 * sites whose latest export is older than the cut-off (by default the newest export of any site);
 * and imports with errors: a site's values that could not be read and are not yet handled.
 */
export function computeBlockers(database: StudyDatabase, cutoff?: string): Blockers {
  const latest = latestExportPerSite(database);
  const effectiveCutoff =
    cutoff ??
    latest.reduce<string | null>((max, s) => (max === null || s.exportDate > max ? s.exportDate : max), null);
  const cutoffDay = effectiveCutoff === null ? null : isoToDay(effectiveCutoff);
  const staleSites = latest
    .filter((s) => cutoffDay !== null && s.exportDay < cutoffDay)
    .map((s) => ({ siteId: s.siteId, latestExportDate: s.exportDate }));
  const errors = unhandledValueErrorsBySite(database);
  const importsWithErrors = latest
    .filter((s) => (errors.get(s.siteId) ?? 0) > 0)
    .map((s) => ({
      importId: s.importId,
      siteId: s.siteId,
      exportDate: s.exportDate,
      errors: errors.get(s.siteId)!,
    }));
  const openDiscrepancies = openDiscrepancyCounts(database);
  return {
    canLock: openDiscrepancies.total === 0 && staleSites.length === 0 && importsWithErrors.length === 0,
    cutoff: effectiveCutoff,
    openDiscrepancies,
    staleSites,
    importsWithErrors,
    locked: lockedCut(database) !== undefined,
    cuts: listCuts(database),
  };
}

export function describeBlockers(b: Blockers): string {
  const parts: string[] = [];
  if (b.openDiscrepancies.total)
    parts.push(`${b.openDiscrepancies.total} discrepancies not CLOSED, ACCEPTED or RESOLVED`);
  if (b.staleSites.length)
    parts.push(
      `${b.staleSites.length} sites with an export older than the cut-off ${b.cutoff}: ${b.staleSites.map((s) => s.siteId).join(', ')}`,
    );
  if (b.importsWithErrors.length) {
    parts.push(
      `unreadable values not yet handled at ${b.importsWithErrors.map((i) => `${i.siteId} (${i.errors})`).join(', ')}`,
    );
  }
  return parts.join('; ');
}
