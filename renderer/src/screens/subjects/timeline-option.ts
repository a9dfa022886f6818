import type { SubjectProfile } from '../../../../shared/api/subjects';
import type { EChartsOption } from '../../components/echarts';
import { REVIEW_COLORS, shownValue } from '../../lib/review';
import { STATUS_COLORS } from '../../lib/status-colors';

type T = (key: string, options?: Record<string, unknown>) => string;

const DAY = 86_400_000;

/** A study date as a time value; partial dates sit on their first day; unreadable ones are left out. */
export function toTime(date: string | null | undefined): number | null {
  if (!date) return null;
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(date);
  if (!m) return null;
  const time = Date.UTC(Number(m[1]), m[2] ? Number(m[2]) - 1 : 0, m[3] ? Number(m[3]) : 1);
  return Number.isNaN(time) ? null : time;
}

/** What a click on the timeline points at. */
export type TimelineTarget =
  { kind: 'discrepancy'; id: number } | { kind: 'record'; form: string; recordId: number };

const LANES = ['dosing', 'anc', 'plat', 'spep', 'response', 'ae', 'review', 'discrepancies'] as const;
type Lane = (typeof LANES)[number];
const HEIGHT: Record<Lane, number> = {
  dosing: 64,
  anc: 60,
  plat: 60,
  spep: 60,
  response: 30,
  ae: 84,
  review: 30,
  discrepancies: 30,
};
const GAP = 16;
const TOP = 12;
// Room left of the lanes for their names and value labels: the grids do not shrink to fit them.
const LEFT = 150;

const RESPONSE_COLORS: Record<string, string> = {
  SCR: '#2b8a3e',
  CR: '#2b8a3e',
  VGPR: '#37b24d',
  PR: '#74b816',
  MR: '#f59f00',
  SD: '#868e96',
  PD: '#e03131',
  NE: '#adb5bd',
};
const GRADE_COLORS = ['#ffe066', '#ffa94d', '#ff6b6b', '#c92a2a', '#212529'];

export function timelineHeight(): number {
  return TOP + LANES.reduce((h, l) => h + HEIGHT[l] + GAP, 0) + 56;
}

/**
 * One subject's course on a shared time axis: pomalidomide dose levels as bars, ANC, platelets and
 * serum M-protein as curves (with the interruption thresholds), responses, AEs by grade, end of
 * treatment and death as lines across every lane, the records changed or new since the reader's
 * review, and the subject's discrepancies where they are.
 */
export function timelineOption(
  p: SubjectProfile,
  t: T,
  formatDate: (iso: string) => string,
  axisLabel: (ms: number) => string = (ms) => new Date(ms).toISOString().slice(0, 10),
): EChartsOption {
  const times: number[] = [];
  const push = (v: number | null) => v !== null && times.push(v);
  p.dosing.forEach((d) => (push(toTime(d.start)), push(toTime(d.end))));
  Object.values(p.labs).forEach((pts) => pts.forEach((x) => push(toTime(x.date))));
  p.responses.forEach((r) => push(toTime(r.date)));
  p.adverseEvents.forEach((a) => (push(toTime(a.start)), push(toTime(a.end))));
  p.discrepancies.forEach((d) => push(toTime(d.date)));
  p.review.records.forEach((r) => push(toTime(r.date)));
  push(toTime(p.endOfTreatment));
  push(toTime(p.death));
  push(toTime(p.subject.enrolled));
  const min = times.length ? Math.min(...times) - 7 * DAY : Date.UTC(2018, 0, 1);
  const max = times.length ? Math.max(...times) + 14 * DAY : Date.UTC(2019, 0, 1);

  let top = TOP;
  // One time axis for every lane: each grid is exactly its rectangle (no shrinking to fit its own
  // labels, ECharts' default), so a date lies at the same x in every lane.
  const grids = LANES.map((lane) => {
    const g = { left: LEFT, right: 28, top, height: HEIGHT[lane], outerBoundsMode: 'none' as const };
    top += HEIGHT[lane] + GAP;
    return g;
  });
  const laneIndex = (lane: Lane) => LANES.indexOf(lane);
  const xAxes = LANES.map((lane, i) => ({
    type: 'time' as const,
    gridIndex: i,
    min,
    max,
    axisLabel: {
      show: i === LANES.length - 1,
      fontSize: 10,
      hideOverlap: true,
      formatter: (v: number) => axisLabel(v),
    },
    axisTick: { show: i === LANES.length - 1 },
    splitLine: { show: true, lineStyle: { color: '#f1f3f5' } },
    axisLine: { lineStyle: { color: '#dee2e6' } },
    axisPointer: { show: true, label: { show: i === LANES.length - 1 } },
  }));
  const laneName = (key: string) => ({
    name: t(key),
    nameLocation: 'middle' as const,
    nameGap: 40,
    nameRotate: 0,
    nameTextStyle: { fontSize: 11, color: '#4a5160', align: 'right' as const, padding: [0, 8, 0, 0] },
  });
  const numAxis = (lane: Lane, key: string, extra: Record<string, unknown> = {}) => ({
    type: 'value' as const,
    gridIndex: laneIndex(lane),
    ...laneName(key),
    splitNumber: 2,
    axisLabel: { fontSize: 10 },
    splitLine: { lineStyle: { color: '#f1f3f5' } },
    ...extra,
  });
  const bandAxis = (lane: Lane, key: string) => ({
    type: 'value' as const,
    gridIndex: laneIndex(lane),
    ...laneName(key),
    min: -1,
    max: 1,
    axisLabel: { show: false },
    splitLine: { show: false },
  });
  const yAxes = [
    numAxis('dosing', 'profile.lane.dose', { min: 0, max: 4, interval: 1 }),
    numAxis('anc', 'profile.lane.anc', { min: 0 }),
    numAxis('plat', 'profile.lane.plat', { min: 0 }),
    numAxis('spep', 'profile.lane.spep', { min: 0 }),
    bandAxis('response', 'profile.lane.response'),
    numAxis('ae', 'profile.lane.ae', {
      min: 0.5,
      max: 5.5,
      interval: 1,
      axisLabel: { fontSize: 10, formatter: (v: number) => (Number.isInteger(v) ? `G${v}` : '') },
    }),
    bandAxis('review', 'profile.lane.review'),
    bandAxis('discrepancies', 'profile.lane.discrepancies'),
  ];

  const eventLines: { xAxis: number; name: string; lineStyle: Record<string, unknown> }[] = [];
  const eot = toTime(p.endOfTreatment);
  const death = toTime(p.death);
  if (eot !== null)
    eventLines.push({ xAxis: eot, name: t('profile.eot'), lineStyle: { color: '#495057', type: 'dashed' } });
  if (death !== null)
    eventLines.push({ xAxis: death, name: t('profile.death'), lineStyle: { color: '#000', width: 2 } });
  const markLine = (showLabel: boolean, extra: Record<string, unknown>[] = []) => ({
    silent: true,
    symbol: 'none',
    label: { show: showLabel, formatter: '{b}', fontSize: 10, position: 'insideEndTop' },
    data: [...eventLines, ...extra],
  });

  const pomalidomide = p.dosing.filter((d) => d.treatment.toUpperCase().startsWith('POMA'));
  const dex = p.dosing.filter((d) => !d.treatment.toUpperCase().startsWith('POMA'));
  const lab = (code: string) =>
    (p.labs[code] ?? []).flatMap((x) =>
      toTime(x.date) === null ? [] : [{ value: [toTime(x.date), x.value], recordId: x.recordId, form: 'LB' }],
    );
  const rect =
    (lane: Lane) =>
    (
      params: unknown,
      api: {
        value: (i: number) => number;
        coord: (v: number[]) => number[];
        style: () => Record<string, unknown>;
      },
    ) => {
      void params;
      const x0 = api.value(0);
      const x1 = api.value(1);
      const y = api.value(2);
      const [left, yTop] = lane === 'dosing' ? api.coord([x0, y]) : api.coord([x0, y + 0.35]);
      const [right, yBottom] = lane === 'dosing' ? api.coord([x1, 0]) : api.coord([x1, y - 0.35]);
      return {
        type: 'rect',
        shape: { x: left, y: yTop, width: Math.max(3, right! - left!), height: yBottom! - yTop! },
        style: api.style(),
      };
    };

  const series = [
    {
      id: 'dosing',
      name: t('profile.pomalidomide'),
      type: 'custom',
      xAxisIndex: 0,
      yAxisIndex: 0,
      renderItem: rect('dosing'),
      encode: { x: [0, 1], y: 2 },
      itemStyle: { color: '#4c6ef5', opacity: 0.85 },
      markLine: markLine(true),
      tooltip: { formatter: (x: { data: { tip: string } }) => x.data.tip },
      data: pomalidomide.flatMap((d) => {
        const s = toTime(d.start);
        const e = toTime(d.end) ?? s;
        if (s === null || e === null) return [];
        return [
          {
            value: [s, e + DAY, d.dose ?? 0],
            recordId: d.recordId,
            form: 'EX',
            tip: t('profile.doseTip', {
              cycle: d.cycle ?? '?',
              dose: d.dose ?? '?',
              start: formatDate(d.start ?? ''),
              end: formatDate(d.end ?? ''),
            }),
          },
        ];
      }),
    },
    {
      id: 'dex',
      name: t('profile.dexamethasone'),
      type: 'scatter',
      xAxisIndex: 0,
      yAxisIndex: 0,
      symbol: 'rect',
      symbolSize: [3, 8],
      itemStyle: { color: '#adb5bd' },
      tooltip: { formatter: (x: { data: { tip: string } }) => x.data.tip },
      data: dex.flatMap((d) => {
        const s = toTime(d.start);
        return s === null
          ? []
          : [
              {
                value: [s, 0.3],
                recordId: d.recordId,
                form: 'EX',
                tip: t('profile.dexTip', { dose: d.dose ?? '?', date: formatDate(d.start ?? '') }),
              },
            ];
      }),
    },
    ...(
      [
        ['anc', 'ANC', '#1c7ed6', 0.5],
        ['plat', 'PLAT', '#ae3ec9', 25],
        ['spep', 'SPEP', '#f08c00', null],
      ] as const
    ).map(([lane, code, color, threshold]) => ({
      id: lane,
      name: code,
      type: 'line',
      xAxisIndex: laneIndex(lane),
      yAxisIndex: laneIndex(lane),
      showSymbol: true,
      symbolSize: 5,
      lineStyle: { width: 1.5 },
      color,
      data: lab(code),
      markLine: markLine(
        false,
        threshold === null
          ? []
          : [
              {
                yAxis: threshold,
                name: String(threshold),
                lineStyle: { color: '#e03131', type: 'dotted' },
              } as never,
            ],
      ),
    })),
    {
      id: 'response',
      name: t('profile.lane.response'),
      type: 'scatter',
      xAxisIndex: laneIndex('response'),
      yAxisIndex: laneIndex('response'),
      symbol: 'roundRect',
      symbolSize: [30, 16],
      label: {
        show: true,
        formatter: (x: { data: { label: string } }) => x.data.label,
        fontSize: 9,
        color: '#fff',
        fontWeight: 'bold',
      },
      markLine: markLine(false),
      data: p.responses.flatMap((r) => {
        const s = toTime(r.date);
        if (s === null) return [];
        const label = r.response ?? '—';
        return [
          {
            value: [s, 0],
            label,
            recordId: r.recordId,
            form: 'RS',
            itemStyle: { color: RESPONSE_COLORS[label.toUpperCase()] ?? '#868e96' },
          },
        ];
      }),
    },
    {
      id: 'ae',
      name: t('profile.lane.ae'),
      type: 'custom',
      xAxisIndex: laneIndex('ae'),
      yAxisIndex: laneIndex('ae'),
      renderItem: rect('ae'),
      encode: { x: [0, 1], y: 2 },
      markLine: markLine(false),
      tooltip: { formatter: (x: { data: { tip: string } }) => x.data.tip },
      data: p.adverseEvents.flatMap((a) => {
        const s = toTime(a.start);
        if (s === null) return [];
        const e = toTime(a.end) ?? max;
        const grade = a.grade ?? 1;
        return [
          {
            value: [s, e + DAY, grade],
            recordId: a.recordId,
            form: 'AE',
            itemStyle: {
              color: GRADE_COLORS[Math.min(4, Math.max(0, grade - 1))],
              borderColor: a.serious === 'Y' ? '#000' : undefined,
              borderWidth: a.serious === 'Y' ? 1.5 : 0,
            },
            tip: t('profile.aeTip', {
              term: a.decod ?? a.term ?? '?',
              grade: a.grade ?? '?',
              start: formatDate(a.start ?? ''),
              end: a.end ? formatDate(a.end) : t('profile.ongoing'),
              serious: a.serious === 'Y' ? t('profile.serious') : '',
            }),
          },
        ];
      }),
    },
    {
      id: 'review',
      name: t('profile.lane.review'),
      type: 'scatter',
      xAxisIndex: laneIndex('review'),
      yAxisIndex: laneIndex('review'),
      symbol: 'diamond',
      symbolSize: 13,
      markLine: markLine(false),
      tooltip: { formatter: (x: { data: { tip: string } }) => x.data.tip },
      data: p.review.records.flatMap((r) => {
        const s = toTime(r.date);
        if (s === null) return [];
        const changes = r.changed.map((c) => `${c.field}: ${shownValue(c.old)} → ${shownValue(c.new)}`);
        return [
          {
            value: [s, 0],
            recordId: r.recordId,
            form: r.form,
            itemStyle: { color: REVIEW_COLORS[r.state] },
            tip: [
              t('review.timelineTip', {
                form: r.form,
                key: r.recordKey,
                state: t(`review.short.${r.state}`),
              }),
              ...changes,
            ].join('\n'),
          },
        ];
      }),
    },
    {
      id: 'discrepancies',
      name: t('profile.lane.discrepancies'),
      type: 'scatter',
      xAxisIndex: laneIndex('discrepancies'),
      yAxisIndex: laneIndex('discrepancies'),
      symbol: 'pin',
      symbolSize: 18,
      markLine: markLine(false),
      tooltip: { formatter: (x: { data: { tip: string } }) => x.data.tip },
      data: p.discrepancies.flatMap((d) => {
        const s = toTime(d.date);
        if (s === null) return [];
        return [
          {
            value: [s, 0],
            discrepancyId: d.id,
            itemStyle: { color: STATUS_COLORS[d.status] ?? '#868e96' },
            tip: `${d.checkId} · ${t(`status.${d.status}`, { defaultValue: d.status })}\n${d.message}`,
          },
        ];
      }),
    },
  ];

  return {
    animation: false,
    useUTC: true,
    textStyle: { fontFamily: 'inherit' },
    // Rich text, not HTML: site data (AE terms, messages) never becomes markup.
    tooltip: { trigger: 'item', confine: true, renderMode: 'richText' },
    axisPointer: { link: [{ xAxisIndex: 'all' }] },
    grid: grids,
    xAxis: xAxes,
    yAxis: yAxes,
    dataZoom: [
      { type: 'inside', xAxisIndex: LANES.map((_, i) => i), filterMode: 'none' },
      {
        type: 'slider',
        xAxisIndex: LANES.map((_, i) => i),
        bottom: 6,
        height: 18,
        filterMode: 'none',
        labelFormatter: '',
      },
    ],
    series,
  } as EChartsOption;
}

/** The record or discrepancy a clicked item stands for. */
export function targetOf(data: unknown): TimelineTarget | null {
  if (!data || typeof data !== 'object') return null;
  const d = data as { discrepancyId?: number; recordId?: number; form?: string };
  if (typeof d.discrepancyId === 'number') return { kind: 'discrepancy', id: d.discrepancyId };
  if (typeof d.recordId === 'number' && d.form) return { kind: 'record', form: d.form, recordId: d.recordId };
  return null;
}
