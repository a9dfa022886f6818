import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StudyError } from '../../electron/core/common/errors';
import { readSiteExport } from '../../electron/core/import/read-site-export';
import { MESSY_DIR } from '../fixtures/make-messy-fixtures';
import { binaryNoise, cp949, utf8 } from '../fixtures/hostile/hostile-files';
import { buildXlsx } from '../fixtures/xlsx-writer';

/**
 * Hostile site-export files, end to end through readSiteExport: each is refused with one plain
 * line naming the file (and line, column, sheet where one is at fault), or loads as written with a
 * warning; none crashes or hangs (each test has a timeout).
 */
const FORMS = ['DM', 'EX', 'AE', 'RS', 'LB', 'DS', 'CM'];
const root = mkdtempSync(join(tmpdir(), 'cdm-hostile-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const FAST = { timeout: 20_000 };

let cases = 0;
/** Writes files into a fresh folder and returns its path. */
function exportFolder(files: Record<string, Uint8Array | string>): string {
  const dir = join(root, `export${++cases}`);
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

function refusal(paths: string[], formOverride?: string): string {
  try {
    readSiteExport(paths, formOverride === undefined ? { forms: FORMS } : { forms: FORMS, formOverride });
  } catch (error) {
    expect(error).toBeInstanceOf(StudyError);
    expect((error as StudyError).code).toBe('BAD_INPUT');
    expect((error as StudyError).message).not.toContain('\n');
    return (error as StudyError).message;
  }
  throw new Error('expected a refusal');
}

describe('hostile files', () => {
  it('binary noise named .csv', FAST, () => {
    const dir = exportFolder({ 'ae.csv': binaryNoise(200_000) });
    expect(refusal([dir])).toMatch(
      new RegExp(
        `^${join(dir, 'ae.csv')}: not a text file \\(\\d+% of its bytes are control codes or neither UTF-8 nor CP949\\)$`,
      ),
    );
  });

  it('a PDF named .csv', FAST, () => {
    const dir = exportFolder({ 'AE.csv': '%PDF-1.4\n%\u00e2\u00e3\n1 0 obj << /Type /Catalog >> endobj\n' });
    expect(refusal([join(dir, 'AE.csv')])).toBe(`${join(dir, 'AE.csv')}: a PDF document, not CSV text`);
  });

  it('NUL bytes', FAST, () => {
    const dir = exportFolder({ 'AE.csv': utf8('SUBJID,AESEQ\nS01,1\nS02,\u00002\n') });
    expect(refusal([dir])).toBe(
      `${join(dir, 'AE.csv')}: line 3: NUL bytes: not a text file (or UTF-16 text without a byte order mark)`,
    );
  });

  it('lines of UTF-8 and of CP949 in one file', FAST, () => {
    const dir = exportFolder({
      'AE.csv': new Uint8Array([...utf8('SUBJID,AETERM\r\nS01,오심\r\n'), ...cp949('S02,구토\r\n')]),
    });
    expect(refusal([dir])).toBe(
      `${join(dir, 'AE.csv')}: line 3: CP949 text, but line 2 is UTF-8 (mixed encodings); save the file again in one encoding`,
    );
  });

  it('an unbalanced quote', FAST, () => {
    const dir = exportFolder({ 'AE.csv': 'SUBJID,AETERM\r\nS01,ok\r\nS02,"never closed\r\nS03,x\r\n' });
    expect(refusal([dir])).toBe(`${join(dir, 'AE.csv')}: line 3: a quoted field is never closed`);
  });

  it('five megabytes of stray quotes', FAST, () => {
    const dir = exportFolder({ 'AE.csv': `SUBJID,AETERM\n"${'x"y"'.repeat(1_250_000)}\n` });
    expect(refusal([dir])).toBe(
      `${join(dir, 'AE.csv')}: line 2: text after the closing quote of a quoted field (a quote inside a field must be doubled)`,
    );
  });

  it('a 5 MB cell', FAST, () => {
    const dir = exportFolder({
      'AE.csv': `SUBJID,AESEQ,AETERM\nS01,1,short\nS01,2,"${'가'.repeat(5_000_000)}"\n`,
    });
    expect(refusal([dir])).toBe(
      `${join(dir, 'AE.csv')}: line 3, column 3 (AETERM): a cell of 5,000,000 characters; the limit is 32,767`,
    );
  });

  it('10,000 columns, in CSV and in xlsx', FAST, () => {
    const header = Array.from({ length: 10_000 }, (_, i) => `C${i}`);
    const dir = exportFolder({
      'AE.csv': `${header.join(',')}\n${header.map(() => '1').join(',')}\n`,
      'DM.xlsx': buildXlsx([{ name: 'DM', rows: [header] }]),
    });
    expect(refusal([join(dir, 'AE.csv')])).toBe(
      `${join(dir, 'AE.csv')}: line 1: 10,000 columns; at most 1,000 are read`,
    );
    expect(refusal([join(dir, 'DM.xlsx')])).toBe(
      `${join(dir, 'DM.xlsx')}: sheet DM: row 1: the header reaches column NTP (10,000 columns); at most 1,000 are read`,
    );
  });

  it('__proto__ and constructor headers load as text', FAST, () => {
    const dir = exportFolder({
      'AE.csv': '__proto__,constructor,SUBJID,prototype\r\n{"polluted":1},x,S01,y\r\n',
      'DM.xlsx': buildXlsx([
        {
          name: 'DM',
          rows: [
            ['__proto__', 'constructor', 'SUBJID'],
            ['{"polluted":1}', 'x', 'S01'],
          ],
        },
      ]),
    });
    const { tables } = readSiteExport([dir], { forms: FORMS });
    expect(tables.map((t) => t.header)).toEqual([
      ['__proto__', 'constructor', 'SUBJID', 'prototype'],
      ['__proto__', 'constructor', 'SUBJID'],
    ]);
    expect(tables[0]!.rows[0]!.cells).toEqual(['{"polluted":1}', 'x', 'S01', 'y']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('formula text loads as text, with a warning; xlsx formulas give their cached values', FAST, () => {
    const dir = exportFolder({
      'AE.csv':
        'SUBJID,AETERM\r\nS01,"=HYPERLINK(""http://evil.example"",""click"")"\r\nS02,=1+1\r\nS03,@SUM(A1)\r\n',
      'DM.xlsx': buildXlsx([
        {
          name: 'dm',
          rows: [
            ['SUBJID', 'AGE', 'NOTE'],
            ['S01', { formula: 'WEBSERVICE("http://evil.example")', cached: 64 }, '=1+1'],
          ],
        },
      ]),
    });
    const { tables, warnings } = readSiteExport([dir], { forms: FORMS });
    expect(tables[0]!.rows.map((r) => r.cells[1])).toEqual([
      '=HYPERLINK("http://evil.example","click")',
      '=1+1',
      '@SUM(A1)',
    ]);
    expect(tables[1]!.rows[0]!.cells).toEqual(['S01', '64', '=1+1']);
    expect(warnings.map((w) => [w.file, w.sheet ?? null, w.message])).toEqual([
      [
        join(dir, 'AE.csv'),
        null,
        '3 cells start with =, +, - or @ like a spreadsheet formula (first at line 2, column 2 (AETERM)); kept as text, never evaluated',
      ],
      [
        join(dir, 'DM.xlsx'),
        'dm',
        '1 formula cell (first B2) read as the values Excel last calculated; formulas are never evaluated',
      ],
      [
        join(dir, 'DM.xlsx'),
        'dm',
        '1 text cell starts with =, +, - or @ like a spreadsheet formula (first at row 2, column 3 (NOTE)); kept as text, never evaluated',
      ],
    ]);
  });

  it('a truncated xlsx and an xls named .xlsx', FAST, () => {
    const good = readFileSync(join(MESSY_DIR, 'S05_20190115.xlsx'));
    const dir = exportFolder({
      'S05_20190115.xlsx': good.subarray(0, 3000),
      'AE.xlsx': new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
    });
    expect(refusal([join(dir, 'S05_20190115.xlsx')])).toBe(
      `${join(dir, 'S05_20190115.xlsx')}: not a readable xlsx workbook (truncated or corrupt)`,
    );
    expect(refusal([join(dir, 'AE.xlsx')])).toBe(
      `${join(dir, 'AE.xlsx')}: an Excel 97-2003 workbook or a password-protected one; save it as a plain .xlsx without a password`,
    );
  });

  it('a sheet claiming A1:XFD1048576 with a stray value far right', FAST, () => {
    const dir = exportFolder({
      'AE.xlsx': buildXlsx([
        {
          name: 'AE',
          dimension: 'A1:XFD1048576',
          rows: [['SUBJID'], ['S01']],
          extraCells: [['XFD1048576', 'x']],
        },
      ]),
    });
    expect(refusal([dir])).toBe(
      `${join(dir, 'AE.xlsx')}: sheet AE: row 1048576, column XFD: a value right of the header's last column (A)`,
    );
  });

  it('two files for one form, and a CSV and a sheet for one form', FAST, () => {
    const dir = exportFolder({ 'AE.csv': 'SUBJID\nS01\n', 'S03_ae_20190115.csv': 'SUBJID\nS01\n' });
    expect(refusal([dir])).toBe(
      `${join(dir, 'S03_ae_20190115.csv')}: a second table for form AE, after ${join(dir, 'AE.csv')}; keep one`,
    );
    const mixed = exportFolder({
      'AE.csv': 'SUBJID\nS01\n',
      'S03.xlsx': buildXlsx([{ name: 'ae', rows: [['SUBJID'], ['S01']] }]),
    });
    expect(refusal([mixed])).toBe(
      `${join(mixed, 'S03.xlsx')}, sheet ae: a second table for form AE, after ${join(mixed, 'AE.csv')}; keep one`,
    );
  });

  it('a symbolic link loop in a folder', FAST, () => {
    const dir = exportFolder({ 'DM.csv': 'SUBJID\nS01\n' });
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'AE.csv'), 'SUBJID\nS01\n');
    symlinkSync(dir, join(dir, 'sub', 'back'));
    symlinkSync(join(dir, 'sub', 'loop'), join(dir, 'sub', 'loop'));
    const { tables, warnings } = readSiteExport([dir], { forms: FORMS });
    expect(tables.map((t) => t.form)).toEqual(['DM', 'AE']);
    expect(warnings.map((w) => w.message)).toEqual([
      'a folder already read by another path (a symbolic link); skipped',
      'a symbolic link that leads nowhere (broken, or a loop); skipped',
    ]);
  });

  it('folders nested deeper than 16', FAST, () => {
    const dir = exportFolder({ 'DM.csv': 'SUBJID\nS01\n' });
    const deep = join(dir, ...Array.from({ length: 20 }, (_, i) => `d${i}`));
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(deep, 'AE.csv'), 'SUBJID\nS01\n');
    const { tables, warnings } = readSiteExport([dir], { forms: FORMS });
    expect(tables.map((t) => t.form)).toEqual(['DM']);
    expect(warnings.map((w) => w.message)).toEqual(['more than 16 folders deep; skipped']);
  });

  it('a file over 512 MB is refused before it is read', FAST, () => {
    const dir = exportFolder({});
    const path = join(dir, 'AE.csv');
    writeFileSync(path, '');
    truncateSync(path, 600_000_000);
    expect(refusal([path])).toBe(`${path}: 600 MB; files over 512 MB are not read`);
  });

  it('an empty form file refuses the whole export: 0 bytes, or only blank lines', FAST, () => {
    const dir = exportFolder({ 'AE.csv': '', 'DM.csv': 'SUBJID\nS01\n', 'EX.csv': '\r\n\r\n' });
    const refused = (path: string, what: string) =>
      `${path}: ${what}; the export is not loaded without it (nothing was changed)`;
    expect(refusal([dir])).toBe(refused(join(dir, 'AE.csv'), 'an empty file (0 bytes)'));
    expect(refusal([join(dir, 'EX.csv')])).toBe(
      refused(join(dir, 'EX.csv'), 'no header line (only blank lines)'),
    );
  });

  it('an empty sheet named by a form refuses the whole workbook', FAST, () => {
    const dir = exportFolder({
      'S03.xlsx': buildXlsx([
        { name: 'DM', rows: [['SUBJID'], ['S03-001']] },
        { name: 'AE', rows: [] },
      ]),
    });
    expect(refusal([join(dir, 'S03.xlsx')])).toBe(
      `${join(dir, 'S03.xlsx')}, sheet AE: an empty sheet for form AE (no header row); the export is not loaded without it (nothing was changed)`,
    );
  });
});
