import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../electron/core/db/migrations';
import { binaryNoise, cp949, utf8, zipBombXlsx } from '../fixtures/hostile/hostile-files';
import { buildXlsx } from '../fixtures/xlsx-writer';
import { aeCsv, aeRow, csv, DM_HEADER, dmCsv } from '../helpers/bad-input-csv';
import { BadInputStudy, CASE, CHILD_TIMEOUT } from '../helpers/bad-input-study';
import { databaseHash } from '../helpers/database-hash';
import { expectDone, expectRefused } from '../helpers/cli-expect';
import { runCli } from '../helpers/run-cli';
import { dmRow } from '../helpers/study-builder';

/**
 * Hostile files through the real command line (cli.md "Errors", site-exports.md): every damaged,
 * disguised or oversized file a data manager may be sent, and every file that is not a usable study
 * database, run as `node bin/cdm.js import DB PATH` in a child process on a study database that
 * already holds one good import. Each is refused with exit 1 and ONE plain `error:` line on stderr
 * naming the file (sheet, line, column) at fault, no stack trace, no hang, under 1 GiB of memory,
 * and the database (or the file given as one) unchanged.
 */
let study: BadInputStudy;
beforeAll(async () => {
  study = await BadInputStudy.create('cdm-cli-hostile-files-');
}, 120_000);
afterAll(() => study?.remove());

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe.concurrent('import refuses what it cannot load, changing nothing', () => {
  describe('hostile files', () => {
    it('a truncated xlsx', CASE, async () => {
      const { dir, db } = study.newCase({
        'S02_20300101.xlsx': fs
          .readFileSync(study.s02Workbook)
          .subarray(0, Math.floor(fs.statSync(study.s02Workbook).size / 2)),
      });
      const file = path.join(dir, 'S02_20300101.xlsx');
      await study.importRefused(db, [file], `${file}: not a readable xlsx workbook (truncated or corrupt)`);
    });

    it('a corrupt xlsx (random bytes)', CASE, async () => {
      const { dir, db } = study.newCase({ 'S02_20300101.xlsx': binaryNoise(300_000, 99) });
      const file = path.join(dir, 'S02_20300101.xlsx');
      await study.importRefused(db, [file], `${file}: not a readable xlsx workbook (not a zip archive)`);
    });

    it('random bytes behind a zip signature', CASE, async () => {
      const noise = binaryNoise(300_000, 7);
      noise.set([0x50, 0x4b, 0x03, 0x04]);
      const { dir, db } = study.newCase({ 'S02_20300101.xlsx': noise });
      const file = path.join(dir, 'S02_20300101.xlsx');
      await study.importRefused(db, [file], `${file}: not a readable xlsx workbook (truncated or corrupt)`);
    });

    it('a zip bomb disguised as xlsx, honest about its size', CASE, async () => {
      const bomb = zipBombXlsx({ gigabytes: 3, lieAboutSize: false });
      expect(bomb.length).toBeLessThan(5_000_000);
      const { dir, db } = study.newCase({ 'S02_20300101.xlsx': bomb });
      const file = path.join(dir, 'S02_20300101.xlsx');
      await study.importRefused(
        db,
        [dir],
        `${file}: refused: it would unzip to 3,221 MB, more than 300 MB (a zip bomb?)`,
      );
    });

    it('a zip bomb disguised as xlsx, lying about its size', CASE, async () => {
      const bomb = zipBombXlsx({ gigabytes: 3, lieAboutSize: true });
      const { dir, db } = study.newCase({ 'S02_20300101.xlsx': bomb });
      const file = path.join(dir, 'S02_20300101.xlsx');
      await study.importRefused(
        db,
        [file],
        `${file}: refused: part xl/worksheets/sheet1.xml expands more than 500 times (a zip bomb?)`,
      );
    });

    it('binary noise named .csv', CASE, async () => {
      const { dir, db } = study.newCase({ 'DM.csv': binaryNoise(200_000) });
      await study.importRefused(
        db,
        [dir],
        new RegExp(
          `^error: ${escape(path.join(dir, 'DM.csv'))}: not a text file \\(\\d+% of its bytes are control codes or neither UTF-8 nor CP949\\)$`,
        ),
      );
    });

    it('a PDF named .csv', CASE, async () => {
      const { dir, db } = study.newCase({
        'DM.csv': '%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n',
      });
      await study.importRefused(db, [dir], `${path.join(dir, 'DM.csv')}: a PDF document, not CSV text`);
    });

    it('a 5 MB cell', CASE, async () => {
      const { dir, db } = study.newCase({
        'DM.csv': dmCsv([dmRow('S07-001', 'S07')]),
        'AE.csv': aeCsv([aeRow('S07-001', 1), aeRow('S07-001', 2, { AETERM: '가'.repeat(5_000_000) })]),
      });
      await study.importRefused(
        db,
        [dir],
        `${path.join(dir, 'AE.csv')}: line 3, column 3 (AETERM): a cell of 5,000,000 characters; the limit is 32,767`,
      );
    });

    it('10,000 columns, in CSV and in xlsx', CASE, async () => {
      const header = [...DM_HEADER, ...Array.from({ length: 10_000 - DM_HEADER.length }, (_, i) => `X${i}`)];
      const row = header.map((h) => dmRow('S07-001', 'S07')[h] ?? '1');
      const { dir, db } = study.newCase({
        'DM.csv': csv([header, row]),
        'S07_20300101.xlsx': buildXlsx([{ name: 'DM', rows: [header, row] }]),
      });
      await study.importRefused(
        db,
        [path.join(dir, 'DM.csv')],
        `${path.join(dir, 'DM.csv')}: line 1: 10,000 columns; at most 1,000 are read`,
      );
      await study.importRefused(
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
      const { dir, db } = study.newCase({ 'DM.csv': utf8(text) });
      await study.importRefused(
        db,
        [dir],
        `${path.join(dir, 'DM.csv')}: line 3: NUL bytes: not a text file (or UTF-16 text without a byte order mark)`,
      );
    });

    it('mixed UTF-8 and CP949 lines in one file', CASE, async () => {
      const { dir, db } = study.newCase({
        'DM.csv': dmCsv([dmRow('S07-001', 'S07')]),
        'AE.csv': new Uint8Array([
          ...utf8(aeCsv([aeRow('S07-001', 1, { AETERM: '오심' })])),
          ...cp949(csv([['S07-001', '2', '구토', 'Vomiting', '2018-03-01', '', '1', 'N']])),
        ]),
      });
      await study.importRefused(
        db,
        [dir],
        `${path.join(dir, 'AE.csv')}: line 3: CP949 text, but line 2 is UTF-8 (mixed encodings); save the file again in one encoding`,
      );
    });

    it('an unbalanced quote', CASE, async () => {
      const { dir, db } = study.newCase({
        'DM.csv': dmCsv([dmRow('S07-001', 'S07')]),
        'AE.csv': `${aeCsv([aeRow('S07-001', 1)])}S07-001,2,"never closed,Nausea,2018-03-01,,1,N\r\nS07-001,3,x,Nausea,2018-03-02,,1,N\r\n`,
      });
      await study.importRefused(
        db,
        [dir],
        `${path.join(dir, 'AE.csv')}: line 3: a quoted field is never closed`,
      );
    });

    it('an empty folder', CASE, async () => {
      const { dir, db } = study.newCase();
      await study.importRefused(db, [dir], `${dir}: no data files (.csv, .tsv, .txt, .xlsx, .xlsm) found`);
    });

    it('a path that does not exist', CASE, async () => {
      const { dir, db } = study.newCase();
      await study.importRefused(
        db,
        [path.join(dir, 'S07_20300101')],
        `${path.join(dir, 'S07_20300101')}: no such file or folder`,
      );
    });
  });

  describe('the study database itself', () => {
    it('a database that does not exist is not created', CASE, async () => {
      const { dir } = study.newCase({ 'DM.csv': dmCsv([dmRow('S07-001', 'S07')]) });
      const db = path.join(path.dirname(dir), 'missing.db');
      const run = await runCli(['import', db, dir], { timeoutMs: CHILD_TIMEOUT });
      expectRefused(run, `${db}: no study database here; create one with init`);
      expect(fs.existsSync(db)).toBe(false);
    });

    it(
      'a file that is not a study database: text, an empty file, an SQLite database of another program, a folder',
      CASE,
      async () => {
        const { dir } = study.newCase({ 'DM.csv': dmCsv([dmRow('S07-001', 'S07')]) });
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
      const { dir, db } = study.newCase({ 'DM.csv': dmCsv([dmRow('S07-001', 'S07')]) });
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
      const { dir, db } = study.newCase({ 'DM.csv': dmCsv([dmRow('S07-001', 'S07')]) });
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
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
