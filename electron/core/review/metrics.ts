import type { CheckMetrics, Metrics, MetricsRequest, SiteMetrics } from '../../../shared/api/metrics';
import { checkOutcomes, sentQueries, siteTotals } from '../db/metrics-repo';
import type { StudyDatabase } from '../db/study-database';
import { badInput } from '../common/errors';
import type { CheckInfo } from '../../../shared/api/checks';

const DAY_MS = 86_400_000;
const OPEN_DAYS = 30;

/**
 * The p-th percentile (0..1) of sorted values by linear interpolation between the closest ranks
 * (Hyndman and Fan's type 7: Excel's PERCENTILE.INC, R's and NumPy's default); null for none.
 */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * p;
  const below = Math.floor(h);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (h - below) * (sorted[above]! - sorted[below]!);
}

const round = (value: number | null, digits: number) =>
  value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits;
const ratio = (a: number, b: number) => (b === 0 ? null : round(a / b, 4));

/** The moment metrics are measured at: a date means its midnight (UTC), a date-time is taken as is. */
export function metricsToday(today: string | undefined, now: Date): Date {
  if (today === undefined) return now;
  const text = /^\d{4}-\d{2}-\d{2}$/.test(today) ? `${today}T00:00:00.000Z` : today;
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) throw badInput(`today ${today}: not a date (YYYY-MM-DD) or date-time`);
  return at;
}

function siteMetrics(database: StudyDatabase, today: Date): SiteMetrics[] {
  const queries = sentQueries(database);
  return siteTotals(database).map(({ siteId, subjects, discrepancies }) => {
    const mine = queries.filter((q) => q.siteId === siteId);
    const answered = mine.filter((q) => q.answeredAt !== null);
    const days = answered
      .map((q) => (Date.parse(q.answeredAt!) - Date.parse(q.sentAt)) / DAY_MS)
      .sort((a, b) => a - b);
    const openOver30Days = mine.filter(
      (q) => q.awaiting === 1 && today.getTime() - Date.parse(q.sentAt) > OPEN_DAYS * DAY_MS,
    ).length;
    return {
      siteId,
      subjects,
      discrepancies,
      queriesSent: mine.length,
      queriesAnswered: answered.length,
      medianDaysToAnswer: round(percentile(days, 0.5), 2),
      p90DaysToAnswer: round(percentile(days, 0.9), 2),
      openOver30Days,
      requeryRate: ratio(answered.filter((q) => q.requeried === 1).length, answered.length),
      discrepanciesPerSubject: subjects === 0 ? null : round(discrepancies / subjects, 4),
    };
  });
}

/** Every check of the catalog (those that never fired too), then any other that found something (MANUAL). */
function checkMetrics(database: StudyDatabase, catalog: readonly CheckInfo[]): CheckMetrics[] {
  const outcomes = new Map(checkOutcomes(database).map((o) => [o.checkId, o]));
  const ids = [
    ...catalog.map((c) => c.id),
    ...[...outcomes.keys()].filter((id) => !catalog.some((c) => c.id === id)),
  ];
  return ids.map((checkId) => {
    const o = outcomes.get(checkId);
    const category = o?.category ?? catalog.find((c) => c.id === checkId)?.category ?? '';
    const hits = o?.hits ?? 0;
    return {
      checkId,
      category,
      hits,
      queried: o?.queried ?? 0,
      resolvedByData: o?.resolvedByData ?? 0,
      accepted: o?.accepted ?? 0,
      closedOnAnswer: o?.closedOnAnswer ?? 0,
      open: o?.open ?? 0,
      yield: ratio(o?.resolvedByData ?? 0, hits),
      acceptRate: ratio(o?.accepted ?? 0, hits),
    };
  });
}

export function cleaningMetrics(
  database: StudyDatabase,
  catalog: readonly CheckInfo[],
  request: MetricsRequest,
  now: Date,
): Metrics {
  const today = metricsToday(request.today, now);
  return {
    today: today.toISOString(),
    sites: siteMetrics(database, today),
    checks: checkMetrics(database, catalog),
  };
}
