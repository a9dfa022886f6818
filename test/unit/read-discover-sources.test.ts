import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StudyError } from '../../electron/core/common/errors';
import { listBatchExports } from '../../electron/core/import/batch-exports';
import { discoverSources } from '../../electron/core/import/discover-sources';
import { exportDateOfName } from '../../electron/core/import/named-export-date';
import type { SourceWarning } from '../../electron/core/import/source-paths';
import {
  chooseWorkbookSheets,
  formsNamedBy,
  requireOneSourcePerForm,
} from '../../electron/core/import/source-forms';

const FORMS = ['DM', 'EX', 'AE', 'RS', 'LB', 'DS', 'CM'];
const root = mkdtempSync(join(tmpdir(), 'cdm-discover-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let folders = 0;
/** A fresh folder holding the given files (relative path -> content). */
function folder(files: Record<string, string>): string {
  const dir = join(root, `case${++folders}`);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

function refusalError(run: () => unknown): StudyError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(StudyError);
    expect((error as StudyError).code).toBe('BAD_INPUT');
    expect((error as StudyError).message).not.toContain('\n');
    return error as StudyError;
  }
  throw new Error('expected a refusal');
}

const refusal = (run: () => unknown): string => refusalError(run).message;

/** The warnings as they read in English (their named values are the subject of import-notes.test.ts). */
const withoutArgs = (warnings: readonly SourceWarning[]) => warnings.map(({ args: _args, ...w }) => w);

describe('formsNamedBy and exportDateOfName', () => {
  it('matches whole tokens of the name, case-insensitively', () => {
    expect(formsNamedBy('S03_EX_20190115', FORMS)).toEqual(['EX']);
    expect(formsNamedBy('ae', FORMS)).toEqual(['AE']);
    expect(formsNamedBy('이상반응-AE(최종)', FORMS)).toEqual(['AE']);
    expect(formsNamedBy('ADMIN notes', FORMS)).toEqual([]);
    expect(formsNamedBy('DM_AE', FORMS)).toEqual(['DM', 'AE']);
  });

  it('reads real YYYYMMDD dates only', () => {
    expect(exportDateOfName('S03_EX_20190115')).toBe('2019-01-15');
    expect(exportDateOfName('S03_20190230_20190301')).toBe('2019-03-01');
    expect(exportDateOfName('S03_12345678')).toBeUndefined();
    expect(exportDateOfName('S0320190115')).toBeUndefined();
  });
});

describe('discoverSources', () => {
  it('walks a folder: data files with their forms; lock files and other files warned about; hidden files ignored', () => {
    const dir = folder({
      'DM.csv': 'x',
      'ae.csv': 'x',
      'S03_EX_20190115.csv': 'x',
      'LB.tsv': 'x',
      'CM.txt': 'x',
      'sub/deeper/RS.csv': 'x',
      'S03.xlsx': 'x',
      '~$S03.xlsx': 'x',
      'cover letter.pdf': 'x',
      'DS.xls': 'x',
      '.DS_Store': 'x',
      '.hidden/AE.csv': 'x',
    });
    const found = discoverSources([dir], { forms: FORMS });
    expect(found.files.map((f) => [relative(dir, f.displayPath), f.kind, f.form])).toEqual([
      ['CM.txt', 'delimited', 'CM'],
      ['DM.csv', 'delimited', 'DM'],
      ['LB.tsv', 'delimited', 'LB'],
      ['S03.xlsx', 'workbook', null],
      ['S03_EX_20190115.csv', 'delimited', 'EX'],
      ['ae.csv', 'delimited', 'AE'],
      ['sub/deeper/RS.csv', 'delimited', 'RS'],
    ]);
    expect(found.files.every((f) => f.path.startsWith('/') && f.displayPath.startsWith(dir))).toBe(true);
    expect(found.warnings.map((w) => [relative(dir, w.file), w.message])).toEqual([
      ['DS.xls', 'an Excel 97-2003 workbook, which is not read: save it as .xlsx or CSV; skipped'],
      ['cover letter.pdf', 'not a data file (.csv, .tsv, .txt, .xlsx, .xlsm); skipped'],
      ['~$S03.xlsx', 'an Office lock file (is the workbook open in Excel?); skipped'],
    ]);
    expect(found.namedDate?.date).toBe('2019-01-15');
  });

  it('names the file whose form cannot be told, and takes --form for it', () => {
    const dir = folder({ 'export.csv': 'x', 'AE.csv': 'x' });
    // The core's words name no door's controls; its kind lets the CLI add --form, the window its hint.
    const unnamed = refusalError(() => discoverSources([dir], { forms: FORMS }));
    expect(unnamed.message).toBe(
      `${join(dir, 'export.csv')}: the file name names no form (DM, EX, AE, RS, LB, DS, CM); rename it`,
    );
    expect(unnamed).toMatchObject({
      kind: 'FORM_NOT_NAMED',
      facts: { file: join(dir, 'export.csv'), expected: 'DM, EX, AE, RS, LB, DS, CM' },
    });
    const found = discoverSources([dir], { forms: FORMS, formOverride: 'dm' });
    expect(found.files.map((f) => [f.fileName, f.form])).toEqual([
      ['AE.csv', 'AE'],
      ['export.csv', 'DM'],
    ]);
    const unknown = refusalError(() => discoverSources([dir], { forms: FORMS, formOverride: 'XX' }));
    expect(unknown.message).toBe('form XX: not a form of this study (DM, EX, AE, RS, LB, DS, CM)');
    expect(unknown).toMatchObject({
      kind: 'FORM_UNKNOWN',
      facts: { form: 'XX', expected: 'DM, EX, AE, RS, LB, DS, CM' },
    });
  });

  it('refuses a name with two form tokens', () => {
    const dir = folder({ 'DM_AE.csv': 'x' });
    expect(refusal(() => discoverSources([join(dir, 'DM_AE.csv')], { forms: FORMS }))).toBe(
      `${join(dir, 'DM_AE.csv')}: the name names 2 forms (DM, AE); rename the file so that it names one`,
    );
  });

  it('refuses two files for one form, naming both', () => {
    const dir = folder({ 'AE.csv': 'x', 'old/ae_v2.csv': 'x' });
    expect(refusal(() => discoverSources([dir], { forms: FORMS }))).toBe(
      `${join(dir, 'old/ae_v2.csv')}: a second table for form AE, after ${join(dir, 'AE.csv')}; keep one`,
    );
  });

  it('refuses a folder without data files, a missing path, and an explicit file of another kind', () => {
    const dir = folder({ 'notes.pdf': 'x', '~$AE.xlsx': 'x' });
    expect(refusal(() => discoverSources([dir], { forms: FORMS }))).toBe(
      `${dir}: no data files (.csv, .tsv, .txt, .xlsx, .xlsm) found`,
    );
    expect(refusal(() => discoverSources([join(dir, 'nothing')], { forms: FORMS }))).toBe(
      `${join(dir, 'nothing')}: no such file or folder`,
    );
    expect(refusal(() => discoverSources([join(dir, 'notes.pdf')], { forms: FORMS }))).toBe(
      `${join(dir, 'notes.pdf')}: not a data file (.csv, .tsv, .txt, .xlsx, .xlsm)`,
    );
  });

  it('follows symbolic links once: a link loop ends, a file reached twice is read once', () => {
    const dir = folder({ 'DM.csv': 'x', 'sub/AE.csv': 'x' });
    symlinkSync('..', join(dir, 'sub', 'loop'));
    symlinkSync(join(dir, 'sub'), join(dir, 'again'));
    symlinkSync(join(dir, 'DM.csv'), join(dir, 'sub', 'DM-link.csv'));
    symlinkSync(join(dir, 'missing'), join(dir, 'broken'));
    const started = Date.now();
    const found = discoverSources([dir], { forms: FORMS });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(found.files.map((f) => relative(dir, f.displayPath))).toEqual(['DM.csv', 'again/AE.csv']);
    expect(found.warnings.map((w) => [relative(dir, w.file), w.message])).toEqual([
      ['again/DM-link.csv', `the same file as ${join(dir, 'DM.csv')}; read once`],
      ['again/loop', 'a folder already read by another path (a symbolic link); skipped'],
      ['broken', 'a symbolic link that leads nowhere (broken, or a loop); skipped'],
      ['sub', 'a folder already read by another path (a symbolic link); skipped'],
    ]);
  });

  it('refuses the whole export for a data file it names but cannot read: a broken link, a link loop, a folder', () => {
    const refused = (dir: string, entry: string, what: string) =>
      expect(refusal(() => discoverSources([dir], { forms: FORMS }))).toBe(
        `${join(dir, entry)}: ${what}; the export is not loaded without it (nothing was changed)`,
      );
    const broken = folder({ 'DM.csv': 'x' });
    symlinkSync(join(broken, 'missing.csv'), join(broken, 'AE.csv'));
    refused(broken, 'AE.csv', 'a symbolic link that leads nowhere (broken, or a loop)');
    const loop = folder({ 'DM.csv': 'x' });
    symlinkSync(join(loop, 'EX.csv'), join(loop, 'EX.csv'));
    refused(loop, 'EX.csv', 'a symbolic link that leads nowhere (broken, or a loop)');
    const asFolder = folder({ 'DM.csv': 'x', 'LB.csv/readme': 'x' });
    refused(asFolder, 'LB.csv', "a folder with a data file's name");
    const workbookFolder = folder({ 'DM.csv': 'x', 'S03.xlsx/x': 'x' });
    refused(workbookFolder, 'S03.xlsx', "a folder with a data file's name");
    // Given by its own path, too.
    expect(refusal(() => discoverSources([join(broken, 'AE.csv')], { forms: FORMS }))).toBe(
      `${join(broken, 'AE.csv')}: a symbolic link that leads nowhere (broken, or a loop); the export is not loaded without it (nothing was changed)`,
    );
  });

  it('refuses a folder tree far larger than a site export', () => {
    const dir = folder({});
    for (let i = 0; i < 100; i++) {
      mkdirSync(join(dir, `d${i}`));
      for (let j = 0; j < 100; j++) writeFileSync(join(dir, `d${i}`, `${j}.log`), '');
    }
    expect(refusal(() => discoverSources([dir], { forms: FORMS }))).toMatch(
      /: more than 10,000 files and folders; give the folder of one site export$/,
    );
  });

  it('takes the export date of the folder given first, else the latest of the files, with a warning', () => {
    const dated = folder({ 'S05_20190115/DM_20190110.csv': 'x' });
    expect(discoverSources([join(dated, 'S05_20190115')], { forms: FORMS }).namedDate).toEqual({
      date: '2019-01-15',
      source: 'folder name',
      name: 'S05_20190115',
      dates: ['2019-01-15'],
    });
    const files = folder({ 'DM_20190110.csv': 'x', 'AE_20190112.csv': 'x', 'EX.csv': 'x' });
    const found = discoverSources([files], { forms: FORMS });
    expect(found.namedDate).toEqual({
      date: '2019-01-12',
      source: 'file name',
      name: join(files, 'AE_20190112.csv'),
      dates: ['2019-01-10', '2019-01-12'],
    });
    expect(withoutArgs(found.warnings)).toEqual([
      {
        file: join(files, 'AE_20190112.csv'),
        message:
          'the names carry 2 export dates (2019-01-10, 2019-01-12); the latest, 2019-01-12, is taken unless the export date is given',
      },
    ]);
  });

  it('files given one by one whose names carry no date take the date of the folder holding them', () => {
    const dir = folder({ 'S01_20190111/AE.csv': 'x', 'S01_20190111/DM.csv': 'x', 'undated/EX.csv': 'x' });
    const named = discoverSources(
      [join(dir, 'S01_20190111', 'AE.csv'), join(dir, 'S01_20190111', 'DM.csv')],
      { forms: FORMS },
    ).namedDate;
    expect(named).toEqual({
      date: '2019-01-11',
      source: 'folder name',
      name: 'S01_20190111',
      dates: ['2019-01-11'],
    });
    // A date in a file's own name comes first.
    const own = folder({ 'S01_20190111/AE_20190110.csv': 'x' });
    expect(
      discoverSources([join(own, 'S01_20190111', 'AE_20190110.csv')], { forms: FORMS }).namedDate?.date,
    ).toBe('2019-01-10');
    expect(discoverSources([join(dir, 'undated', 'EX.csv')], { forms: FORMS }).namedDate).toBeUndefined();
  });
});

describe('chooseWorkbookSheets', () => {
  const sheet = (
    name: string,
    more: Partial<{ hidden: boolean; isWorksheet: boolean; hasCells: boolean }> = {},
  ) => ({
    name,
    hidden: false,
    isWorksheet: true,
    hasCells: true,
    ...more,
  });

  it('takes the visible sheets named by a form and warns about the others', () => {
    const choice = chooseWorkbookSheets(
      'S05.xlsx',
      [
        sheet('dm'),
        sheet('ae'),
        sheet('Codes', { hidden: true }),
        sheet('AE (old)', { hidden: true }),
        sheet('Notes'),
        sheet('Sheet3', { hasCells: false }),
      ],
      null,
      FORMS,
    );
    expect(choice.chosen).toEqual([
      { sheet: 'dm', form: 'DM' },
      { sheet: 'ae', form: 'AE' },
    ]);
    expect(withoutArgs(choice.warnings)).toEqual([
      { file: 'S05.xlsx', sheet: 'Codes', message: 'a hidden sheet; skipped (unhide it to load it)' },
      { file: 'S05.xlsx', sheet: 'AE (old)', message: 'a hidden sheet; skipped (unhide it to load it)' },
      {
        file: 'S05.xlsx',
        sheet: 'Notes',
        message: 'not named by a form of the study (DM, EX, AE, RS, LB, DS, CM); skipped',
      },
    ]);
  });

  it('takes the one sheet holding data of a workbook named by its form', () => {
    expect(
      chooseWorkbookSheets('EX.xlsx', [sheet('Sheet1'), sheet('Sheet2', { hasCells: false })], 'EX', FORMS),
    ).toEqual({ chosen: [{ sheet: 'Sheet1', form: 'EX' }], warnings: [] });
    expect(
      refusal(() => chooseWorkbookSheets('EX.xlsx', [sheet('Sheet1'), sheet('Sheet2')], 'EX', FORMS)),
    ).toBe(
      'EX.xlsx: sheets Sheet1, Sheet2 all hold data and none is named by a form; name each sheet by its form',
    );
    expect(refusal(() => chooseWorkbookSheets('S05.xlsx', [sheet('Sheet1')], null, FORMS))).toBe(
      'S05.xlsx: no sheet is named by a form (DM, EX, AE, RS, LB, DS, CM) and neither is the file; name the sheets by form',
    );
  });

  it('refuses two sheets for one form, naming both', () => {
    const choice = chooseWorkbookSheets('S05.xlsx', [sheet('AE'), sheet('ae_2')], null, FORMS);
    expect(
      refusal(() =>
        requireOneSourcePerForm(
          choice.chosen.map((c) => ({ form: c.form, file: 'S05.xlsx', sheet: c.sheet })),
        ),
      ),
    ).toBe('S05.xlsx, sheet ae_2: a second table for form AE, after S05.xlsx, sheet AE; keep one');
  });
});

describe('listBatchExports', () => {
  it('lists subfolders and workbooks by export date, then name; undated last', () => {
    const dir = folder({
      'S02_20190301/DM.csv': 'x',
      'S01_20190115/DM.csv': 'x',
      'S09/DM.csv': 'x',
      'S03.xlsx': 'x',
      'S04_20190201.xlsx': 'x',
      'S00_20190201.xlsm': 'x',
      'loose.csv': 'x',
      '~$S04_20190201.xlsx': 'x',
      '.DS_Store': 'x',
    });
    const warnings: SourceWarning[] = [];
    const exports = listBatchExports(dir, warnings);
    expect(exports.map((e) => [e.name, e.exportDateFromName ?? null])).toEqual([
      ['S01_20190115', '2019-01-15'],
      ['S00_20190201.xlsm', '2019-02-01'],
      ['S04_20190201.xlsx', '2019-02-01'],
      ['S02_20190301', '2019-03-01'],
      ['S03.xlsx', null],
      ['S09', null],
    ]);
    expect(exports[0]!.path).toBe(join(dir, 'S01_20190115'));
    expect(warnings.map((w) => w.message)).toEqual([
      'not a site export (a folder, an .xlsx workbook or a .zip); skipped',
      'an Office lock file (is the workbook open in Excel?); skipped',
    ]);
    expect(refusal(() => listBatchExports(join(dir, 'loose.csv')))).toBe(
      `${join(dir, 'loose.csv')}: not a folder`,
    );
  });
});
