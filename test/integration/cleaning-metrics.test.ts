import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StudyApi } from '../../electron/core/api/study-api';
import { percentile } from '../../electron/core/review/metrics';
import { exRow } from '../helpers/ae-data-fixtures';
import { answerQueryList } from '../helpers/query-list-files';
import { runCli } from '../helpers/run-cli';
import { dmRow, loadRows, newStudy, testContext } from '../helpers/study-builder';

/**
 * The cleaning metrics against a scripted history: DOSE-01 finds a wrong dose for five subjects of
 * S01 and one of S02 (4 mg is the starting dose); queries are sent, answered, re-queried,
 * accepted, closed, and data corrected, each on a known day at 10:00 UTC.
 */
const on = (date: string) => testContext('dm.kim', `${date}T10:00:00.000Z`);
const ex = (subject: string, dose: string) => exRow(subject, { EXDOSE: dose });
const S01 = ['S01-001', 'S01-002', 'S01-003', 'S01-004', 'S01-005'];

function loadS01(api: StudyApi, exportDate: string, doses: string[], date: string) {
  loadRows(
    api,
    {
      site: 'S01',
      exportDate,
      forms: { DM: S01.map((s) => dmRow(s, 'S01')), EX: S01.map((s, i) => ex(s, doses[i]!)) },
    },
    on(date),
  );
}

async function dose01(api: StudyApi, subject: string) {
  const { rows } = await api.call(
    'discrepancies.list',
    { checkId: ['DOSE-01'], subject: [subject] },
    on('2024-01-01'),
  );
  return rows[0]!;
}

async function queryOf(api: StudyApi, id: number) {
  return (await api.call('discrepancies.get', { id }, on('2024-01-01'))).discrepancy.queryId!;
}

async function scriptedHistory() {
  const { api, dir } = newStudy();
  const lists = (name: string) => {
    const folder = path.join(dir, name);
    fs.mkdirSync(folder);
    return folder;
  };
  loadS01(api, '2023-12-31', ['5', '5', '5', '5', '5'], '2024-01-01');
  loadRows(
    api,
    {
      site: 'S02',
      exportDate: '2023-12-31',
      forms: { DM: [dmRow('S02-001', 'S02')], EX: [ex('S02-001', '7')] },
    },
    on('2024-01-01'),
  );
  await api.call('checks.run', { checkIds: ['DOSE-01'] }, on('2024-01-01'));
  const d = Object.fromEntries(
    await Promise.all([...S01, 'S02-001'].map(async (s) => [s, await dose01(api, s)] as const)),
  );

  // 2 January: the first lists go out (six queries).
  const first = await api.call('queries.export', { outDir: lists('l1') }, on('2024-01-02'));
  const s01List = first.files.find((f) => f.siteId === 'S01')!.path;
  const s02List = first.files.find((f) => f.siteId === 'S02')!.path;
  const q: Record<string, string> = {};
  for (const [subject, discrepancy] of Object.entries(d)) q[subject] = await queryOf(api, discrepancy.id);

  // S02 answers after 3 days; its corrected export comes on 10 January.
  const s02Answered = await answerQueryList(
    s02List,
    { [q['S02-001']!]: '7 mg 오기, 4 mg으로 수정' },
    {
      out: path.join(dir, 'a-s02.xlsx'),
    },
  );
  await api.call('queries.import', { files: [s02Answered] }, on('2024-01-05'));
  loadRows(
    api,
    {
      site: 'S02',
      exportDate: '2024-01-09',
      forms: { DM: [dmRow('S02-001', 'S02')], EX: [ex('S02-001', '4')] },
    },
    on('2024-01-10'),
  );
  await api.call('checks.run', { checkIds: ['DOSE-01'] }, on('2024-01-10'));

  // S01 answers one query after 7 days, another after 10, a third after 20 (the list sent back three times).
  const answers: Record<string, string> = {};
  for (const [subject, date] of [
    ['S01-001', '2024-01-09'],
    ['S01-002', '2024-01-12'],
    ['S01-003', '2024-01-22'],
  ] as const) {
    answers[q[subject]!] = `${subject}: 5 mg이 맞습니다`;
    const file = await answerQueryList(s01List, answers, { out: path.join(dir, `a-s01-${date}.xlsx`) });
    await api.call('queries.import', { files: [file] }, on(date));
  }
  // 23 January: S01-001 closed on its answer, S01-002 re-queried, S01-004 accepted without an answer.
  await api.call(
    'discrepancies.setStatus',
    { ids: [d['S01-001']!.id], status: 'CLOSED', reason: 'answer accepted' },
    on('2024-01-23'),
  );
  await api.call(
    'discrepancies.setStatus',
    {
      ids: [d['S01-002']!.id],
      status: 'QUERIED',
      reason: 'answer unclear',
      message: '처방 기록을 확인해 주십시오',
    },
    on('2024-01-23'),
  );
  await api.call(
    'discrepancies.setStatus',
    { ids: [d['S01-004']!.id], status: 'ACCEPTED', reason: 'protocol deviation documented' },
    on('2024-01-23'),
  );
  // The re-query goes out on 24 January and is answered after 4 days; the data are corrected on 29 January.
  const second = await api.call('queries.export', { outDir: lists('l2'), site: 'S01' }, on('2024-01-24'));
  const requery = await queryOf(api, d['S01-002']!.id);
  const answered = await answerQueryList(
    second.files[0]!.path,
    { [requery]: '4 mg으로 수정했습니다' },
    {
      out: path.join(dir, 'a-s01-requery.xlsx'),
    },
  );
  await api.call('queries.import', { files: [answered] }, on('2024-01-28'));
  loadS01(api, '2024-01-28', ['5', '4', '5', '5', '5'], '2024-01-29');
  await api.call('checks.run', { checkIds: ['DOSE-01'] }, on('2024-01-29'));
  await api.call(
    'discrepancies.setStatus',
    { ids: [d['S01-002']!.id], status: 'CLOSED', reason: 'corrected data reviewed' },
    on('2024-01-30'),
  );
  // 1 February: a manual query to S02, sent the same day.
  await api.call(
    'queries.raise',
    {
      subjectId: 'S02-001',
      form: 'DM',
      recordKey: 'S02-001',
      field: 'AGE',
      message: '나이를 확인해 주십시오',
    },
    on('2024-02-01'),
  );
  await api.call('queries.export', { outDir: lists('l3'), site: 'S02' }, on('2024-02-01'));
  return { api, dir, file: path.join(dir, 'study.db') };
}

let history: Awaited<ReturnType<typeof scriptedHistory>>;
beforeAll(async () => {
  history = await scriptedHistory();
}, 120_000);

describe('cleaning metrics', () => {
  it('percentiles interpolate between the closest ranks (PERCENTILE.INC)', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([3], 0.9)).toBe(3);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 10);
    expect(percentile([15, 20, 35, 40, 50], 0.4)).toBe(29);
  });

  it('match a scripted history of queries, answers, re-queries, accepts and corrections', async () => {
    const { api, dir } = history;
    const metrics = await api.call('metrics.summary', { today: '2024-02-15' }, on('2024-02-20'));
    expect(metrics.today).toBe('2024-02-15T00:00:00.000Z');
    expect(metrics.sites).toEqual([
      {
        siteId: 'S01',
        subjects: 5,
        discrepancies: 5,
        // Five first queries and one re-query.
        queriesSent: 6,
        queriesAnswered: 4,
        // 4, 7, 10 and 20 days: the median between 7 and 10, p90 at rank 2.7 between 10 and 20.
        medianDaysToAnswer: 8.5,
        p90DaysToAnswer: 17,
        // S01-005's query, sent 2 January and never answered (S01-004's was accepted instead).
        openOver30Days: 1,
        // Of four answers, S01-002's first one was queried again.
        requeryRate: 0.25,
        discrepanciesPerSubject: 1,
      },
      {
        siteId: 'S02',
        subjects: 1,
        discrepancies: 2,
        queriesSent: 2,
        queriesAnswered: 1,
        medianDaysToAnswer: 3,
        p90DaysToAnswer: 3,
        openOver30Days: 0,
        requeryRate: 0,
        discrepanciesPerSubject: 2,
      },
    ]);
    const dose = metrics.checks.find((c) => c.checkId === 'DOSE-01');
    expect(dose).toEqual({
      checkId: 'DOSE-01',
      category: 'DOSE',
      hits: 6,
      queried: 6,
      // S02-001 (RESOLVED by its corrected export) and S01-002 (corrected, then closed).
      resolvedByData: 2,
      accepted: 1,
      closedOnAnswer: 1,
      open: 2,
      yield: 0.3333,
      acceptRate: 0.1667,
    });
    expect(metrics.checks.find((c) => c.checkId === 'MANUAL')).toMatchObject({
      hits: 1,
      queried: 1,
      open: 1,
      yield: 0,
      acceptRate: 0,
    });
    // Every check of the catalog is listed, those that found nothing with no rates.
    expect(metrics.checks.find((c) => c.checkId === 'AEDT-01')).toMatchObject({ hits: 0, yield: null });
    expect(metrics.checks.length).toBeGreaterThanOrEqual(42);

    // "Older than 30 days" is measured at `today`: S01-005's query (sent 2 January, 10:00) is 29.6
    // days old at midnight on 1 February, 30.6 at midnight on 2 February, and 30 at 10:00 on 1 February.
    const at = async (today: string) =>
      (await api.call('metrics.summary', { today }, on('2024-02-20'))).sites[0]!.openOver30Days;
    expect(await at('2024-02-01')).toBe(0);
    expect(await at('2024-02-02')).toBe(1);
    expect(await at('2024-02-01T09:59:59Z')).toBe(0);
    expect(await at('2024-02-01T10:00:01Z')).toBe(1);
    // Without `today`, now (the injected clock) is used.
    expect((await api.call('metrics.summary', {}, on('2024-01-25'))).today).toBe('2024-01-25T10:00:00.000Z');

    // CSV: one file for sites, one for checks, the JSON keys as header.
    const out = path.join(dir, 'metrics');
    fs.mkdirSync(out);
    const written = await api.call('metrics.export', { out, today: '2024-02-15' }, on('2024-02-20'));
    expect(written.files.map((f) => path.basename(f))).toEqual(['metrics-sites.csv', 'metrics-checks.csv']);
    const sites = fs
      .readFileSync(written.files[0]!, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(sites[0]).toBe(
      'siteId,subjects,discrepancies,queriesSent,queriesAnswered,medianDaysToAnswer,p90DaysToAnswer,openOver30Days,requeryRate,discrepanciesPerSubject',
    );
    expect(sites[1]).toBe('S01,5,5,6,4,8.5,17,1,0.25,1');
    const checks = fs
      .readFileSync(written.files[1]!, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(checks).toContain('DOSE-01,DOSE,6,6,2,1,1,2,0.3333,0.1667');
  });

  it('are printed by the command line as a table, JSON or two CSV files', async () => {
    const { api, dir, file } = history;
    const json = await runCli(['metrics', file, '--json', '--today', '2024-02-15']);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(
      await api.call('metrics.summary', { today: '2024-02-15' }, on('2024-02-20')),
    );
    const table = await runCli(['metrics', file, '--today', '2024-02-15']);
    expect(table.stdout).toMatch(/^S01 +5 +6 +4 +8\.5 +17\.0 +1 +25% +1\.00$/m);
    expect(table.stdout).toMatch(/^DOSE-01 +6 +6 +2 +1 +1 +2 +33% +17%$/m);
    const out = path.join(dir, 'metrics-cli');
    fs.mkdirSync(out);
    const csv = await runCli(['metrics', file, '--format', 'csv', '--out', out, '--today', '2024-02-15']);
    expect(csv.code, csv.stderr).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['metrics-checks.csv', 'metrics-sites.csv']);
    for (const args of [
      ['metrics', file, '--format', 'xlsx', '--out', out],
      ['metrics', file, '--format', 'csv'],
      ['metrics', file, '--today', '15/02/2024'],
    ]) {
      const wrong = await runCli(args);
      expect(wrong.code, args.join(' ')).toBe(2);
      expect(wrong.stderr).toMatch(/^error: /);
    }
  }, 60_000);

  it('refuses a today that is not a date', async () => {
    const { api } = newStudy();
    await expect(api.call('metrics.summary', { today: 'yesterday' }, on('2024-01-01'))).rejects.toMatchObject(
      {
        code: 'BAD_INPUT',
      },
    );
  });
});
