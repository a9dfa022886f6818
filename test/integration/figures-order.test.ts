import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../shared/api/imports';
import { runCli } from '../helpers/run-cli';
import { tempDir } from '../helpers/study-builder';

/**
 * Dates with day and month in figures before the year, on hand-made exports through the real
 * command line. A date that can be read either way round (05/03/2018) is read the way the file's
 * other dates show (a day over 12 says day first); where the file shows neither way, or both, it
 * stays a DATA-01 warning naming both readings.
 */
let root: string;
let db: string;

const DM_HEADER = 'SITEID,SUBJID,RFICDAT,ENRLDAT,AGE,SEX,DIAGDAT,PRIORREG,PRIORLEN,PRIORBOR';
const EX_HEADER = 'SUBJID,EXSEQ,EXTRT,CYCLE,EXSTDAT,EXENDAT,EXDOSE';

function writeExport(name: string, files: Record<string, string[]>): string {
  const folder = path.join(root, name);
  fs.mkdirSync(folder, { recursive: true });
  for (const [file, lines] of Object.entries(files))
    fs.writeFileSync(path.join(folder, file), lines.join('\r\n') + '\r\n');
  return folder;
}

async function cli(args: string[]): Promise<string> {
  const run = await runCli(args);
  expect(run.code, `${args.join(' ')}\n${run.stderr}`).toBe(0);
  return run.stdout;
}

const importJson = async (folder: string) =>
  JSON.parse(await cli(['import', db, folder, '--json'])) as ImportReport;

const dataOf = async (form: string, site: string) =>
  JSON.parse(await cli(['data', db, '--form', form, '--site', site, '--format', 'json'])) as Record<
    string,
    unknown
  >[];

beforeAll(async () => {
  root = tempDir('cdm-figures-order-');
  db = path.join(root, 'study.db');
  await cli(['init', db]);
}, 60_000);

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('day and month in figures', () => {
  it('reads dates either way round as the rest of a day-first file shows, and says so once a file', async () => {
    const folder = writeExport('S21_20200301', {
      'DM.csv': [
        DM_HEADER,
        'S21,S21-001,14/01/2020,15/01/2020,67,M,03/02/2015,3,Y,Y',
        'S21,S21-002,20/01/2020,21/01/2020,59,F,12/03/2014,2,Y,Y',
      ],
      'EX.csv': [
        EX_HEADER,
        'S21-001,1,POMALIDOMIDE,1,16/01/2020,05/02/2020,4',
        'S21-002,1,POMALIDOMIDE,1,22/01/2020,11/02/2020,4',
      ],
    });
    const report = await importJson(folder);
    expect(report.warnings.filter((w) => w.code === 'DATA-01')).toEqual([]);
    const notes = report.warnings.filter((w) => w.code === 'DATE_ORDER');
    expect(notes.map((n) => [path.basename(n.file!), n.form, n.message])).toEqual([
      [
        'DM.csv',
        'DM',
        "2 dates with day and month either way round read day first (dd/mm/yyyy), as the file's 4 other dates in figures can be read only so",
      ],
      [
        'EX.csv',
        'EX',
        "2 dates with day and month either way round read day first (dd/mm/yyyy), as the file's 2 other dates in figures can be read only so",
      ],
    ]);
    const dm = await dataOf('DM', 'S21');
    expect(dm.map((r) => [r.SUBJID, r.RFICDAT, r.ENRLDAT, r.DIAGDAT])).toEqual([
      ['S21-001', '2020-01-14', '2020-01-15', '2015-02-03'],
      ['S21-002', '2020-01-20', '2020-01-21', '2014-03-12'],
    ]);
    const ex = await dataOf('EX', 'S21');
    expect(ex.map((r) => [r.EXSTDAT, r.EXENDAT])).toEqual([
      ['2020-01-16', '2020-02-05'],
      ['2020-01-22', '2020-02-11'],
    ]);
  });

  it('reads them month first in a file whose other dates can only be month first', async () => {
    const folder = writeExport('S22_20200301', {
      'EX.csv': [EX_HEADER, 'S22-001,1,POMALIDOMIDE,1,1/16/2020,2/5/2020,4'],
      'DM.csv': [DM_HEADER, 'S22,S22-001,1/14/2020,1/15/2020,67,M,2015,3,Y,Y'],
    });
    const report = await importJson(folder);
    expect(report.warnings.filter((w) => w.code === 'DATA-01')).toEqual([]);
    expect(report.warnings.filter((w) => w.code === 'DATE_ORDER').map((w) => path.basename(w.file!))).toEqual(
      ['EX.csv'],
    );
    expect((await dataOf('EX', 'S22')).map((r) => [r.EXSTDAT, r.EXENDAT])).toEqual([
      ['2020-01-16', '2020-02-05'],
    ]);
  });

  it("reads a file with no date of its own to tell by as the export's other files show", async () => {
    const folder = writeExport('S24_20200301', {
      'DM.csv': [DM_HEADER, 'S24,S24-001,05/01/2020,06/01/2020,67,M,2015,3,Y,Y'],
      'EX.csv': [EX_HEADER, 'S24-001,1,POMALIDOMIDE,1,16/01/2020,05/02/2020,4'],
    });
    const report = await importJson(folder);
    expect(report.warnings.filter((w) => w.code === 'DATA-01')).toEqual([]);
    expect(report.warnings.filter((w) => w.code === 'DATE_ORDER').map((w) => w.message)).toEqual([
      "2 dates with day and month either way round read day first (dd/mm/yyyy), as 1 date of the export's other files in figures can be read only so",
      "1 date with day and month either way round read day first (dd/mm/yyyy), as the file's 1 other date in figures can be read only so",
    ]);
    expect((await dataOf('DM', 'S24')).map((r) => [r.RFICDAT, r.ENRLDAT])).toEqual([
      ['2020-01-05', '2020-01-06'],
    ]);
    // The report lists the files in the order they were read, the one that waited included.
    expect(report.files.map((f) => path.basename(f.path))).toEqual(['DM.csv', 'EX.csv']);
  });

  it('asks the site where the file shows neither way round, or both', async () => {
    const folder = writeExport('S23_20200301', {
      // Neither: every day is 12 or under.
      'DM.csv': [DM_HEADER, 'S23,S23-001,05/01/2020,06/01/2020,67,M,2015,3,Y,Y'],
      // Both: 25/01 is day first, 1/26 month first.
      'EX.csv': [
        EX_HEADER,
        'S23-001,1,POMALIDOMIDE,1,25/01/2020,1/26/2020,4',
        'S23-001,2,POMALIDOMIDE,2,02/03/2020,2020-03-22,4',
      ],
    });
    const report = await importJson(folder);
    expect(report.warnings.filter((w) => w.code === 'DATE_ORDER')).toEqual([]);
    const ambiguous = report.warnings.filter((w) => w.code === 'DATA-01');
    expect(ambiguous.map((w) => [path.basename(w.file!), w.line, w.column])).toEqual([
      ['DM.csv', 2, 'RFICDAT'],
      ['DM.csv', 2, 'ENRLDAT'],
      ['EX.csv', 3, 'EXSTDAT'],
    ]);
    expect(ambiguous[0]!.message).toContain('2020-01-05');
    expect(ambiguous[0]!.message).toContain('2020-05-01');
    expect((await dataOf('EX', 'S23')).map((r) => r.EXSTDAT)).toEqual(['2020-01-25', null]);
  });
});
