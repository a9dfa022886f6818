import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StudyApi } from '../../electron/core/api/study-api';
import { answerQueryList, openQueryList, queryListRows } from '../helpers/query-list-files';
import { dmRow, loadRows, newStudy, testContext } from '../helpers/study-builder';

const ex = (subject: string, dose: string) => ({
  SUBJID: subject,
  EXSEQ: '1',
  EXTRT: 'POMALIDOMIDE',
  CYCLE: '1',
  EXSTDAT: '2018-01-10',
  EXENDAT: '2018-01-30',
  EXDOSE: dose,
  EXADJ: '',
});
const ae = (subject: string, end: string) => ({
  SUBJID: subject,
  AESEQ: '1',
  AETERM: '말초 신경병증',
  AESTDAT: '2018-02-10',
  AEENDAT: end,
  AETOXGR: '2',
  AESER: 'N',
  AEONGO: 'N',
});

async function discrepancy(api: StudyApi, checkId: string, subject: string) {
  const { rows } = await api.call(
    'discrepancies.list',
    { checkId: [checkId], subject: [subject] },
    testContext(),
  );
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

/** ExcelJS keeps a sheet's protection on the sheet, outside its typings. */
const protectionOf = (sheet: object) => (sheet as { sheetProtection?: { sheet?: boolean } }).sheetProtection;

async function statusOf(api: StudyApi, id: number) {
  return (await api.call('discrepancies.get', { id }, testContext())).discrepancy.status;
}

describe('query lists: raise, send, answer, correct, re-check', () => {
  it('closes the loop and keeps the whole history', async () => {
    const { api, dir } = newStudy();
    const day1 = testContext('dm.kim', '2019-01-15T01:00:00.000Z');
    loadRows(api, {
      site: 'S01',
      exportDate: '2019-01-10',
      forms: {
        DM: [dmRow('S01-001', 'S01'), dmRow('S01-002', 'S01')],
        EX: [ex('S01-001', '5'), ex('S01-002', '4')],
        AE: [ae('S01-002', '2018-02-01')],
      },
    });
    loadRows(api, {
      site: 'S02',
      exportDate: '2019-01-12',
      forms: { DM: [dmRow('S02-001', 'S02')], EX: [ex('S02-001', '7')] },
    });
    await api.call('checks.run', { checkIds: ['DOSE-01', 'AEDT-01'] }, day1);
    const dose1 = await discrepancy(api, 'DOSE-01', 'S01-001');
    const aeDates = await discrepancy(api, 'AEDT-01', 'S01-002');
    const dose2 = await discrepancy(api, 'DOSE-01', 'S02-001');

    // A manual query on the AE's verbatim term; the key may be given without the subject.
    const manual = await api.call(
      'queries.raise',
      {
        subjectId: 'S01-002',
        form: 'ae',
        recordKey: '1',
        field: 'aeterm',
        message: '이상반응명을 MedDRA 용어로 기재해 주십시오',
      },
      day1,
    );
    expect(manual).toMatchObject({
      checkId: 'MANUAL',
      category: 'MANUAL',
      severity: 'major',
      status: 'OPEN',
      manual: true,
    });
    expect(manual).toMatchObject({
      form: 'AE',
      recordKey: 'S01-002|1',
      field: 'AETERM',
      value: '말초 신경병증',
      siteId: 'S01',
    });

    // Send: one list per site; OPEN items become QUERIED with a query each.
    const sent = await api.call('queries.export', { outDir: path.join(dir, 'out1') }, day1);
    expect(sent.newlyQueried).toBe(4);
    expect(sent.files.map((f) => [f.siteId, f.queries, path.basename(f.path)])).toEqual([
      ['S01', 3, 'queries_S01_2019-01-15_L0001.xlsx'],
      ['S02', 1, 'queries_S02_2019-01-15_L0002.xlsx'],
    ]);
    for (const d of [dose1, aeDates, dose2, manual]) expect(await statusOf(api, d.id)).toBe('QUERIED');
    const s01File = sent.files[0]!.path;
    const s02File = sent.files[1]!.path;

    // The file: which study, site and list; the rows as sent; protected except the answers.
    const { workbook, sheet, headerRow, columns } = await openQueryList(s01File);
    // The labels are in English and Korean; so is the header row (the tests name columns in English).
    const label = (text: string) => sheet.getColumn(1).values.findIndex((v) => v === text);
    expect(sheet.getRow(label('Study / 연구')).getCell(2).text).toBe('NIPMS-POM-KR-001');
    expect(sheet.getRow(label('Site / 기관')).getCell(2).text).toBe('S01');
    expect(sheet.getRow(label('Query list / 질의 목록')).getCell(2).text).toBe('L0001');
    expect(sheet.getRow(label('Written / 작성일')).getCell(2).text).toBe('2019-01-15');
    expect(sheet.getRow(label("Site's latest export / 기관의 최근 자료 추출일")).getCell(2).text).toBe(
      '2019-01-10',
    );
    expect(sheet.getRow(label('Language of the messages / 질의 내용의 언어')).getCell(2).text).toBe('ko');
    expect(sheet.getRow(headerRow).getCell(columns.get('Answer')!).text).toBe('Answer / 답변');
    expect([...columns.keys()]).toEqual([
      'Query ID',
      'Subject',
      'Form',
      'Record',
      'Field',
      'Value',
      'Message',
      'Date sent',
      'Answer',
    ]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: headerRow });
    expect(protectionOf(sheet)).toMatchObject({ sheet: true });
    expect(sheet.getColumn(columns.get('Message')!).width).toBeGreaterThan(40);
    const hidden = workbook.getWorksheet('cdm')!;
    expect(hidden.state).toBe('hidden');
    const rows = await queryListRows(s01File);
    const manualQueryId = (await api.call('discrepancies.get', { id: manual.id }, day1)).discrepancy.queryId!;
    expect(rows.get(manualQueryId)).toMatchObject({
      Subject: 'S01-002',
      Form: 'AE',
      Record: 'S01-002|1',
      Field: 'AETERM',
      Value: '말초 신경병증',
      Message: '이상반응명을 MedDRA 용어로 기재해 주십시오',
      'Date sent': '2019-01-15',
      Answer: '',
    });
    for (let n = headerRow + 1; n <= sheet.rowCount; n++) {
      const row = sheet.getRow(n);
      expect(row.getCell(columns.get('Answer')!).protection).toMatchObject({ locked: false });
      expect(row.getCell(columns.get('Value')!).protection?.locked).not.toBe(false);
    }

    // The site answers in Excel; S02 has not answered yet.
    const dose1Query = (await api.call('discrepancies.get', { id: dose1.id }, day1)).discrepancy.queryId!;
    const aeQuery = (await api.call('discrepancies.get', { id: aeDates.id }, day1)).discrepancy.queryId!;
    await answerQueryList(s01File, {
      [dose1Query]: '용량 오기입니다. 4 mg으로 수정하겠습니다.',
      [aeQuery]: 'Dates are as in the source document',
      [manualQueryId]: 'Peripheral sensory neuropathy',
    });
    const afterExcel = await openQueryList(s01File);
    expect(protectionOf(afterExcel.sheet)).toMatchObject({ sheet: true });

    const day2 = testContext('dm.lee', '2019-01-29T02:00:00.000Z');
    const loaded = await api.call('queries.import', { files: [s01File, s02File] }, day2);
    expect(loaded.rejected).toEqual([]);
    expect(loaded.applied.map((a) => a.queryId).sort()).toEqual([dose1Query, aeQuery, manualQueryId].sort());
    expect(loaded.blank).toBe(1);
    for (const d of [dose1, aeDates, manual]) expect(await statusOf(api, d.id)).toBe('ANSWERED');
    expect(await statusOf(api, dose2.id)).toBe('QUERIED');
    const answered = await api.call('discrepancies.get', { id: dose1.id }, day2);
    expect(answered.queries).toEqual([
      expect.objectContaining({
        queryId: dose1Query,
        round: 1,
        sentAt: '2019-01-15T01:00:00.000Z',
        sentFile: 'queries_S01_2019-01-15_L0001.xlsx',
        answer: '용량 오기입니다. 4 mg으로 수정하겠습니다.',
        answeredAt: '2019-01-29T02:00:00.000Z',
        answerFile: 'queries_S01_2019-01-15_L0001.xlsx',
      }),
    ]);

    // The same answers again: nothing more changes.
    const again = await api.call('queries.import', { files: [s01File] }, day2);
    expect(again).toMatchObject({ applied: [], rejected: [], unchanged: 3 });

    // The next list holds only what is still unanswered: S02's query, with its first date sent.
    const day3 = testContext('dm.kim', '2019-02-01T01:00:00.000Z');
    const reminder = await api.call('queries.export', { outDir: path.join(dir, 'out2') }, day3);
    expect(reminder.files.map((f) => [f.siteId, f.listId, f.queries])).toEqual([['S02', 'L0003', 1]]);
    expect(reminder.newlyQueried).toBe(0);
    const dose2Query = (await api.call('discrepancies.get', { id: dose2.id }, day3)).discrepancy.queryId!;
    expect((await queryListRows(reminder.files[0]!.path)).get(dose2Query)).toMatchObject({
      'Date sent': '2019-01-15',
    });

    // S01's corrected export: the dose is fixed, the AE dates are not.
    loadRows(
      api,
      {
        site: 'S01',
        exportDate: '2019-02-05',
        forms: {
          DM: [dmRow('S01-001', 'S01'), dmRow('S01-002', 'S01')],
          EX: [ex('S01-001', '4'), ex('S01-002', '4')],
          AE: [ae('S01-002', '2018-02-01')],
        },
      },
      testContext('dm.kim', '2019-02-06T01:00:00.000Z'),
    );
    const recheck = await api.call(
      'checks.run',
      { checkIds: ['DOSE-01', 'AEDT-01'] },
      testContext('dm.kim', '2019-02-06T02:00:00.000Z'),
    );
    expect(recheck.totals.resolved).toBe(1);
    expect(await statusOf(api, dose1.id)).toBe('RESOLVED');
    expect(await statusOf(api, aeDates.id)).toBe('ANSWERED');
    expect(await statusOf(api, manual.id)).toBe('ANSWERED'); // manual queries are never resolved by a check run
    expect(await statusOf(api, dose2.id)).toBe('QUERIED');

    // The data manager closes the manual query and re-queries the AE dates.
    const day4 = testContext('dm.kim', '2019-02-07T01:00:00.000Z');
    await api.call(
      'discrepancies.setStatus',
      { ids: [manual.id, dose1.id], status: 'CLOSED', reason: 'answer accepted; corrected data verified' },
      day4,
    );
    await api.call(
      'discrepancies.setStatus',
      {
        ids: [aeDates.id],
        status: 'QUERIED',
        reason: 'answer does not explain',
        message: 'AEENDAT (2018-02-01) is before AESTDAT (2018-02-10): please correct one of them',
      },
      day4,
    );
    const requery = await api.call('queries.export', { outDir: path.join(dir, 'out3') }, day4);
    expect(requery.files.map((f) => [f.siteId, f.queries])).toEqual([
      ['S01', 1],
      ['S02', 1],
    ]);
    const aeDetail = await api.call('discrepancies.get', { id: aeDates.id }, day4);
    expect(aeDetail.queries.map((q) => [q.round, q.answer === null])).toEqual([
      [1, false],
      [2, true],
    ]);
    const newRows = await queryListRows(requery.files[0]!.path);
    expect(newRows.get(aeDetail.discrepancy.queryId!)).toMatchObject({
      Message: 'AEENDAT (2018-02-01) is before AESTDAT (2018-02-10): please correct one of them',
      'Date sent': '2019-02-07',
    });

    // History: every move of the corrected discrepancy, and the query lists.
    const history = (await api.call('discrepancies.get', { id: dose1.id }, day4)).history;
    expect(history.filter((h) => h.action === 'STATUS').map((h) => h.to)).toEqual([
      'OPEN',
      'QUERIED',
      'ANSWERED',
      'RESOLVED',
      'CLOSED',
    ]);
    const lists = await api.call('queries.history', {}, day4);
    expect(lists.map((l) => [l.kind, l.listId, l.siteId, l.applied, l.unchanged])).toEqual([
      ['export', 'L0001', 'S01', 0, 0],
      ['export', 'L0002', 'S02', 0, 0],
      ['import', 'L0001', 'S01', 3, 0],
      ['import', 'L0002', 'S02', 0, 0],
      ['import', 'L0001', 'S01', 0, 3],
      ['export', 'L0003', 'S02', 0, 0],
      ['export', 'L0004', 'S01', 0, 0],
      ['export', 'L0005', 'S02', 0, 0],
    ]);
    const trail = await api.call('audit.list', { search: dose1Query }, day4);
    expect(trail.rows.map((r) => [r.action, r.user])).toEqual([
      ['QUERY', 'dm.kim'],
      ['SEND', 'dm.kim'],
      ['STATUS', 'dm.lee'], // QUERIED -> ANSWERED, "answer to Q-... in <file>"
      ['ANSWER', 'dm.lee'],
    ]);
    expect(trail.rows.every((r) => r.siteId === 'S01' && r.subjectId === 'S01-001')).toBe(true);
  });
});
