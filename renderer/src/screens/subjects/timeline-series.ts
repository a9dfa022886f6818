import type { SubjectProfile } from '../../../../shared/api/subjects';
import { REVIEW_COLORS, shownValue } from '../../lib/review';
import { STATUS_COLORS } from '../../lib/status-colors';
import { DAY, laneIndex, toTime, type Lane, type T } from './timeline-layout';

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

/**
 * The series of every lane: pomalidomide dose levels as bars (dexamethasone as ticks), ANC,
 * platelets and serum M-protein as curves with the interruption thresholds, responses, AEs by
 * grade, the records changed or new since the reader's review and the subject's discrepancies;
 * end of treatment and death as lines across every lane. `max` is where an ongoing AE ends.
 */
export function laneSeries(p: SubjectProfile, t: T, formatDate: (iso: string) => string, max: number) {
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

  return series;
}
