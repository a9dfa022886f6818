import type { SubjectProfile } from '../../../../shared/api/subjects';
import type { EChartsOption } from '../../components/echarts';
import { DAY, LANES, laneAxes, toTime, type T } from './timeline-layout';
import { laneSeries } from './timeline-series';

export { timelineHeight, toTime } from './timeline-layout';

/** What a click on the timeline points at. */
export type TimelineTarget =
  { kind: 'discrepancy'; id: number } | { kind: 'record'; form: string; recordId: number };

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

  const { grid, xAxis, yAxis } = laneAxes(min, max, t, axisLabel);

  return {
    animation: false,
    useUTC: true,
    textStyle: { fontFamily: 'inherit' },
    // Rich text, not HTML: site data (AE terms, messages) never becomes markup.
    tooltip: { trigger: 'item', confine: true, renderMode: 'richText' },
    axisPointer: { link: [{ xAxisIndex: 'all' }] },
    grid,
    xAxis,
    yAxis,
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
    series: laneSeries(p, t, formatDate, max),
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
