import fs from 'node:fs';
import { connectionOf } from '../../electron/core/db/connection';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { createStudyApi, type StudyApi } from '../../electron/core/api/study-api';
import { openStudyDatabase } from '../../electron/core/db/opening/open-study-database';
import { loadStudyDefinition } from '../../electron/core/study/load-definition';
import { answerQueryList, openQueryList, queryListRows } from '../helpers/query-list-files';
import { runCli } from '../helpers/run-cli';
import { pomRow } from '../helpers/dose-rows';
import { dmRow, loadRows, newStudy, testContext } from '../helpers/study-builder';

/**
 * Messages in English and Korean (issue 10, part 8): every check's message is rendered from its
 * named values in the language asked for; each site reads its query list in its own language (the
 * study's siteLanguage, Korean, unless a data manager sets another); custom checks and manual
 * queries keep the words their author wrote.
 */

const ctx = testContext('dm.kim', '2019-01-15T03:00:00.000Z');

const DOSE_EN = 'POMALIDOMIDE dose 5 mg (cycle 1) is not a dose level of the label (4, 3, 2, 1 mg)';
const DOSE_KO = 'POMALIDOMIDE 용량 5 mg(1주기): 허가사항의 용량 단계(4, 3, 2, 1 mg)가 아닙니다';
const DATE_EN = 'ENRLDAT "2018-02-30" is not a valid date (2018-02 has no day 30)';
const DATE_KO = 'ENRLDAT "2018-02-30": 올바른 날짜가 아닙니다(2018-02에는 30일이 없음)';
const CUSTOM = 'Age 91 is over 90: please confirm';
const MANUAL = '이상반응명을 MedDRA 용어로 기재해 주십시오';

function loadSites(api: StudyApi, exportDate = '2019-01-10') {
  loadRows(api, {
    site: 'S01',
    exportDate,
    forms: {
      DM: [dmRow('S01-001', 'S01', { ENRLDAT: '2018-02-30', AGE: '91' })],
      EX: [pomRow('S01-001', 1, { EXDOSE: '5' })],
    },
  });
  loadRows(api, {
    site: 'S02',
    exportDate,
    forms: { DM: [dmRow('S02-001', 'S02')], EX: [pomRow('S02-001', 1, { EXDOSE: '5' })] },
  });
}

/** Two sites with a DOSE-01 finding each, an unreadable date and a custom check's finding at S01, and a manual query. */
async function twoSites() {
  const definition = loadStudyDefinition();
  definition.customChecks = [
    {
      id: 'CUST-01',
      category: 'ELIG',
      severity: 'minor',
      title: 'Older than 90 at enrollment',
      sql: "SELECT subject_id, 'DM' AS form, record_key, 'AGE' AS field, 'Age ' || AGE || ' is over 90: please confirm' AS message FROM dm WHERE AGE > 90",
    },
  ];
  const study = newStudy({ definition });
  loadSites(study.api);
  await study.api.call('checks.run', { checkIds: ['DOSE-01', 'DATA-01', 'CUST-01'] }, ctx);
  await study.api.call(
    'queries.raise',
    { subjectId: 'S01-001', form: 'DM', recordKey: 'S01-001', field: 'SEX', message: MANUAL },
    ctx,
  );
  return study;
}

const messagesBy = (rows: { checkId: string; siteId: string; message: string }[]) =>
  rows.map((d) => `${d.siteId} ${d.checkId}: ${d.message}`).sort();

describe('messages in English and Korean', () => {
  it('renders what a check found in the language asked for: list, detail, subject profile, record', async () => {
    const { api } = await twoSites();
    const english = (await api.call('discrepancies.list', {}, ctx)).rows;
    const korean = (await api.call('discrepancies.list', { language: 'ko' }, ctx)).rows;
    expect(messagesBy(english)).toEqual([
      `S01 CUST-01: ${CUSTOM}`,
      `S01 DATA-01: ${DATE_EN}`,
      `S01 DOSE-01: ${DOSE_EN}`,
      `S01 MANUAL: ${MANUAL}`,
      `S02 DOSE-01: ${DOSE_EN}`,
    ]);
    // The custom check's and the data manager's words are kept as written, in either language.
    expect(messagesBy(korean)).toEqual([
      `S01 CUST-01: ${CUSTOM}`,
      `S01 DATA-01: ${DATE_KO}`,
      `S01 DOSE-01: ${DOSE_KO}`,
      `S01 MANUAL: ${MANUAL}`,
      `S02 DOSE-01: ${DOSE_KO}`,
    ]);
    const dose = korean.find((d) => d.checkId === 'DOSE-01' && d.siteId === 'S01')!;
    const detail = await api.call('discrepancies.get', { id: dose.id, language: 'ko' }, ctx);
    expect(detail.discrepancy.message).toBe(DOSE_KO);
    expect(detail.record?.fields.find((f) => f.name === 'EXDOSE')?.label).toBe('용량(1회 투여량, mg)');
    const profile = await api.call('subjects.profile', { subjectId: 'S01-001', language: 'ko' }, ctx);
    expect(profile.discrepancies.map((d) => d.message)).toContain(DATE_KO);
    const dm = korean.find((d) => d.checkId === 'DATA-01')!;
    const record = await api.call('data.record', { form: 'DM', recordId: dm.recordId!, language: 'ko' }, ctx);
    expect(record.fields.find((f) => f.name === 'ENRLDAT')).toMatchObject({
      label: '등록일',
      issue: DATE_KO,
    });
    const recordEn = await api.call('data.record', { form: 'DM', recordId: dm.recordId! }, ctx);
    expect(recordEn.fields.find((f) => f.name === 'ENRLDAT')).toMatchObject({
      label: 'Enrollment date',
      issue: DATE_EN,
    });
    // The English text is stored with the named values: search and sort work on it.
    const found = await api.call('discrepancies.list', { search: 'not a dose level', language: 'ko' }, ctx);
    expect(found.rows.map((d) => d.message)).toEqual([DOSE_KO, DOSE_KO]);
  });

  it('writes the stored English text again when the templates change, so that search finds the new words', async () => {
    const { api, file } = await twoSites();
    await api.call('checks.run', {}, ctx);
    connectionOf(api.database)
      .prepare(
        "UPDATE study SET definition = json_set(definition, '$.checks.DOSE-01.messages.default.en', ?)",
      )
      .run('Dose {dose} mg of {drug} in cycle {cycle} is off the ladder ({levels} mg)');
    api.close();
    const reopened = createStudyApi(openStudyDatabase(file));
    await reopened.call('checks.run', {}, ctx);
    const found = await reopened.call('discrepancies.list', { search: 'off the ladder' }, ctx);
    expect(found.rows.map((d) => d.message)).toEqual([
      'Dose 5 mg of POMALIDOMIDE in cycle 1 is off the ladder (4, 3, 2, 1 mg)',
      'Dose 5 mg of POMALIDOMIDE in cycle 1 is off the ladder (4, 3, 2, 1 mg)',
    ]);
    reopened.close();
  });

  it("writes each site's query list in its language: Korean by default, English for a site set to English", async () => {
    const { api, dir } = await twoSites();
    expect(await api.call('sites.list', {}, ctx)).toEqual([
      { siteId: 'S01', language: 'ko', languageSet: false, changedBy: null, changedAt: null },
      { siteId: 'S02', language: 'ko', languageSet: false, changedBy: null, changedAt: null },
    ]);
    expect(await api.call('sites.setLanguage', { sites: ['S02'], language: 'en' }, ctx)).toEqual([
      { siteId: 'S01', language: 'ko', languageSet: false, changedBy: null, changedAt: null },
      {
        siteId: 'S02',
        language: 'en',
        languageSet: true,
        changedBy: 'dm.kim',
        changedAt: ctx.now().toISOString(),
      },
    ]);

    const sent = await api.call('queries.export', { outDir: path.join(dir, 'xlsx') }, ctx);
    const [s01, s02] = sent.files.map((f) => f.path);
    const messages = async (file: string) =>
      [...(await queryListRows(file)).values()].map((r) => r.Message).sort();
    expect(await messages(s01!)).toEqual([CUSTOM, DATE_KO, DOSE_KO, MANUAL].sort());
    expect(await messages(s02!)).toEqual([DOSE_EN]);
    // Labels and instructions in both languages, whatever the site's; the list says its language.
    const { workbook, sheet, headerRow } = await openQueryList(s01!);
    const block = Array.from({ length: headerRow }, (_, i) => sheet.getRow(i + 1).getCell(1).text);
    expect(block).toContain('Site / 기관');
    expect(block.some((t) => t.includes('Answer column') && t.includes('답변은'))).toBe(true);
    const hidden = workbook.getWorksheet('cdm')!;
    const language = hidden.getColumn(1).values.findIndex((v) => v === 'language');
    expect(hidden.getRow(language).getCell(2).text).toBe('ko');
    // The query a site reads is kept as it was sent, in its language.
    const dose = (await api.call('discrepancies.list', { checkId: ['DOSE-01'], site: ['S01'] }, ctx))
      .rows[0]!;
    const queries = (await api.call('discrepancies.get', { id: dose.id }, ctx)).queries;
    expect(queries.map((q) => q.message)).toEqual([DOSE_KO]);

    // The Korean site answers in its list; the read-only Korean messages compare as sent.
    const doseQuery = dose.queryId!;
    const answered = await answerQueryList(
      s01!,
      { [doseQuery]: '5 mg은 오기입니다. 4 mg으로 수정하겠습니다' },
      {
        out: path.join(dir, 'answered_S01.xlsx'),
      },
    );
    const loaded = await api.call('queries.import', { files: [answered] }, ctx);
    expect(loaded.rejected).toEqual([]);
    expect(loaded.applied.map((a) => a.queryId)).toEqual([doseQuery]);

    // CSV: the same words.
    const { api: other, dir: otherDir } = await twoSites();
    await other.call('sites.setLanguage', { sites: ['S02'], language: 'en' }, ctx);
    const csv = await other.call(
      'queries.export',
      { outDir: path.join(otherDir, 'csv'), format: 'csv' },
      ctx,
    );
    const csvMessages = (file: string) => {
      const rows = Papa.parse<string[]>(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '')).data;
      const header = rows.findIndex((r) => r[0] === 'Query ID / 질의 ID');
      const column = rows[header]!.indexOf('Message / 질의 내용');
      expect(rows.slice(0, header).map((r) => r[0])).toContain('Language of the messages / 질의 내용의 언어');
      return rows
        .slice(header + 1)
        .filter((r) => r[0])
        .map((r) => r[column])
        .sort();
    };
    expect(csvMessages(csv.files[0]!.path)).toEqual([CUSTOM, DATE_KO, DOSE_KO, MANUAL].sort());
    expect(csvMessages(csv.files[1]!.path)).toEqual([DOSE_EN]);
  });

  it('sends a query in the site language from the window too (Send = QUERIED)', async () => {
    const { api } = await twoSites();
    await api.call('sites.setLanguage', { sites: ['S02'], language: 'en' }, ctx);
    const doses = (await api.call('discrepancies.list', { checkId: ['DOSE-01'] }, ctx)).rows;
    const moved = await api.call(
      'discrepancies.setStatus',
      { ids: doses.map((d) => d.id), status: 'QUERIED', reason: 'send', language: 'ko' },
      ctx,
    );
    expect(moved.rows.map((d) => d.message)).toEqual([DOSE_KO, DOSE_KO]);
    const sentWith = async (id: number) =>
      (await api.call('discrepancies.get', { id }, ctx)).queries.map((q) => q.message);
    const bySite = Object.fromEntries(doses.map((d) => [d.siteId, d.id]));
    expect(await sentWith(bySite.S01!)).toEqual([DOSE_KO]);
    expect(await sentWith(bySite.S02!)).toEqual([DOSE_EN]);
  });

  it('keeps a site language through re-imports, audits every change, and refuses it for an unknown site or while locked', async () => {
    const { api, dir } = await twoSites();
    await api.call('sites.setLanguage', { sites: ['S01', 'S02'], language: 'en' }, ctx);
    await api.call('sites.setLanguage', { sites: ['S01'], language: 'ko' }, testContext('dm.lee'));
    loadSites(api, '2019-02-10');
    await api.call('checks.run', { checkIds: ['DOSE-01', 'DATA-01'] }, ctx);
    expect((await api.call('sites.list', {}, ctx)).map((s) => [s.siteId, s.language, s.changedBy])).toEqual([
      ['S01', 'ko', 'dm.lee'],
      ['S02', 'en', 'dm.kim'],
    ]);
    const trail = await api.call('audit.list', { limit: 1000 }, ctx);
    const settings = trail.rows
      .filter((r) => r.action === 'SETTING')
      .map((r) => [r.entityId, r.field, r.oldValue, r.newValue, r.user]);
    expect(settings).toEqual([
      ['S01', 'language', 'ko', 'en', 'dm.kim'],
      ['S02', 'language', 'ko', 'en', 'dm.kim'],
      ['S01', 'language', 'en', 'ko', 'dm.lee'],
    ]);
    await expect(api.call('sites.setLanguage', { sites: ['S09'], language: 'en' }, ctx)).rejects.toThrow(
      /no site S09 in this study \(sites: S01, S02\)/,
    );
    await api.call(
      'cuts.lock',
      { name: 'cut 1', reason: 'test', snapshotDir: path.join(dir, 'snap'), force: true },
      ctx,
    );
    await expect(
      api.call('sites.setLanguage', { sites: ['S01'], language: 'en' }, ctx),
    ).rejects.toMatchObject({
      code: 'LOCKED',
    });
    expect(() =>
      connectionOf(api.database)
        .prepare("UPDATE site_settings SET language = 'en' WHERE site_id = 'S01'")
        .run(),
    ).toThrow(/locked/);
  });

  it('prints English on the command line unless --lang ko, and sets site languages there', async () => {
    const { api, file, dir } = await twoSites();
    api.close();
    const list = async (...extra: string[]) => {
      const run = await runCli(['discrepancies', file, '--check', 'DOSE-01,DATA-01', ...extra]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      return run.stdout;
    };
    const english = JSON.parse(await list()) as { message: string }[];
    expect(english.map((d) => d.message).sort()).toEqual([DATE_EN, DOSE_EN, DOSE_EN]);
    const korean = JSON.parse(await list('--lang', 'ko')) as { message: string }[];
    expect(korean.map((d) => d.message).sort()).toEqual([DATE_KO, DOSE_KO, DOSE_KO]);
    const csv = await list('--lang', 'ko', '--format', 'csv');
    expect(csv).toContain(DOSE_KO);
    expect(csv).not.toContain(DOSE_EN);

    const wrong = await runCli(['discrepancies', file, '--lang', 'fr']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/^error: .*fr: use en or ko\n$/);

    const set = await runCli([
      'sites',
      'set',
      file,
      'S02',
      '--language',
      'en',
      '--user',
      'dm.park',
      '--json',
    ]);
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject([
      { siteId: 'S01', language: 'ko', languageSet: false },
      { siteId: 'S02', language: 'en', languageSet: true, changedBy: 'dm.park' },
    ]);
    const shown = await runCli(['sites', 'list', file]);
    expect(shown.stdout).toMatch(/S01\s+ko\s+\(study default\)/);
    expect(shown.stdout).toMatch(/S02\s+en\s+dm\.park/);
    const unknown = await runCli(['sites', 'set', file, 'S09', '--language', 'en']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('error: no site S09 in this study (sites: S01, S02)\n');
    const lists = await runCli(['queries', 'export', file, '--out', path.join(dir, 'cli-lists'), '--json']);
    expect(lists.code).toBe(0);
    const s02 = (JSON.parse(lists.stdout) as { files: { siteId: string; path: string }[] }).files.find(
      (f) => f.siteId === 'S02',
    )!;
    expect([...(await queryListRows(s02.path)).values()].map((r) => r.Message)).toEqual([DOSE_EN]);
  }, 60_000);
});
