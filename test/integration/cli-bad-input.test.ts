import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binaryNoise, zipBombXlsx } from '../fixtures/hostile/hostile-files';
import { buildXlsx } from '../fixtures/xlsx-writer';
import { aeCsv, aeRow, csv, DM_HEADER, dmCsv } from '../helpers/bad-input-csv';
import { BadInputStudy, CASE, CHILD_TIMEOUT } from '../helpers/bad-input-study';
import { normalisedDatabaseHash } from '../helpers/normalised-database-hash';
import { expectDone, expectRefused, expectWithinMemory } from '../helpers/cli-expect';
import { runCli } from '../helpers/run-cli';
import { dmRow } from '../helpers/study-builder';

/**
 * Bad input through the real command line (cli.md "Errors", site-exports.md): every error case of
 * the specs, wrong usage, and a batch where some exports fail, run as `node bin/cdm.js import DB
 * PATH` in a child process on a study database that already holds one good import. Each is refused
 * with exit 1 (2 for wrong usage) and ONE plain `error:` line on stderr naming the file (sheet, line,
 * column) at fault, no stack trace, no hang, under 1 GiB of memory, and the database unchanged; a
 * batch loads the exports it can and names the ones it cannot. Hostile files are in
 * cli-hostile-files.test.ts, odd but valid input in cli-odd-input.test.ts.
 */
let study: BadInputStudy;
beforeAll(async () => {
  study = await BadInputStudy.create('cdm-cli-bad-input-');
}, 120_000);
afterAll(() => study?.remove());

describe.concurrent('import refuses what it cannot load, changing nothing', () => {
  describe('errors of site-exports.md', () => {
    it('a missing required column names the file and the column', CASE, async () => {
      const { dir, db } = study.newCase({
        'S07_DM_20300101.csv': csv([
          DM_HEADER.filter((h) => h !== 'AGE'),
          DM_HEADER.filter((h) => h !== 'AGE').map((h) => dmRow('S07-001', 'S07')[h]!),
        ]),
      });
      await study.importRefused(
        db,
        [dir],
        `${path.join(dir, 'S07_DM_20300101.csv')}: required column AGE missing (form DM)`,
      );
    });

    it('a title above the column names says so, in CSV and in xlsx', CASE, async () => {
      const header = DM_HEADER;
      const row = header.map((h) => dmRow('S07-001', 'S07')[h]!);
      const padded = [`S07 export, 2030-01-01`, ...header.slice(1).map(() => '')];
      const { dir, db } = study.newCase({
        'title/DM.csv': csv([['S07 export, 2030-01-01'], header, row]),
        'padded/DM.csv': csv([padded, header, row]),
        'S07_20300101.xlsx': buildXlsx([{ name: 'DM', rows: [['S07 환자 목록'], [], header, row] }]),
      });
      await study.importRefused(
        db,
        [path.join(dir, 'title', 'DM.csv')],
        `${path.join(dir, 'title', 'DM.csv')}: line 1 holds only "S07 export, 2030-01-01", a title, not the column names: the column names must come first; delete the lines above them`,
      );
      await study.importRefused(
        db,
        [path.join(dir, 'S07_20300101.xlsx')],
        `${path.join(dir, 'S07_20300101.xlsx')}: sheet DM: row 1 holds only "S07 환자 목록", a title, not the column names: the column names must come first; delete the rows above them`,
      );
      // Excel saves a title cell as a full-width line of empty cells: the columns are then missing.
      await study.importRefused(
        db,
        [path.join(dir, 'padded', 'DM.csv')],
        `${path.join(dir, 'padded', 'DM.csv')}: required columns SITEID, SUBJID, RFICDAT, ENRLDAT, AGE, SEX, PRIORREG, PRIORLEN, PRIORBOR missing (form DM): the column names are on line 2, not the first; delete the lines above them`,
      );
    });

    it('a file whose form cannot be told', CASE, async () => {
      const { dir, db } = study.newCase({
        'DM.csv': dmCsv([dmRow('S07-001', 'S07')]),
        'patients_list.csv': dmCsv([dmRow('S07-001', 'S07')]),
      });
      await study.importRefused(
        db,
        [dir],
        `${path.join(dir, 'patients_list.csv')}: the file name names no form (DM, EX, AE, RS, LB, DS, CM); rename it or give its form with --form`,
      );
    });

    it('a name with two form tokens', CASE, async () => {
      const { dir, db } = study.newCase({ 'S07_DM_AE.csv': dmCsv([dmRow('S07-001', 'S07')]) });
      await study.importRefused(
        db,
        [dir],
        `${path.join(dir, 'S07_DM_AE.csv')}: the name names 2 forms (DM, AE); rename the file so that it names one`,
      );
    });

    it('two files for one form', CASE, async () => {
      const { dir, db } = study.newCase({
        'DM.csv': dmCsv([dmRow('S07-001', 'S07')]),
        'AE.csv': aeCsv([aeRow('S07-001', 1)]),
        'S07_ae_20300101.csv': aeCsv([aeRow('S07-001', 1)]),
      });
      await study.importRefused(
        db,
        [dir],
        `${path.join(dir, 'S07_ae_20300101.csv')}: a second table for form AE, after ${path.join(dir, 'AE.csv')}; keep one`,
      );
    });

    it('an export without DM for a site never seen', CASE, async () => {
      const { dir, db } = study.newCase({ 'AE.csv': aeCsv([aeRow('S09-001', 1)]) });
      await study.importRefused(
        db,
        [dir],
        `${dir}: site S09 was never imported and this export has no DM form: its first export must include DM`,
        ['--site', 'S09'],
      );
      await study.importRefused(
        db,
        [dir],
        `${dir}: cannot tell the site of this export: it has no DM form; give it with --site`,
      );
    });

    it('DM rows naming two sites', CASE, async () => {
      const { dir, db } = study.newCase({
        'DM.csv': dmCsv([dmRow('S07-001', 'S07'), dmRow('S07-002', 'S07'), dmRow('S08-001', 'S08')]),
      });
      await study.importRefused(
        db,
        [dir],
        `${path.join(dir, 'DM.csv')}, line 4: SITEID S08 is not the site of this export: its rows name another site (S07)`,
      );
    });

    it('--site contradicting SITEID', CASE, async () => {
      const { dir, db } = study.newCase({ 'DM.csv': dmCsv([dmRow('S07-001', 'S07')]) });
      await study.importRefused(
        db,
        [dir],
        `${path.join(dir, 'DM.csv')}, line 2: SITEID S07: this is an export of site S07, not of site S08, the site given with --site`,
        ['--site', 'S08'],
      );
    });

    it('a subject enrolled at another site', CASE, async () => {
      const { dir, db } = study.newCase({
        'DM.csv': dmCsv([dmRow('S07-001', 'S07'), dmRow(study.s01Subject, 'S07')]),
      });
      await study.importRefused(
        db,
        [dir],
        `${path.join(dir, 'DM.csv')}, line 3: subject ${study.s01Subject} is enrolled at site S01, not at S07, the site of this export`,
      );
    });

    it("an export older than the site's latest", CASE, async () => {
      const { dir, db } = study.newCase();
      fs.cpSync(study.s01Folder, path.join(dir, 'S01'), { recursive: true });
      await study.importRefused(
        db,
        [path.join(dir, 'S01')],
        `${path.join(dir, 'S01')}: site S01 already has an export of ${study.s01Latest}; this export (2018-12-31, from the user) is older and would undo newer data`,
        ['--export-date', '2018-12-31', '--confirm-export-date'],
      );
    });
  });

  describe('wrong usage: exit 2', () => {
    const usage = async (args: (db: string, dir: string) => string[], message: string | RegExp) => {
      const { dir, db } = study.newCase({ 'DM.csv': dmCsv([dmRow('S07-001', 'S07')]) });
      const run = await runCli(args(db, dir), { timeoutMs: CHILD_TIMEOUT });
      expectRefused(run, message, 2);
      study.expectUnchanged(db);
    };

    it('a missing argument', CASE, async () => {
      await usage(() => ['import'], "missing required argument 'DB'");
      await usage((db) => ['import', db], 'nothing to import: give PATH... or --batch DIR');
    });

    it('an unknown option', CASE, async () => {
      await usage((db, dir) => ['import', db, dir, '--sites', 'S07'], "unknown option '--sites'");
    });

    it('a bad --export-date', CASE, async () => {
      await usage(
        (db, dir) => ['import', db, dir, '--export-date', '2019-02-30'],
        "option '--export-date <YYYY-MM-DD>' argument '2019-02-30' is invalid. 2019-02-30 is not a date (YYYY-MM-DD)",
      );
      await usage(
        (db, dir) => ['import', db, dir, '--export-date', '15/01/2019'],
        "option '--export-date <YYYY-MM-DD>' argument '15/01/2019' is invalid. 15/01/2019 is not a date (YYYY-MM-DD)",
      );
    });

    it('--batch with paths, and --batch with --site', CASE, async () => {
      await usage(
        (db, dir) => ['import', db, dir, '--batch', dir],
        'give either PATH... or --batch DIR, not both',
      );
      await usage(
        (db, dir) => ['import', db, '--batch', dir, '--site', 'S07'],
        '--site, --export-date and --form apply to one export, not to --batch',
      );
    });
  });
});

describe.concurrent('import --batch: a failed export is reported, the others still load', () => {
  it('a batch with a good workbook, a truncated one and a zip bomb', CASE, async () => {
    const { dir, db } = study.newCase({
      'S03_20300101.xlsx': fs.readFileSync(study.s02Workbook).subarray(0, 4000),
      'S04_20300101.xlsx': zipBombXlsx({ gigabytes: 2, lieAboutSize: true }),
    });
    fs.copyFileSync(study.s02Workbook, path.join(dir, path.basename(study.s02Workbook)));
    const run = await runCli(['import', db, '--batch', dir, '--json', '--user', 'dm'], {
      timeoutMs: CHILD_TIMEOUT,
    });
    const truncated = path.join(dir, 'S03_20300101.xlsx');
    const bomb = path.join(dir, 'S04_20300101.xlsx');
    expect(run.timedOut).toBe(false);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`error: 2 of 3 site exports failed: ${truncated}, ${bomb}\n`);
    expectWithinMemory(run);
    const items = JSON.parse(run.stdout) as (
      { path: string; error: string; kind?: string } | { path: string; siteId: string }
    )[];
    expect(items).toEqual([
      expect.objectContaining({ path: path.join(dir, path.basename(study.s02Workbook)), siteId: 'S02' }),
      {
        path: truncated,
        error: `${truncated}: not a readable xlsx workbook (truncated or corrupt)`,
        kind: 'FILE_UNREADABLE',
      },
      {
        path: bomb,
        error: `${bomb}: refused: part xl/worksheets/sheet1.xml expands more than 500 times (a zip bomb?)`,
        kind: 'FILE_UNREADABLE',
      },
    ]);
    // Exactly what importing the good workbook alone does (times of import aside).
    const alone = path.join(path.dirname(dir), 'alone.db');
    fs.copyFileSync(study.baseDb, alone);
    expectDone(
      await runCli(['import', alone, path.join(dir, path.basename(study.s02Workbook)), '--user', 'dm']),
    );
    expect(normalisedDatabaseHash(db)).toBe(normalisedDatabaseHash(alone));
  });

  it('a batch where every export fails changes nothing', CASE, async () => {
    const { dir, db } = study.newCase({
      'S03_20300101.xlsx': binaryNoise(10_000),
      'S04_20300101/DM.csv': binaryNoise(10_000, 3),
    });
    const run = await runCli(['import', db, '--batch', dir], { timeoutMs: CHILD_TIMEOUT });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `error: 2 of 2 site exports failed: ${path.join(dir, 'S03_20300101.xlsx')}, ${path.join(dir, 'S04_20300101')}\n`,
    );
    expect(run.stdout).toContain(
      `error: ${path.join(dir, 'S03_20300101.xlsx')}: not a readable xlsx workbook (not a zip archive)`,
    );
    study.expectUnchanged(db);
  });

  it('a batch folder that does not exist, or holds no export', CASE, async () => {
    const { dir, db } = study.newCase({ 'notes.pdf': '%PDF-1.4\n' });
    await study.importRefused(db, [], `${path.join(dir, 'nothing')}: not a folder`, [
      '--batch',
      path.join(dir, 'nothing'),
    ]);
    await study.importRefused(
      db,
      [],
      `${dir}: no site exports (folders, .xlsx workbooks or .zip archives) in it`,
      ['--batch', dir],
    );
  });

  it('a batch into a database that does not exist', CASE, async () => {
    const { dir } = study.newCase();
    const db = path.join(path.dirname(dir), 'missing.db');
    expectRefused(
      await runCli(['import', db, '--batch', dir], { timeoutMs: CHILD_TIMEOUT }),
      `${db}: no study database here; create one with init`,
    );
    expect(fs.existsSync(db)).toBe(false);
  });
});
