import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../shared/api/imports';
import { NUMBER_DATES_DIR, numberDateFixtures } from '../fixtures/make-number-date-fixtures';
import { runCli } from '../helpers/run-cli';
import { tempDir } from '../helpers/study-builder';

/**
 * Date columns that lost their format in Excel (site-exports.md, Values), on hand-made exports
 * (test/fixtures/number-dates, not from the generator), through the real command line: a bare
 * number is an Excel serial day (1904 system where the workbook says so), an integer 1900-2100 a
 * year, 19000101-21001231 yyyymmdd; the raw text is kept; the preview and the history count the
 * cells read this way, per file.
 */
let root: string;
let db: string;
const fixture = (name: string) => path.join(NUMBER_DATES_DIR, name);

async function cli(args: string[]): Promise<string> {
  const run = await runCli(args);
  expect(run.code, `${args.join(' ')}\n${run.stderr}`).toBe(0);
  return run.stdout;
}

const dataOf = async (form: string, site: string, raw = false) =>
  JSON.parse(
    await cli(['data', db, '--form', form, '--site', site, '--format', 'json', ...(raw ? ['--raw'] : [])]),
  ) as Record<string, unknown>[];

const countsOf = (report: ImportReport) =>
  Object.fromEntries(
    report.files.map((f) => [`${path.basename(f.path)}${f.sheet ? `[${f.sheet}]` : ''}`, f.numberDates]),
  );

beforeAll(async () => {
  root = tempDir('cdm-number-dates-');
  db = path.join(root, 'study.db');
  await cli(['init', db]);
}, 60_000);

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('bare numbers in date columns', () => {
  it('the committed fixtures are what their script writes', () => {
    for (const [name, bytes] of Object.entries(numberDateFixtures()))
      expect(fs.readFileSync(fixture(name)).equals(Buffer.from(bytes)), name).toBe(true);
  });

  it('CSV saved from a sheet that lost its date format: serial days as text', async () => {
    const preview = JSON.parse(
      await cli(['import', db, fixture('S09_20200301'), '--dry-run', '--json']),
    ) as ImportReport;
    expect(countsOf(preview)).toEqual({
      'DM.csv': { serial: 3, year: 0, yyyymmdd: 0 },
      'EX.csv': { serial: 3, year: 0, yyyymmdd: 0 },
    });
    expect(preview.warnings.filter((w) => w.code === 'DATA-01')).toEqual([]);
    const text = await cli(['import', db, fixture('S09_20200301'), '--dry-run']);
    expect(text).toContain('date cells read from bare numbers:');
    expect(text).toContain(`${fixture('S09_20200301/DM.csv')}: 3 Excel serial days`);

    const report = JSON.parse(await cli(['import', db, fixture('S09_20200301'), '--json'])) as ImportReport;
    expect(countsOf(report)).toEqual(countsOf(preview));
    const dm = await dataOf('DM', 'S09');
    expect(dm.map((r) => [r.SUBJID, r.RFICDAT, r.ENRLDAT, r.DIAGDAT])).toEqual([
      ['S09-001', '2020-01-14', '2020-01-15', '2015'],
      ['S09-002', '2020-01-20', '2020-01-21', '2014-03-12'],
    ]);
    const ex = await dataOf('EX', 'S09');
    expect(ex.map((r) => [r.SUBJID, r.EXSTDAT, r.EXENDAT])).toEqual([
      ['S09-001', '2020-01-16', '2020-02-05'],
      ['S09-002', '2020-01-22', '2020-02-11'],
    ]);
    // What the site wrote is kept as written.
    const raw = await dataOf('DM', 'S09', true);
    expect(raw.map((r) => [r.RFICDAT, r.ENRLDAT])).toEqual([
      ['43844', '43845'],
      ['2020-01-20', '43851.0'],
    ]);
  }, 60_000);

  it('xlsx in the 1900 date system: serials, a date-time, a year, yyyymmdd; numbers that are no date are reported', async () => {
    const report = JSON.parse(
      await cli(['import', db, fixture('S10_20200301.xlsx'), '--json']),
    ) as ImportReport;
    expect(countsOf(report)).toEqual({
      'S10_20200301.xlsx[DM]': { serial: 2, year: 1, yyyymmdd: 1 },
      'S10_20200301.xlsx[AE]': { serial: 1, year: 0, yyyymmdd: 0 },
    });
    const dm = await dataOf('DM', 'S10');
    expect(dm.map((r) => [r.SUBJID, r.RFICDAT, r.ENRLDAT, r.DIAGDAT])).toEqual([
      ['S10-001', '2020-01-14', '2020-01-15', '2015'],
      ['S10-002', '2020-01-20', '2020-01-21', null],
    ]);
    const ae = await dataOf('AE', 'S10');
    expect(ae.map((r) => [r.AESTDAT, r.AEENDAT])).toEqual([['2020-02-19', null]]);
    expect(
      report.warnings.filter((w) => w.code === 'DATA-01').map((w) => [w.sheet, w.line, w.message]),
    ).toEqual([
      ['DM', 3, 'DIAGDAT "60" is not a valid date (Excel serial day 60 is 1900-02-29, which does not exist)'],
      ['AE', 2, 'AEENDAT "250000" is not a valid date (as an Excel serial day it is after 2100)'],
    ]);
    const raw = await dataOf('DM', 'S10', true);
    expect(raw.map((r) => [r.RFICDAT, r.ENRLDAT, r.DIAGDAT])).toEqual([
      ['43844', '2020-01-15', '2015'],
      ['20200120', '43851.75', '60'],
    ]);
  }, 60_000);

  it('xlsx in the 1904 date system: a bare serial counts from 1904, a year stays a year', async () => {
    const report = JSON.parse(
      await cli(['import', db, fixture('S11_20200301.xlsx'), '--json']),
    ) as ImportReport;
    expect(countsOf(report)).toEqual({ 'S11_20200301.xlsx[DM]': { serial: 1, year: 1, yyyymmdd: 0 } });
    const dm = await dataOf('DM', 'S11');
    expect(dm.map((r) => [r.RFICDAT, r.ENRLDAT, r.DIAGDAT])).toEqual([['2020-01-14', '2020-01-15', '2015']]);
  }, 60_000);

  it('the import history keeps the counts per file', async () => {
    const history = JSON.parse(await cli(['imports', db, '--json'])) as {
      siteId: string;
      files: ImportReport['files'];
    }[];
    const bySite = Object.fromEntries(history.map((h) => [h.siteId, h.files.map((f) => f.numberDates)]));
    expect(bySite).toEqual({
      S09: [
        { serial: 3, year: 0, yyyymmdd: 0 },
        { serial: 3, year: 0, yyyymmdd: 0 },
      ],
      S10: [
        { serial: 2, year: 1, yyyymmdd: 1 },
        { serial: 1, year: 0, yyyymmdd: 0 },
      ],
      S11: [{ serial: 1, year: 1, yyyymmdd: 0 }],
    });
  });
});
