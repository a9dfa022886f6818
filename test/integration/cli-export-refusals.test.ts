import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../shared/api/imports';
import { aeRow, exRow } from '../helpers/ae-data-fixtures';
import { expectDone, expectRefused } from '../helpers/cli-expect';
import { databaseHash } from '../helpers/database-hash';
import { runCli } from '../helpers/run-cli';
import { csvOf, dmRow, tempDir } from '../helpers/study-builder';

/**
 * Never half an export, never a wrong date (site-exports.md, Files and "Site and export date"),
 * through the real command line on a study that holds one export of site S07 (2030-01-01): each
 * refusal exits 1 with one `error:` line naming the entry, and the database is unchanged.
 */
const CASE = { timeout: 60_000 };
let root: string;
let baseDb: string;
let baseHash: string;
let cases = 0;

const S07 = (n: number) => `S07-00${n}`;
const exportFiles = (): Record<string, string> => ({
  'DM.csv': csvOf([dmRow(S07(1), 'S07'), dmRow(S07(2), 'S07')]),
  'EX.csv': csvOf([exRow(S07(1)), exRow(S07(2))]),
  'AE.csv': csvOf([aeRow(S07(1), 1)]),
});

/** A folder of files (content, or a function that makes the entry itself) under a fresh case folder, and a copy of the study. */
function newCase(
  folder: string,
  files: Record<string, string | ((file: string) => void)>,
): { dir: string; db: string } {
  const caseDir = path.join(root, `case-${++cases}`);
  const dir = path.join(caseDir, folder);
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    if (typeof content === 'function') content(file);
    else fs.writeFileSync(file, content);
  }
  const db = path.join(caseDir, 'study.db');
  fs.copyFileSync(baseDb, db);
  return { dir, db };
}

async function importRefused(db: string, args: string[], message: string): Promise<void> {
  expectRefused(await runCli(['import', db, ...args]), message);
  expect(databaseHash(db), 'the database changed').toBe(baseHash);
}

async function preview(db: string, args: string[]): Promise<ImportReport> {
  const run = await runCli(['import', db, ...args, '--dry-run', '--json']);
  expectDone(run);
  expect(databaseHash(db)).toBe(baseHash);
  return JSON.parse(run.stdout) as ImportReport;
}

const unreadable = (entry: string, what: string) =>
  `${entry}: ${what}; the export is not loaded without it (nothing was changed)`;

beforeAll(async () => {
  root = tempDir('cdm-cli-export-');
  baseDb = path.join(root, 'base.db');
  const first = path.join(root, 'S07_20300101');
  fs.mkdirSync(first);
  for (const [name, text] of Object.entries(exportFiles())) fs.writeFileSync(path.join(first, name), text);
  expectDone(await runCli(['init', baseDb]));
  expectDone(await runCli(['import', baseDb, first]));
  baseHash = databaseHash(baseDb);
}, 60_000);

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe.concurrent('a form file the export names but cannot read refuses the whole export', () => {
  it('an empty file (0 bytes), or one of blank lines', CASE, async () => {
    const empty = newCase('S07_20300201', { ...exportFiles(), 'AE.csv': '' });
    await importRefused(
      empty.db,
      [empty.dir],
      unreadable(path.join(empty.dir, 'AE.csv'), 'an empty file (0 bytes)'),
    );
    const blank = newCase('S07_20300201', { ...exportFiles(), 'EX.csv': '\r\n\r\n' });
    await importRefused(
      blank.db,
      [blank.dir],
      unreadable(path.join(blank.dir, 'EX.csv'), 'no header line (only blank lines)'),
    );
  });

  it('a link that leads nowhere, or loops', CASE, async () => {
    const broken = newCase('S07_20300201', {
      ...exportFiles(),
      'AE.csv': (file) => fs.symlinkSync(path.join(path.dirname(file), 'gone.csv'), file),
    });
    const link = 'a symbolic link that leads nowhere (broken, or a loop)';
    await importRefused(broken.db, [broken.dir], unreadable(path.join(broken.dir, 'AE.csv'), link));
    const loop = newCase('S07_20300201', {
      ...exportFiles(),
      'EX.csv': (file) => fs.symlinkSync(file, file),
    });
    await importRefused(loop.db, [loop.dir], unreadable(path.join(loop.dir, 'EX.csv'), link));
  });

  it('a folder with a form file’s name', CASE, async () => {
    const { dir, db } = newCase('S07_20300201', {
      ...exportFiles(),
      'CM.csv': (file) => fs.mkdirSync(file),
    });
    await importRefused(db, [dir], unreadable(path.join(dir, 'CM.csv'), "a folder with a data file's name"));
  });
});

describe.concurrent('the export date: never the day it happens to be loaded', () => {
  it('files given one by one take the date of the folder holding them', CASE, async () => {
    const { dir, db } = newCase('S07_20300101', exportFiles());
    const report = await preview(db, [path.join(dir, 'AE.csv'), path.join(dir, 'DM.csv')]);
    expect([report.exportDate, report.exportDateSource]).toEqual(['2030-01-01', 'folder name']);
    // The same export again: nothing new, changed or deleted (EX, not given, is left alone).
    expect(report.forms).toEqual({
      AE: { rows: 1, new: 0, changed: 0, deleted: 0 },
      DM: { rows: 2, new: 0, changed: 0, deleted: 0 },
    });
  });

  it('names and folder without a date: refused, asking for --export-date', CASE, async () => {
    const { dir, db } = newCase('from the site', exportFiles());
    const files = [path.join(dir, 'AE.csv'), path.join(dir, 'DM.csv')];
    await importRefused(
      db,
      files,
      `${files.join(', ')}: no export date: neither the file names nor the name of their folder carry one (YYYYMMDD); give it with --export-date YYYY-MM-DD`,
    );
    await importRefused(
      db,
      [dir],
      `${dir}: no export date: neither the file names nor the name of their folder carry one (YYYYMMDD); give it with --export-date YYYY-MM-DD`,
    );
    const given = await preview(db, [dir, '--export-date', '2030-02-01']);
    expect([given.exportDate, given.exportDateSource]).toEqual(['2030-02-01', 'user']);
  });

  it('--export-date that contradicts the names is refused unless confirmed', CASE, async () => {
    const { dir, db } = newCase('S07_20300201', exportFiles());
    await importRefused(
      db,
      [dir, '--export-date', '2030-03-01'],
      `${dir}: the export date given, 2030-03-01, contradicts the export date in the folder name S07_20300201 (2030-02-01); give --confirm-export-date to load it as an export of 2030-03-01`,
    );
    const confirmed = await preview(db, [dir, '--export-date', '2030-03-01', '--confirm-export-date']);
    expect([confirmed.exportDate, confirmed.exportDateSource]).toEqual(['2030-03-01', 'user']);
    const agreeing = await preview(db, [dir, '--export-date', '2030-02-01']);
    expect(agreeing.exportDate).toBe('2030-02-01');
    expectRefused(
      await runCli(['import', db, dir, '--confirm-export-date']),
      '--confirm-export-date goes with --export-date',
      2,
    );
  });

  it('--site of another site says which site the export is of', CASE, async () => {
    const { dir, db } = newCase('S07_20300201', exportFiles());
    await importRefused(
      db,
      [dir, '--site', 'S08'],
      `${path.join(dir, 'DM.csv')}, line 2: SITEID S07: this is an export of site S07, not of site S08, the site given with --site`,
    );
  });
});
