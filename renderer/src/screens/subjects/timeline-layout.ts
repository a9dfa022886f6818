/** The timeline's lanes: one time axis shared by every lane, each lane a grid of its own. */

export type T = (key: string, options?: Record<string, unknown>) => string;

export const DAY = 86_400_000;

/** A study date as a time value; partial dates sit on their first day; unreadable ones are left out. */
export function toTime(date: string | null | undefined): number | null {
  if (!date) return null;
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(date);
  if (!m) return null;
  const time = Date.UTC(Number(m[1]), m[2] ? Number(m[2]) - 1 : 0, m[3] ? Number(m[3]) : 1);
  return Number.isNaN(time) ? null : time;
}

export const LANES = ['dosing', 'anc', 'plat', 'spep', 'response', 'ae', 'review', 'discrepancies'] as const;
export type Lane = (typeof LANES)[number];
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

export const laneIndex = (lane: Lane) => LANES.indexOf(lane);

export function timelineHeight(): number {
  return TOP + LANES.reduce((h, l) => h + HEIGHT[l] + GAP, 0) + 56;
}

/** The grids and axes of every lane, between `min` and `max` (time values). */
export function laneAxes(min: number, max: number, t: T, axisLabel: (ms: number) => string) {
  let top = TOP;
  // One time axis for every lane: each grid is exactly its rectangle (no shrinking to fit its own
  // labels, ECharts' default), so a date lies at the same x in every lane.
  const grid = LANES.map((lane) => {
    const g = { left: LEFT, right: 28, top, height: HEIGHT[lane], outerBoundsMode: 'none' as const };
    top += HEIGHT[lane] + GAP;
    return g;
  });
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
  return { grid, xAxis: xAxes, yAxis: yAxes };
}
