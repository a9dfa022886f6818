import type { Dashboard } from '../../../../shared/api/dashboard';
import type { EChartsOption } from '../../components/echarts';
import { STATUS_COLORS, STATUS_ORDER } from '../../lib/status-colors';

export type T = (key: string, options?: Record<string, unknown>) => string;

export const base = {
  animation: false,
  useUTC: true,
  aria: { enabled: true, decal: { show: true } },
  textStyle: { fontFamily: 'inherit', fontSize: 11 },
  // Rich text, not HTML: labels from site data never become markup.
  tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, renderMode: 'richText' },
} as const;

export const catAxis = (data: string[]) =>
  ({ type: 'category', data, axisTick: { show: false }, axisLabel: { fontSize: 11 } }) as const;
export const valueAxis = {
  type: 'value',
  minInterval: 1,
  splitLine: { lineStyle: { color: '#eef0f3' } },
} as const;

/** Discrepancies by status: one bar each, in workflow order, labelled with the count. */
export function statusChart(d: Dashboard, t: T): EChartsOption {
  const counts = new Map(d.byStatus.map((s) => [s.key, s.count]));
  const keys = [
    ...STATUS_ORDER.filter((s) => counts.has(s)),
    ...d.byStatus.map((s) => s.key).filter((k) => !(STATUS_ORDER as readonly string[]).includes(k)),
  ];
  return {
    ...base,
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    yAxis: { ...catAxis(keys.map((k) => t(`status.${k}`, { defaultValue: k }))), inverse: true },
    xAxis: valueAxis,
    series: [
      {
        id: 'status',
        type: 'bar',
        barMaxWidth: 18,
        label: { show: true, position: 'right' },
        data: keys.map((k) => ({
          value: counts.get(k) ?? 0,
          key: k,
          itemStyle: { color: STATUS_COLORS[k] ?? '#868e96' },
        })),
      },
    ],
  };
}

/** Height for the by-check chart: a row for every check. */
export function checkChartHeight(d: Dashboard): number {
  return Math.max(240, d.byCheck.length * 22 + 48);
}

/** By check: still-open and settled stacked, every check that found something, the most open first, each labelled. */
export function checkChart(d: Dashboard, t: T): EChartsOption {
  const rows = [...d.byCheck].sort(
    (a, b) => b.open - a.open || b.count - a.count || a.key.localeCompare(b.key),
  );
  return {
    ...base,
    legend: { top: 0, right: 0, itemWidth: 10, itemHeight: 10 },
    grid: { left: 8, right: 24, top: 24, bottom: 8, containLabel: true },
    yAxis: {
      ...catAxis(rows.map((r) => r.key)),
      inverse: true,
      axisLabel: { fontSize: 11, interval: 0 },
    },
    xAxis: valueAxis,
    series: [
      {
        id: 'open',
        name: t('dashboard.open'),
        type: 'bar',
        stack: 'n',
        barMaxWidth: 14,
        color: STATUS_COLORS.OPEN,
        data: rows.map((r) => ({ value: r.open, key: r.key })),
      },
      {
        id: 'settled',
        name: t('dashboard.settled'),
        type: 'bar',
        stack: 'n',
        barMaxWidth: 14,
        color: '#ced4da',
        data: rows.map((r) => ({ value: r.count - r.open, key: r.key })),
      },
    ],
  };
}

/** By site: open and settled. */
export function siteChart(d: Dashboard, t: T): EChartsOption {
  const rows = [...d.bySite].sort((a, b) => a.key.localeCompare(b.key));
  return {
    ...base,
    legend: { top: 0, right: 0, itemWidth: 10, itemHeight: 10 },
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    xAxis: catAxis(rows.map((r) => r.key)),
    yAxis: valueAxis,
    series: [
      {
        id: 'open',
        name: t('dashboard.open'),
        type: 'bar',
        stack: 'n',
        barMaxWidth: 28,
        color: STATUS_COLORS.OPEN,
        data: rows.map((r) => ({ value: r.open, key: r.key })),
      },
      {
        id: 'settled',
        name: t('dashboard.settled'),
        type: 'bar',
        stack: 'n',
        barMaxWidth: 28,
        color: '#ced4da',
        data: rows.map((r) => ({ value: r.count - r.open, key: r.key })),
      },
    ],
  };
}

/** Open queries by days since sent. */
export function agingChart(d: Dashboard, t: T): EChartsOption {
  return {
    ...base,
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: { ...catAxis(d.queryAging.map((a) => t('dashboard.days', { range: a.key }))), name: '' },
    yAxis: valueAxis,
    series: [
      {
        id: 'aging',
        type: 'bar',
        barMaxWidth: 36,
        label: { show: true, position: 'top' },
        data: d.queryAging.map((a, i) => ({
          value: a.count,
          key: a.key,
          itemStyle: {
            color: ['#74c0fc', '#4dabf7', '#339af0', '#1c7ed6', '#1864ab', '#0b3d75'][Math.min(i, 5)],
          },
        })),
      },
    ],
  };
}

/** Imports per site on a time axis: one mark per export date, so a site that stopped sending shows. */
export function importsChart(d: Dashboard, t: T, axisLabel?: (ms: number) => string): EChartsOption {
  const sites = [...new Set(d.imports.map((i) => i.siteId))].sort();
  return {
    ...base,
    tooltip: { trigger: 'item', renderMode: 'richText' },
    grid: { left: 8, right: 24, top: 12, bottom: 8, containLabel: true },
    xAxis: {
      type: 'time',
      splitLine: { show: true, lineStyle: { color: '#f1f3f5' } },
      ...(axisLabel ? { axisLabel: { hideOverlap: true, formatter: (v: number) => axisLabel(v) } } : {}),
    },
    yAxis: { ...catAxis(sites), inverse: true },
    series: [
      {
        id: 'imports',
        type: 'scatter',
        symbol: 'diamond',
        symbolSize: 11,
        color: '#3b5bdb',
        tooltip: {
          formatter: (p: unknown) =>
            t('dashboard.importTip', (p as { data: { tip: Record<string, unknown> } }).data.tip),
        },
        data: d.imports.map((i) => ({
          value: [i.exportDate, i.siteId],
          key: i.siteId,
          tip: { site: i.siteId, date: i.exportDate, id: i.importId },
        })),
      },
    ],
  };
}
