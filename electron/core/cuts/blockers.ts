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
import { overdueVerbatims } from '../coding/coding-status';

/**
 * What stands in the way of a lock (workflow.md): discrepancies not CLOSED, ACCEPTED or RESOLVED;
 * sites whose latest export is older than the cut-off (by default the newest export of any site);
 * imports with errors: a site's values that could not be read and are not yet handled; and
 * verbatims waiting for coding longer than the study allows (30 days unless its definition says).
 */
export function computeBlockers(database: StudyDatabase, cutoff: string | undefined, now: Date): Blockers {
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
  const overdue = overdueVerbatims(database, now);
  const tally = (key: (o: (typeof overdue)[number]) => string) =>
    [
      ...overdue.reduce((m, o) => m.set(key(o), (m.get(key(o)) ?? 0) + o.count), new Map<string, number>()),
    ].map(([k, count]) => ({ key: k, count }));
  const uncodedVerbatims = {
    days: database.model.definition.codingRules.uncodedBlockerDays,
    total: overdue.reduce((n, o) => n + o.count, 0),
    byForm: tally((o) => o.form),
    bySite: tally((o) => o.siteId).sort((a, b) => a.key.localeCompare(b.key)),
  };
  return {
    canLock:
      openDiscrepancies.total === 0 &&
      staleSites.length === 0 &&
      importsWithErrors.length === 0 &&
      uncodedVerbatims.total === 0,
    cutoff: effectiveCutoff,
    openDiscrepancies,
    staleSites,
    importsWithErrors,
    uncodedVerbatims,
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
  if (b.uncodedVerbatims.total)
    parts.push(
      `${b.uncodedVerbatims.total} verbatims waiting for coding longer than ${b.uncodedVerbatims.days} days (${b.uncodedVerbatims.byForm.map((f) => `${f.key} ${f.count}`).join(', ')})`,
    );
  return parts.join('; ');
}
