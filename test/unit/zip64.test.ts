import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StudyError } from '../../electron/core/common/errors';
import { readSiteExport } from '../../electron/core/import/read-site-export';

/**
 * ZIP64 written for small files, as writers do that use it whatever the size: Info-ZIP with -fz
 * (into a file and into a pipe, which leaves the ZIP64 end record out), and Python's zipfile with
 * force_zip64 (a zip and an xlsx, streamed). The fixtures and the commands that made them are in
 * test/fixtures/zip64; each reads exactly as the folder or workbook it was made from.
 */
const FIXTURES = resolve('test/fixtures/zip64');
const FORMS = ['DM', 'EX', 'AE', 'RS', 'LB', 'DS', 'CM'];
const dir = mkdtempSync(join(tmpdir(), 'cdm-zip64-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Read = ReturnType<typeof readSiteExport>;
const cells = (read: Read) => read.tables.map((t) => [t.form, t.sheet, t.header, t.rows.map((r) => r.cells)]);

describe('zips and workbooks written with ZIP64', () => {
  const folder = readSiteExport([resolve('test/fixtures/passwords/S07_20190301')], { forms: FORMS });

  it.each([
    'infozip-fz.zip',
    'infozip-fz-piped.zip',
    'infozip-fz-zipcrypto.zip',
    'python-zip64-streamed.zip',
  ])('%s reads as the folder it was made from', (name) => {
    const read = readSiteExport([join(FIXTURES, name)], { forms: FORMS, password: 'S07-pw#2019' });
    expect(cells(read)).toEqual(cells(folder));
    expect(read.tables.find((t) => t.form === 'LB')!.rows).toHaveLength(600);
  });

  it('reads a workbook whose parts are ZIP64 entries as the workbook it was made from', () => {
    const plain = readSiteExport([resolve('test/fixtures/passwords/S08_20190401.xlsx')], { forms: FORMS });
    const wide = readSiteExport([join(FIXTURES, 'S08_20190401-zip64.xlsx')], { forms: FORMS });
    expect(cells(wide)).toEqual(cells(plain));
  });

  it('refuses a ZIP64 size whose ZIP64 field is missing, naming the file', () => {
    const bytes = Buffer.from(readFileSync(join(FIXTURES, 'python-zip64-streamed.zip')));
    // The first local header's ZIP64 field (id 0x0001, just after the name) renamed to an unknown id.
    const fieldAt = 30 + bytes.readUInt16LE(26);
    expect(bytes.readUInt16LE(fieldAt)).toBe(0x0001);
    bytes.writeUInt16LE(0x7777, fieldAt);
    const broken = join(dir, 'broken.zip');
    writeFileSync(broken, bytes);
    expect(() => readSiteExport([broken], { forms: FORMS })).toThrow(StudyError);
    expect(() => readSiteExport([broken], { forms: FORMS })).toThrow(
      `${broken}: not a readable zip archive (corrupt: a ZIP64 size without its ZIP64 field)`,
    );
  });
});
