import type { Metrics } from '../../../../shared/api/metrics';
import type { ReviewCounts, ReviewState } from '../../../../shared/api/review';
import type { EChartsOption } from '../../components/echarts';
import { REVIEW_COLORS, REVIEW_ORDER } from '../../lib/review';
import { STATUS_COLORS } from '../../lib/status-colors';
import { base, catAxis, valueAxis, type T } from './dashboard-charts';

const percentAxis = {
  type: 'value',
  min: 0,
  max: 100,
  axisLabel: { formatter: '{value}%' },
  splitLine: { lineStyle: { color: '#eef0f3' } },
} as const;

const share = (n: number, total: number) => (total === 0 ? 0 : Math.round((n / total) * 1000) / 10);

/**
 * The reader's review of each site: one full-width bar a site, split into changed, new, never
 * reviewed and reviewed records (shares; the counts in the tooltip). A segment is a link.
 */
export function reviewChart(rows: (ReviewCounts & { siteId: string })[], t: T): EChartsOption {
  return {
    ...base,
    tooltip: { trigger: 'item', renderMode: 'richText' },
    legend: { top: 0, right: 0, itemWidth: 10, itemHeight: 10 },
    grid: { left: 8, right: 16, top: 26, bottom: 8, containLabel: true },
    yAxis: { ...catAxis(rows.map((r) => r.siteId)), inverse: true },
    xAxis: percentAxis,
    series: REVIEW_ORDER.map((state: ReviewState) => ({
      id: state,
      name: t(`review.short.${state}`),
      type: 'bar',
      stack: 'review',
      barMaxWidth: 16,
      color: REVIEW_COLORS[state],
      tooltip: {
        formatter: (p: unknown) => (p as { data: { tip: string } }).data.tip,
      },
      data: rows.map((r) => ({
        value: share(r[state], r.records),
        key: r.siteId,
        state,
        tip: t('metrics.reviewTip', { site: r.siteId, state: t(`review.state.${state}`), n: r[state] }),
      })),
    })),
  };
}

/** Per site: median and 90th percentile of the days from sending a query to its answer. */
export function siteMetricsChart(m: Metrics, t: T): EChartsOption {
  const sites = m.sites.filter((s) => s.queriesAnswered > 0);
  return {
    ...base,
    legend: { top: 0, right: 0, itemWidth: 10, itemHeight: 10 },
    grid: { left: 8, right: 16, top: 26, bottom: 8, containLabel: true },
    xAxis: catAxis(sites.map((s) => s.siteId)),
    yAxis: { ...valueAxis, minInterval: 0 },
    series: [
      {
        id: 'median',
        name: t('metrics.median'),
        type: 'bar',
        barMaxWidth: 18,
        color: '#4dabf7',
        data: sites.map((s) => ({ value: s.medianDaysToAnswer, key: s.siteId })),
      },
      {
        id: 'p90',
        name: t('metrics.p90'),
        type: 'bar',
        barMaxWidth: 18,
        color: '#1864ab',
        data: sites.map((s) => ({ value: s.p90DaysToAnswer, key: s.siteId })),
      },
    ],
  };
}

export const CHECK_OUTCOMES = [
  { key: 'resolvedByData', color: STATUS_COLORS.RESOLVED ?? '#868e96', statuses: ['RESOLVED', 'CLOSED'] },
  { key: 'closedOnAnswer', color: STATUS_COLORS.CLOSED ?? '#2b8a3e', statuses: ['CLOSED'] },
  { key: 'accepted', color: STATUS_COLORS.ACCEPTED ?? '#0c8599', statuses: ['ACCEPTED'] },
  { key: 'open', color: STATUS_COLORS.OPEN ?? '#d9480f', statuses: ['OPEN', 'QUERIED', 'ANSWERED'] },
] as const;
const OUTCOME_LABEL = {
  resolvedByData: 'metrics.resolvedByData',
  closedOnAnswer: 'metrics.closedOnAnswer',
  accepted: 'metrics.accepted',
  open: 'metrics.stillOpen',
} as const;

/**
 * What each check's discrepancies became, as shares of its hits (most hits first): a check whose
 * bar is mostly "accepted" mostly raises noise; one mostly "data corrected" finds real errors.
 */
export function checkMetricsChart(m: Metrics, t: T, limit = 25): EChartsOption {
  const checks = m.checks
    .filter((c) => c.hits > 0)
    .sort((a, b) => b.hits - a.hits)
    .slice(0, limit);
  return {
    ...base,
    tooltip: { trigger: 'item', renderMode: 'richText' },
    legend: { top: 0, right: 0, itemWidth: 10, itemHeight: 10 },
    grid: { left: 8, right: 16, top: 26, bottom: 8, containLabel: true },
    yAxis: { ...catAxis(checks.map((c) => `${c.checkId} (${c.hits})`)), inverse: true },
    xAxis: percentAxis,
    series: CHECK_OUTCOMES.map((o) => ({
      id: o.key,
      name: t(OUTCOME_LABEL[o.key]),
      type: 'bar',
      stack: 'outcome',
      barMaxWidth: 14,
      color: o.color,
      tooltip: { formatter: (p: unknown) => (p as { data: { tip: string } }).data.tip },
      data: checks.map((c) => ({
        value: share(c[o.key], c.hits),
        key: c.checkId,
        tip: `${c.checkId} · ${t(OUTCOME_LABEL[o.key])}: ${c[o.key]} / ${c.hits}`,
      })),
    })),
  };
}
