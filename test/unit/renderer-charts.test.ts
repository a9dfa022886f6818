import { describe, expect, it } from 'vitest';
import type { Dashboard } from '../../shared/api/dashboard';
import type { SubjectProfile } from '../../shared/api/subjects';
import { echarts, type EChartsOption } from '../../renderer/src/components/echarts';
import { checkChart, importsChart } from '../../renderer/src/screens/dashboard/dashboard-charts';
import { timelineOption } from '../../renderer/src/screens/subjects/timeline-option';

/** The charts rendered by ECharts itself (server-side, as SVG), as the window draws them. */
function render(option: EChartsOption, width = 1000, height = 700) {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption(option);
  return chart;
}

const t = (key: string) => key;
const day = (iso: string) =>
  Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));

const profile: SubjectProfile = {
  subject: {
    subjectId: 'S01-001',
    siteId: 'S01',
    age: 66,
    sex: 'F',
    enrolled: '2017-12-28',
    firstDose: '2018-01-04',
    lastDose: '2019-02-11',
    death: '2019-09-16',
    openDiscrepancies: 1,
  },
  dosing: [
    { recordId: 1, treatment: 'POMALIDOMIDE', cycle: 1, start: '2018-01-04', end: '2018-01-24', dose: 4 },
  ],
  labs: {
    ANC: [{ recordId: 2, date: '2018-01-10', value: 1.2 }],
    PLAT: [{ recordId: 3, date: '2018-01-10', value: 120 }],
    SPEP: [{ recordId: 4, date: '2018-01-03', value: 3 }],
  },
  responses: [{ recordId: 5, date: '2018-02-01', response: 'PR' }],
  adverseEvents: [
    {
      recordId: 6,
      term: '오심',
      decod: 'Nausea',
      start: '2018-01-15',
      end: '2018-01-20',
      grade: 2,
      serious: 'N',
    },
  ],
  endOfTreatment: '2019-02-11',
  death: '2019-09-16',
  review: { counts: { records: 0, reviewed: 0, changed: 0, new: 0, unreviewed: 0 }, records: [] },
  discrepancies: [
    {
      id: 1,
      checkId: 'ELIG-01',
      form: 'DM',
      recordId: null,
      field: 'AGE',
      date: '2017-12-28',
      message: 'm',
      status: 'OPEN',
    },
  ],
} as SubjectProfile;

describe('the subject timeline', () => {
  it('draws every lane on one time axis: a date lies at the same x in every lane', () => {
    const option = timelineOption(profile, t, (s) => s) as { xAxis: unknown[]; useUTC?: boolean };
    expect(option.useUTC).toBe(true);
    const chart = render(option as EChartsOption);
    const lanes = option.xAxis.map((_, i) => i);
    expect(lanes.length).toBeGreaterThan(5);
    for (const date of ['2017-12-28', '2018-06-01', '2019-02-11', '2019-09-16']) {
      const xs = lanes.map((i) => chart.convertToPixel({ xAxisIndex: i }, day(date)) as number);
      expect(Math.max(...xs) - Math.min(...xs), `${date}: ${xs.join(', ')}`).toBeLessThan(0.5);
    }
    chart.dispose();
  });
});

describe('the dashboard', () => {
  const dashboard = (checks: number): Dashboard => ({
    byStatus: [],
    byCheck: Array.from({ length: checks }, (_, i) => ({
      key: `CHK-${String(i + 1).padStart(2, '0')}`,
      category: 'DATA',
      open: i % 3,
      count: 3,
    })),
    bySite: [],
    queryAging: [],
    imports: [{ siteId: 'S01', exportDate: '2019-01-11', importId: 1, importedAt: '2026-01-01T00:00:00Z' }],
    totals: { subjects: 1, sites: 1, records: 1, discrepancies: checks * 3, open: checks },
    lastCheckRun: null,
  });

  it('"By check" shows every check that found something, each with its label', () => {
    const d = dashboard(41);
    const chart = render(checkChart(d, t), 600, 41 * 22 + 48);
    const svg = chart.renderToSVGString();
    for (const c of d.byCheck) expect(svg, c.key).toContain(`>${c.key}<`);
    chart.dispose();
  });

  it('counts time in UTC', () => {
    expect((importsChart(dashboard(1), t) as { useUTC?: boolean }).useUTC).toBe(true);
  });
});
