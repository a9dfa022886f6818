import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSiteExport } from '../../electron/core/import/read-site-export';
import type { SourceTable } from '../../electron/core/import/source-table';
import { MESSY_DIR, messyFixtures } from '../fixtures/make-messy-fixtures';

const FORMS = ['DM', 'EX', 'AE', 'RS', 'LB', 'DS', 'CM'];
const path = (name: string) => join(MESSY_DIR, name);

function readOne(name: string): SourceTable {
  const { tables } = readSiteExport([path(name)], { forms: FORMS });
  expect(tables).toHaveLength(1);
  return tables[0]!;
}

const cellsOf = (table: SourceTable) => table.rows.map((r) => [r.line, ...r.cells]);

describe('messy fixtures', () => {
  it('are what make-messy-fixtures.ts writes, byte for byte', () => {
    const expected = messyFixtures();
    expect(readdirSync(MESSY_DIR).sort()).toEqual(Object.keys(expected).sort());
    for (const [name, bytes] of Object.entries(expected))
      expect(readFileSync(path(name)).equals(Buffer.from(bytes)), name).toBe(true);
  });

  it('CP949 CSV from Korean Excel', () => {
    const table = readOne('AE_cp949.csv');
    expect(table).toMatchObject({
      form: 'AE',
      sheet: null,
      encoding: 'cp949',
      headerLine: 1,
      fileName: 'AE_cp949.csv',
      path: path('AE_cp949.csv'),
    });
    expect(cellsOf(table)).toEqual([
      [2, 'S01-001', '1', '오심', 'NAUSEA', '2018.03.05', '1', 'N'],
      [3, 'S01-001', '2', '호중구 감소증, 4등급', 'NEUTROPENIA', '2018. 3. 19.', '4', 'Y'],
      [4, 'S01-002', '1', '똠방각하 뷁 햏', 'OTHER', '2018-04-01', '2', 'N'],
    ]);
    const bytes = readFileSync(path('AE_cp949.csv'));
    expect(table.bytes).toBe(bytes.length);
    expect(table.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('UTF-8 with a byte order mark, and without', () => {
    const dm = readOne('DM_utf8_bom.csv');
    expect(dm.encoding).toBe('utf-8-bom');
    expect(dm.header[0]).toBe('SITEID');
    expect(dm.rows[0]!.cells).toEqual(['S01', 'S01-001', '2018.02.26', '2018.03.05', '67', '남', '3']);
    const ae = readOne('ae_utf8.csv');
    expect(ae).toMatchObject({ form: 'AE', encoding: 'utf-8' });
    expect(cellsOf(ae)).toEqual([
      [2, 'S01-001', '1', '말초 신경병증', '2018-03-07', '2', 'N'],
      [3, 'S01-001', '2', 'Fatigue', '2018-03-09', '1', 'N'],
    ]);
  });

  it('tab-separated .tsv and .txt', () => {
    expect(cellsOf(readOne('LB_tab.tsv'))[2]).toEqual([4, 'S01-001', '2018-03-05', 'SPEP', '2,5', 'g/dL']);
    expect(cellsOf(readOne('CM_tab.txt'))).toEqual([
      [2, 'S01-001', '1', '아스피린', 'VTE prophylaxis, daily'],
      [3, 'S01-001', '2', 'Acyclovir', 'herpes'],
    ]);
  });

  it('quoted fields with commas, quotes and line breaks keep the line each record starts on', () => {
    expect(cellsOf(readOne('AE_quoted.csv')).map((r) => [r[0], r[3]])).toEqual([
      [2, 'Nausea, vomiting'],
      [3, 'He said "dizzy"'],
      [4, 'Rash\nface and\nneck'],
      [7, ''],
      [8, 'plain'],
    ]);
  });

  it('headers as written (any case, spaces, order, an unknown column); empty lines skipped', () => {
    const table = readOne('DM_messy_headers.csv');
    expect(table.header).toEqual([
      ' subjid ',
      'Sex',
      '  AGE',
      'siteId',
      'Rficdat',
      'ENRLDAT',
      'PriorReg',
      'Site Comment',
    ]);
    expect(cellsOf(table).map((r) => [r[0], r[1], r[8]])).toEqual([
      [2, 'S02-001', 'first patient'],
      [5, 'S02-002', ''],
      [6, 'S02-003', ''],
    ]);
  });

  it('UTF-16LE "Unicode text" from Excel', () => {
    const table = readOne('AE_unicode_text.txt');
    expect(table.encoding).toBe('utf-16le');
    expect(cellsOf(table)).toEqual([
      [2, 'S03-001', '1', '구토', '2018.07.01'],
      [3, 'S03-001', '2', '발열, 38.5도', '2018.07.03'],
    ]);
  });

  it('a workbook with one lower-case sheet per form: real dates, numbers and text dates', () => {
    const { tables, warnings, namedDate } = readSiteExport([path('S05_20190115.xlsx')], {
      forms: FORMS,
    });
    expect(namedDate).toEqual({
      date: '2019-01-15',
      source: 'file name',
      name: 'S05_20190115.xlsx',
      dates: ['2019-01-15'],
    });
    expect(tables.map((t) => [t.sheet, t.form, t.encoding])).toEqual([
      ['dm', 'DM', null],
      ['ae', 'AE', null],
      ['lb', 'LB', null],
    ]);
    const dm = tables[0]!;
    expect(cellsOf(dm)).toEqual([
      [2, 'S05', 'S05-001', '2018-03-01', '2018-03-05', '64', 'M', '3'],
      [3, 'S05', 'S05-002', '2018.03.20', '2018. 3. 21.', '77.5', '여', '2'],
    ]);
    expect(dm.rows[1]!.excel![2]).toBeUndefined();
    expect(dm.rows[1]!.excel![3]).toEqual({ kind: 'date', serial: 43180 });
    expect(dm.rows[1]!.excel![6]).toBeUndefined();
    const ae = tables[1]!;
    expect(cellsOf(ae)).toEqual([
      [2, 'S05-001', '1', '피로', '2018-03-11', '2', 'N'],
      [4, 'S05-001', '2', '오심', '05MAR2018', '3', 'N'],
    ]);
    expect(tables.every((t) => t.sha256 === dm.sha256 && t.bytes === dm.bytes)).toBe(true);
    expect(warnings.map((w) => [w.sheet, w.message])).toEqual([
      ['codes', 'a hidden sheet; skipped (unhide it to load it)'],
      ['Notes', 'not named by a form of the study (DM, EX, AE, RS, LB, DS, CM); skipped'],
      [
        'ae',
        '1 formula cell (first E4) read as the values Excel last calculated; formulas are never evaluated',
      ],
    ]);
  });

  it('a 1904-system workbook and a one-form workbook named by its form', () => {
    const rs = readOne('RS_1904.xlsx');
    expect(rs.rows[0]).toEqual({
      line: 2,
      cells: ['S06-001', '2018-03-06', 'VGPR'],
      excel: [undefined, { kind: 'date', serial: 43165 }, undefined],
    });
    const ex = readOne('EX.xlsx');
    expect(ex).toMatchObject({ form: 'EX', sheet: 'Sheet1' });
    expect(ex.rows[0]!.cells).toEqual(['S07-001', '1', 'POMALIDOMIDE', '1', '2018-03-05', '2018-03-25', '4']);
  });
});
