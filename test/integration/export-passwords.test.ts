import fs from 'node:fs';
import path from 'node:path';
import officeCrypto from 'officecrypto-tool';
import { describe, expect, it } from 'vitest';
import { StudyError } from '../../electron/core/common/errors';
import { readSiteExport } from '../../electron/core/import/read-site-export';
import { databaseHash } from '../helpers/database-hash';
import { runCli } from '../helpers/run-cli';
import { newStudy, tempDir, testContext } from '../helpers/study-builder';

/**
 * Sites password-protect the zips and workbooks they mail (patient data by e-mail). The zips of
 * test/fixtures/passwords were made by Info-ZIP and 7-Zip (ZipCrypto, and WinZip's AES-128 and
 * AES-256, deflated and stored), the workbook encrypted as Excel does by officecrypto-tool; each
 * opens with its password to exactly what it was made from, and the password is used, never kept.
 */
const FIXTURES = path.resolve('test/fixtures/passwords');
const PASSWORD = 'S07-pw#2019';
const FORMS = ['DM', 'EX', 'AE', 'RS', 'LB', 'DS', 'CM'];
const ZIPS = ['zipcrypto-infozip', 'zipcrypto-7zip', 'aes256-7zip', 'aes128-stored-7zip'].map((name) =>
  path.join(FIXTURES, `${name}.zip`),
);
const ctx = testContext();

function refusal(run: () => unknown): StudyError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(StudyError);
    return error as StudyError;
  }
  throw new Error('expected a refusal');
}

describe('a zip with a password', () => {
  const plain = readSiteExport([path.join(FIXTURES, 'S07_20190301')], { forms: FORMS });
  const contents = (tables: typeof plain.tables) =>
    tables.map((t) => ({
      form: t.form,
      sha256: t.sha256,
      bytes: t.bytes,
      rows: t.rows,
      encoding: t.encoding,
    }));

  it.each(ZIPS)('%s opens with its password to the files it was made from', (zip) => {
    const read = readSiteExport([zip], { forms: FORMS, password: PASSWORD });
    expect(contents(read.tables)).toEqual(contents(plain.tables));
    expect(read.tables.find((t) => t.form === 'AE')!.rows[0]!.cells).toContain('호중구감소증');
    expect(read.tables.map((t) => t.path)).toEqual(
      plain.tables.map((t) => path.join(zip, 'S07_20190301', t.fileName)),
    );
  });

  it.each(ZIPS)('%s without its password, or with another, is refused by kind', (zip) => {
    const missing = refusal(() => readSiteExport([zip], { forms: FORMS }));
    expect(missing.kind).toBe('FILE_PASSWORD_NEEDED');
    expect(missing.facts).toEqual({ file: zip });
    expect(missing.message).toBe(
      `${zip}: a zip with a password (${path.join(zip, 'S07_20190301', 'AE.csv')} is encrypted): give its password, or unzip it and give the folder`,
    );
    const wrong = refusal(() => readSiteExport([zip], { forms: FORMS, password: 'S07-pw#2018' }));
    expect(wrong.kind).toBe('FILE_PASSWORD_WRONG');
    expect(wrong.message).toBe(
      `${zip}: the password given does not open ${path.join(zip, 'S07_20190301', 'AE.csv')}; nothing was changed`,
    );
  });

  it('opens a workbook Excel encrypted with a password, and asks for it by the same kinds', () => {
    const protectedBook = path.join(FIXTURES, 'S08_20190401-protected.xlsx');
    const plainBook = readSiteExport([path.join(FIXTURES, 'S08_20190401.xlsx')], { forms: FORMS });
    const read = readSiteExport([protectedBook], { forms: FORMS, password: 'S08-pw#2019' });
    const cells = (tables: typeof plain.tables) => tables.map((t) => [t.form, t.sheet, t.header, t.rows]);
    expect(cells(read.tables)).toEqual(cells(plainBook.tables));
    expect(read.tables[1]!.rows[0]!.cells).toContain('혈소판감소증');
    // The file's identity is the file received, as it is on disk.
    expect(read.tables[0]!.bytes).toBe(fs.statSync(protectedBook).size);

    const missing = refusal(() => readSiteExport([protectedBook], { forms: FORMS }));
    expect([missing.kind, missing.message]).toEqual([
      'FILE_PASSWORD_NEEDED',
      `${protectedBook}: a workbook with a password: give its password, or save it without one`,
    ]);
    const wrong = refusal(() => readSiteExport([protectedBook], { forms: FORMS, password: 'S08-pw#2018' }));
    expect([wrong.kind, wrong.message]).toEqual([
      'FILE_PASSWORD_WRONG',
      `${protectedBook}: the password given does not open it; nothing was changed`,
    ]);
  });

  it("opens a workbook in Office's older standard encryption (Excel 2007's)", async () => {
    const plainFile = path.join(FIXTURES, 'S08_20190401.xlsx');
    const standardBook = path.join(tempDir(), 'S08_20190401.xlsx');
    fs.writeFileSync(
      standardBook,
      await officeCrypto.encrypt(fs.readFileSync(plainFile), { password: 'S08-pw#2019', type: 'standard' }),
    );
    const plainBook = readSiteExport([plainFile], { forms: FORMS });
    const read = readSiteExport([standardBook], { forms: FORMS, password: 'S08-pw#2019' });
    const cells = (tables: typeof read.tables) => tables.map((t) => [t.form, t.sheet, t.header, t.rows]);
    expect(cells(read.tables)).toEqual(cells(plainBook.tables));
    const wrong = refusal(() => readSiteExport([standardBook], { forms: FORMS, password: 'S08-pw#2018' }));
    expect(wrong.kind).toBe('FILE_PASSWORD_WRONG');
  });

  it('loads through the window’s door, and the password is in no byte of the study', async () => {
    const { api, file } = newStudy();
    const zip = ZIPS[2]!;
    const before = databaseHash(file);
    await expect(api.call('imports.preview', { paths: [zip] }, ctx)).rejects.toMatchObject({
      kind: 'FILE_PASSWORD_NEEDED',
    });
    await expect(
      api.call('imports.preview', { paths: [zip], filePassword: 'not it' }, ctx),
    ).rejects.toMatchObject({ kind: 'FILE_PASSWORD_WRONG' });
    expect(databaseHash(file)).toBe(before);
    const preview = await api.call('imports.preview', { paths: [zip], filePassword: PASSWORD }, ctx);
    expect(JSON.stringify(preview)).not.toContain(PASSWORD);
    const report = await api.call('imports.commit', { previewId: preview.previewId }, ctx);
    expect(report.forms.LB?.new).toBe(600);
    expect(JSON.stringify(await api.call('imports.list', {}, ctx))).not.toContain(PASSWORD);
    for (const suffix of ['', '-wal'])
      if (fs.existsSync(`${file}${suffix}`))
        expect(fs.readFileSync(`${file}${suffix}`).includes(Buffer.from(PASSWORD))).toBe(false);
  });

  it('is read from standard input by the command line, which says how when it is missing', async () => {
    const { file } = newStudy();
    const zip = ZIPS[0]!;
    const missing = await runCli(['import', file, zip]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe(
      `error: ${zip}: a zip with a password (${path.join(zip, 'S07_20190301', 'AE.csv')} is encrypted): give its password, or unzip it and give the folder (the password on standard input: --file-password-stdin)`,
    );
    const loaded = await runCli(['import', file, zip, '--file-password-stdin'], { input: `${PASSWORD}\n` });
    expect(loaded.stderr).toBe('');
    expect(loaded.code).toBe(0);
    expect(loaded.stdout.split('\n')[0]).toBe(
      'Imported site S07, export of 2019-03-01 (folder name) as import #1',
    );
  });
});

describe('a delivery whose exports have passwords', () => {
  /** S07 zipped with ZipCrypto (S07-pw#2019), S08 a workbook Excel encrypted (S08-pw#2019). */
  function delivery(): string {
    const dir = tempDir();
    fs.copyFileSync(path.join(FIXTURES, 'zipcrypto-infozip.zip'), path.join(dir, 'S07_20190301.zip'));
    fs.copyFileSync(path.join(FIXTURES, 'S08_20190401-protected.xlsx'), path.join(dir, 'S08_20190401.xlsx'));
    return dir;
  }
  const failures = (items: { path: string; error?: string; kind?: string }[]) =>
    items.filter((i) => 'error' in i).map((i) => [path.basename(i.path), i.kind]);

  it('opens with one password those it fits; each other fails by itself, by kind', async () => {
    const { api } = newStudy();
    const dir = delivery();
    const none = await api.call('imports.batch', { dir, dryRun: true }, ctx);
    expect(failures(none)).toEqual([
      ['S07_20190301.zip', 'FILE_PASSWORD_NEEDED'],
      ['S08_20190401.xlsx', 'FILE_PASSWORD_NEEDED'],
    ]);
    const s07 = await api.call('imports.batch', { dir, dryRun: false, filePassword: PASSWORD }, ctx);
    expect(failures(s07)).toEqual([['S08_20190401.xlsx', 'FILE_PASSWORD_WRONG']]);
    expect(s07.flatMap((i) => ('siteId' in i ? [[i.siteId, i.forms.LB?.new]] : []))).toEqual([['S07', 600]]);
    const s08 = await api.call('imports.batch', { dir, dryRun: false, filePassword: 'S08-pw#2019' }, ctx);
    expect(failures(s08)).toEqual([['S07_20190301.zip', 'FILE_PASSWORD_WRONG']]);
    expect((await api.call('imports.list', {}, ctx)).map((i) => i.siteId).sort()).toEqual(['S07', 'S08']);
  });

  it('takes the password from standard input with --batch, and keeps it nowhere', async () => {
    const { file } = newStudy();
    const batch = await runCli(['import', file, '--batch', delivery(), '--file-password-stdin'], {
      input: PASSWORD,
    });
    expect(batch.code).toBe(1);
    expect(batch.stderr).toMatch(/^error: 1 of 2 site exports failed: .*S08_20190401\.xlsx\n$/);
    expect(batch.stdout).toContain('S07');
    for (const suffix of ['', '-wal'])
      if (fs.existsSync(`${file}${suffix}`))
        expect(fs.readFileSync(`${file}${suffix}`).includes(Buffer.from(PASSWORD))).toBe(false);
  });
});
