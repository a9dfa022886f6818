import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import type { StudyApi } from '../../electron/core/api/study-api';
import {
  answerQueryList,
  expectNoFormulaInCsv,
  expectNoFormulaInXlsx,
  queryListRows,
} from '../helpers/query-list-files';
import { dmRow, loadRows, newStudy, testContext } from '../helpers/study-builder';

/** What sites and data managers may write that a spreadsheet would run as a formula. */
const HOSTILE = [
  { value: '=HYPERLINK("http://x","click")', message: '=HYPERLINK("http://evil","답변 확인")' },
  { value: '+1', message: '+cmd|" /C calc"!A0' },
  { value: '-cmd', message: '-2+3 용량 확인' },
  { value: '@SUM(A1)', message: '@SUM(1+1)' },
  { value: '\tcmd', message: '\t=1+1' },
  { value: '\rcmd', message: '\r=1+1' },
];

const aeRow = (seq: number, term: string) => ({
  SUBJID: 'S01-001',
  AESEQ: String(seq),
  AETERM: term,
  AESTDAT: '2018-02-10',
  AEENDAT: '2018-02-20',
  AETOXGR: '1',
  AESER: 'N',
  AEONGO: 'N',
});

async function studyWithHostileValues(): Promise<{ api: StudyApi; dir: string; queryIds: string[] }> {
  const { api, dir } = newStudy();
  const ctx = testContext();
  loadRows(api, {
    site: 'S01',
    exportDate: '2019-01-10',
    forms: { DM: [dmRow('S01-001', 'S01')], AE: HOSTILE.map((h, i) => aeRow(i + 1, h.value)) },
  });
  for (const [i, h] of HOSTILE.entries()) {
    await api.call(
      'queries.raise',
      {
        subjectId: 'S01-001',
        form: 'AE',
        recordKey: `S01-001|${i + 1}`,
        field: 'AETERM',
        message: h.message,
      },
      ctx,
    );
  }
  const sent = await api.call('queries.export', { outDir: path.join(dir, 'xlsx') }, ctx);
  const rows = await queryListRows(sent.files[0]!.path);
  return { api, dir, queryIds: [...rows.keys()] };
}

describe('no written cell starts a formula', () => {
  it('writes hostile values and messages as text in xlsx and CSV, and reads them back unchanged', async () => {
    const { api, dir, queryIds } = await studyWithHostileValues();
    const ctx = testContext();
    const xlsxFile = path.join(dir, 'xlsx', fs.readdirSync(path.join(dir, 'xlsx'))[0]!);
    const csv = await api.call('queries.export', { outDir: path.join(dir, 'csv'), format: 'csv' }, ctx);
    const csvFile = csv.files[0]!.path;
    expect(path.basename(csvFile)).toBe('queries_S01_2026-01-01_L0002.csv');

    // Every written file, every cell.
    expect(await expectNoFormulaInXlsx(xlsxFile)).toBeGreaterThan(60);
    expect(expectNoFormulaInCsv(csvFile)).toBeGreaterThan(60);

    // The xlsx holds the text itself (string cells), not a mangled copy.
    const rows = await queryListRows(xlsxFile);
    const byValue = new Map([...rows.values()].map((r) => [r.Value, r]));
    expect(byValue.get('=HYPERLINK("http://x","click")')?.Message).toBe(
      '=HYPERLINK("http://evil","답변 확인")',
    );
    expect(byValue.get('@SUM(A1)')?.Message).toBe('@SUM(1+1)');
    expect(byValue.get('-cmd')?.Message).toBe('-2+3 용량 확인');
    expect(byValue.get('+1')?.Message).toBe('+cmd|" /C calc"!A0');

    // The site answers in Excel, with text that looks like formulas too; one answer is a real formula.
    // Another is a formula Excel never calculated (no cached value): a formula all the same, not a blank.
    const answers = Object.fromEntries(queryIds.map((id, i) => [id, i === 0 ? '=1+1' : `확인했습니다 ${i}`]));
    await answerQueryList(xlsxFile, answers, {
      edit: (sheet, rowOf, columns) => {
        sheet.getRow(rowOf(queryIds[1]!)).getCell(columns.get('Answer')!).value = {
          formula: 'CONCAT("a","b")',
          result: 'ab',
        };
        sheet.getRow(rowOf(queryIds[2]!)).getCell(columns.get('Answer')!).value = { formula: 'A1&"!"' };
      },
    });
    const loaded = await api.call('queries.import', { files: [xlsxFile] }, ctx);
    expect(loaded.rejected).toEqual([
      expect.objectContaining({ queryId: queryIds[1], reason: 'the answer is a formula; write it as text.' }),
      expect.objectContaining({ queryId: queryIds[2], reason: 'the answer is a formula; write it as text.' }),
    ]);
    expect(loaded.blank).toBe(0);
    expect(loaded.applied).toHaveLength(HOSTILE.length - 2);
    expect(loaded.applied.find((a) => a.queryId === queryIds[0])?.answer).toBe('=1+1');
  });

  it('reads an answered CSV list re-saved by Korean Excel as CP949, formula guards and all', async () => {
    const { api, dir, queryIds } = await studyWithHostileValues();
    const ctx = testContext();
    const csv = await api.call('queries.export', { outDir: path.join(dir, 'csv'), format: 'csv' }, ctx);
    const csvFile = csv.files[0]!.path;
    const parsed = Papa.parse<string[]>(fs.readFileSync(csvFile, 'utf8').replace(/^\uFEFF/, ''), {
      skipEmptyLines: false,
    });
    const header = parsed.data.findIndex((r) => r[0] === 'Query ID / 질의 ID');
    const answerColumn = parsed.data[header]!.indexOf('Answer / 답변');
    for (const row of parsed.data.slice(header + 1)) {
      if (row[0] && queryIds.includes(row[0])) row[answerColumn] = `${row[0]} 답변: 원자료와 일치합니다`;
    }
    // Excel keeps the leading apostrophes the guard wrote, writes CRLF, and saves "CSV" in CP949.
    const answered = path.join(dir, 'answered_S01.csv');
    fs.writeFileSync(answered, iconv.encode(Papa.unparse(parsed.data, { newline: '\r\n' }), 'cp949'));

    const loaded = await api.call('queries.import', { files: [answered] }, ctx);
    expect(loaded.rejected).toEqual([]);
    expect(loaded.applied.map((a) => a.queryId).sort()).toEqual([...queryIds].sort());
    expect(loaded.applied[0]!.answer).toMatch(/ 답변: 원자료와 일치합니다$/);
  });

  it('reads a list saved again by another spreadsheet application, answers typed as numbers and dates included', async () => {
    const { api, dir, queryIds } = await studyWithHostileValues();
    const xlsxFile = path.join(dir, 'xlsx', fs.readdirSync(path.join(dir, 'xlsx'))[0]!);
    // Another writer (SheetJS) re-creates the whole package: its own XML, its own string table.
    const workbook = XLSX.read(fs.readFileSync(xlsxFile), { type: 'buffer' });
    const sheet = workbook.Sheets.Queries!;
    const rows = XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1, defval: '' });
    const header = rows.findIndex((r) => r[0] === 'Query ID / 질의 ID');
    const answerColumn = rows[header]!.indexOf('Answer / 답변');
    const rowOf = (id: string) => rows.findIndex((r) => r[0] === id);
    sheet[XLSX.utils.encode_cell({ r: rowOf(queryIds[0]!), c: answerColumn })] = { t: 'n', v: 4 };
    sheet[XLSX.utils.encode_cell({ r: rowOf(queryIds[1]!), c: answerColumn })] = {
      t: 'n',
      v: 43480,
      z: 'yyyy-mm-dd',
    };
    sheet[XLSX.utils.encode_cell({ r: rowOf(queryIds[2]!), c: answerColumn })] = {
      t: 's',
      v: '@원자료 확인',
    };
    const resaved = path.join(dir, 'resaved.xlsx');
    fs.writeFileSync(resaved, XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx' }));

    const loaded = await api.call('queries.import', { files: [resaved] }, testContext());
    expect(loaded.rejected).toEqual([]);
    expect(loaded.applied.map((a) => [a.queryId, a.answer])).toEqual([
      [queryIds[0], '4'],
      [queryIds[1], '2019-01-15'],
      [queryIds[2], '@원자료 확인'],
    ]);
  });
});
