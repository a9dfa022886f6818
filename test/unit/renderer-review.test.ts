import { describe, expect, it } from 'vitest';
import { dataReviewPath, reviewFromParams, shownValue } from '../../renderer/src/lib/review';
import { checkMetricsChart, reviewChart } from '../../renderer/src/screens/dashboard/review-metrics-charts';
import type { Metrics } from '../../shared/api/metrics';

const t = (key: string) => key;
type Bar = { id: string; data: { value: number; key: string; state?: string }[] };

describe('the review in the window', () => {
  it('reads the Review filter from the URL, ignoring what is not a state', () => {
    expect(reviewFromParams(new URLSearchParams('review=changed'))).toBe('changed');
    expect(reviewFromParams(new URLSearchParams('review=stale'))).toBeNull();
    expect(reviewFromParams(new URLSearchParams(''))).toBeNull();
    expect(dataReviewPath('AE', 'new', 'S01')).toBe('/data?form=AE&review=new&site=S01');
    expect(shownValue(null)).toBe('—');
    expect(shownValue(0)).toBe('0');
  });

  it('charts each site as shares of its records that add up to the whole, each segment a link', () => {
    const option = reviewChart(
      [{ siteId: 'S01', records: 8, reviewed: 4, changed: 1, new: 1, unreviewed: 2 }],
      t,
    ) as { series: Bar[] };
    const segments = option.series.map((s) => [s.id, s.data[0]!.value, s.data[0]!.key, s.data[0]!.state]);
    expect(segments).toEqual([
      ['changed', 12.5, 'S01', 'changed'],
      ['new', 12.5, 'S01', 'new'],
      ['unreviewed', 25, 'S01', 'unreviewed'],
      ['reviewed', 50, 'S01', 'reviewed'],
    ]);
  });

  it('charts the checks that found something, most hits first, by what their discrepancies became', () => {
    const check = (checkId: string, hits: number, resolvedByData: number, accepted: number) => ({
      checkId,
      category: 'X',
      hits,
      queried: hits,
      resolvedByData,
      accepted,
      closedOnAnswer: 0,
      open: hits - resolvedByData - accepted,
      yield: null,
      acceptRate: null,
    });
    const metrics: Metrics = {
      today: '2024-01-01T00:00:00.000Z',
      sites: [],
      checks: [check('A-01', 2, 1, 1), check('B-01', 0, 0, 0), check('C-01', 4, 0, 3)],
    };
    const option = checkMetricsChart(metrics, t) as { series: Bar[]; yAxis: { data: string[] } };
    expect(option.yAxis.data).toEqual(['C-01 (4)', 'A-01 (2)']);
    const accepted = option.series.find((s) => s.id === 'accepted')!;
    expect(accepted.data.map((d) => [d.key, d.value])).toEqual([
      ['C-01', 75],
      ['A-01', 50],
    ]);
  });
});
