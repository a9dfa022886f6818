import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { StudyError } from '../../electron/core/common/errors';
import { discoverSources } from '../../electron/core/import/discover-sources';
import { readSiteExport } from '../../electron/core/import/read-site-export';
import { assembleZip, deflatedPart } from '../fixtures/hostile/hostile-files';
import { buildXlsx } from '../fixtures/xlsx-writer';

const FORMS = ['DM', 'EX', 'AE', 'RS', 'LB', 'DS', 'CM'];
const dir = mkdtempSync(join(tmpdir(), 'cdm-export-zip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DM = 'SITEID,SUBJID,SEX\r\nS01,S01-001,M\r\nS01,S01-002,F\r\n';
const AE = 'SITEID,SUBJID,AESEQ,AETERM\r\nS01,S01-001,1,두통\r\n';
const sha256 = (text: string | Uint8Array) => createHash('sha256').update(text).digest('hex');

function write(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(StudyError);
    expect((error as StudyError).message).not.toContain('\n');
    return (error as StudyError).message;
  }
  throw new Error('expected a refusal');
}

describe('a site export sent as a zip', () => {
  it('reads as the folder it holds, each file named under the archive, with the file’s own checksum', () => {
    const zip = write(
      'S01_20190111.zip',
      zipSync({ 'S01_20190111/DM.csv': strToU8(DM), 'S01_20190111/AE.csv': strToU8(AE) }),
    );
    const read = readSiteExport([zip], { forms: FORMS });
    expect(read.tables.map((t) => [t.form, t.path, t.fileName, t.sha256, t.bytes])).toEqual([
      ['AE', join(zip, 'S01_20190111', 'AE.csv'), 'AE.csv', sha256(AE), Buffer.byteLength(AE)],
      ['DM', join(zip, 'S01_20190111', 'DM.csv'), 'DM.csv', sha256(DM), DM.length],
    ]);
    expect(read.tables[0]!.rows.map((r) => [r.line, r.cells])).toEqual([
      [2, ['S01', 'S01-001', '1', '두통']],
    ]);
    expect(read.namedDate).toMatchObject({
      date: '2019-01-11',
      source: 'file name',
      name: 'S01_20190111.zip',
    });
    expect(read.warnings).toEqual([]);
  });

  it('reads the names Korean Windows writes (CP949, no UTF-8 flag) and Info-ZIP’s Unicode path', () => {
    const cp949 = deflatedPart('', DM);
    cp949.nameBytes = iconv.encode('서울병원_20190111/인구학_DM.csv', 'cp949');
    const withField = deflatedPart('', AE);
    const rawName = Buffer.from('??_AE.csv', 'latin1');
    const unicode = Buffer.from('이상반응_AE.csv', 'utf8');
    const field = Buffer.alloc(4 + 5 + unicode.length);
    field.writeUInt16LE(0x7075, 0);
    field.writeUInt16LE(5 + unicode.length, 2);
    field.writeUInt8(1, 4);
    field.writeUInt32LE(crc32(rawName) >>> 0, 5);
    unicode.copy(field, 9);
    withField.nameBytes = rawName;
    withField.extra = field;
    const zip = write('korean.zip', assembleZip([cp949, withField]));
    const read = readSiteExport([zip], { forms: FORMS });
    expect(read.tables.map((t) => [t.form, t.path])).toEqual([
      ['DM', join(zip, '서울병원_20190111', '인구학_DM.csv')],
      ['AE', join(zip, '이상반응_AE.csv')],
    ]);
    // The zip's name carries no date: the folder inside it does.
    expect(read.namedDate).toMatchObject({
      date: '2019-01-11',
      source: 'folder name',
      name: '서울병원_20190111',
    });
  });

  it('shows control characters of an entry name as ?, so that messages stay one line', () => {
    const zip = write('S06_20190111.zip', zipSync({ 'S06/DM\n\u0007.csv': strToU8('') }));
    expect(refusal(() => readSiteExport([zip], { forms: FORMS }))).toBe(
      `${join(zip, 'S06', 'DM??.csv')}: an empty file (0 bytes); the export is not loaded without it (nothing was changed)`,
    );
  });

  it('skips what a folder walk skips, and does not open a zip inside the zip', () => {
    const zip = write(
      'S02_20190111.zip',
      zipSync({
        'S02/DM.csv': strToU8(DM.replaceAll('S01', 'S02')),
        'S02/': new Uint8Array(),
        '__MACOSX/S02/._DM.csv': strToU8('\u0000\u0005\u0016\u0007'),
        'S02/.DS_Store': strToU8('x'),
        'S02/~$DM.xlsx': strToU8('x'),
        'S02/readme.pdf': strToU8('%PDF'),
        'S02/old.zip': zipSync({ 'AE.csv': strToU8(AE) }),
      }),
    );
    const read = readSiteExport([zip], { forms: FORMS });
    expect(read.tables.map((t) => t.fileName)).toEqual(['DM.csv']);
    expect(read.warnings.map((w) => [w.file, w.message])).toEqual([
      [
        join(zip, 'S02', 'old.zip'),
        'a zip archive inside the export is not opened; skipped (give the zip by itself, or unzip it)',
      ],
      [join(zip, 'S02', 'readme.pdf'), 'not a data file (.csv, .tsv, .txt, .xlsx, .xlsm); skipped'],
      [join(zip, 'S02', '~$DM.xlsx'), 'an Office lock file (is the workbook open in Excel?); skipped'],
    ]);
  });

  it('reads a workbook inside the zip', () => {
    const workbook = buildXlsx([
      {
        name: 'DM',
        rows: [
          ['SITEID', 'SUBJID', 'SEX'],
          ['S03', 'S03-001', 'F'],
        ],
      },
    ]);
    const zip = write('S03_20190111.xlsx.zip', zipSync({ 'S03_20190111.xlsx': workbook }));
    const read = readSiteExport([zip], { forms: FORMS });
    expect(read.tables.map((t) => [t.form, t.sheet, t.path, t.sha256])).toEqual([
      ['DM', 'DM', join(zip, 'S03_20190111.xlsx'), sha256(workbook)],
    ]);
    expect(read.tables[0]!.rows[0]!.cells).toEqual(['S03', 'S03-001', 'F']);
    expect(read.namedDate?.date).toBe('2019-01-11');
  });

  it('asks for the password of an encrypted entry, naming the zip and the entry', () => {
    const part = deflatedPart('S04/DM.csv', DM);
    const zip = write('S04_20190111.zip', assembleZip([{ ...part, flags: 1 }]));
    expect(refusal(() => readSiteExport([zip], { forms: FORMS }))).toBe(
      `${zip}: a zip with a password (${join(zip, 'S04', 'DM.csv')} is encrypted): give its password, or unzip it and give the folder`,
    );
    // PKWARE's strong encryption (flag 6) is not read, password or not.
    const strong = write('strong.zip', assembleZip([{ ...part, flags: 0x41 }]));
    expect(refusal(() => readSiteExport([strong], { forms: FORMS, password: 'x' }))).toBe(
      `${join(strong, 'S04', 'DM.csv')}: not a readable zip archive (part S04/DM.csv uses PKWARE's strong encryption, which is not read)`,
    );
  });

  it('refuses an entry named outside the archive, a file that is not a zip, and a truncated one', () => {
    const slip = write('slip.zip', assembleZip([deflatedPart('../../DM.csv', DM)]));
    expect(refusal(() => readSiteExport([slip], { forms: FORMS }))).toBe(
      `${slip}: the entry ../../DM.csv names a place outside the archive; not read`,
    );
    const fake = write('fake.zip', strToU8('SITEID,SUBJID\n'));
    expect(refusal(() => readSiteExport([fake], { forms: FORMS }))).toBe(
      `${fake}: not a readable zip archive (not a zip archive)`,
    );
    const whole = zipSync({ 'DM.csv': strToU8(DM.repeat(50)) });
    const truncated = write('truncated.zip', whole.subarray(0, whole.length - 30));
    expect(refusal(() => readSiteExport([truncated], { forms: FORMS }))).toBe(
      `${truncated}: not a readable zip archive (truncated or corrupt)`,
    );
  });

  it('refuses an entry that fails its checksum, one compressed by another method, and one that expands absurdly (a zip bomb)', () => {
    const part = deflatedPart('DM.csv', DM);
    const corrupt = write('corrupt.zip', assembleZip([{ ...part, crc: part.crc ^ 1 }]));
    expect(refusal(() => readSiteExport([corrupt], { forms: FORMS }))).toBe(
      `${join(corrupt, 'DM.csv')}: not a readable zip archive (corrupt: part DM.csv fails its checksum)`,
    );
    const lzma = write('lzma.zip', assembleZip([{ ...part, method: 14 as 8 }]));
    expect(refusal(() => readSiteExport([lzma], { forms: FORMS }))).toBe(
      `${join(lzma, 'DM.csv')}: not a readable zip archive (part DM.csv is compressed with LZMA (method 14), which is not read; zip it again with Deflate, the usual method)`,
    );
    // 64 MiB of spaces from about 64 KB, declaring 4 KB.
    const segment = deflateRawSync(Buffer.alloc(1 << 20, 0x20), {
      level: 9,
      finishFlush: constants.Z_FULL_FLUSH,
    });
    const stream = Buffer.concat([...Array<Buffer>(64).fill(segment), Buffer.from([0x03, 0x00])]);
    const bomb = write(
      'bomb.zip',
      assembleZip([{ name: 'DM.csv', method: 8, compressed: stream, crc: 0, size: 4096 }]),
    );
    expect(refusal(() => readSiteExport([bomb], { forms: FORMS }))).toBe(
      `${join(bomb, 'DM.csv')}: refused: part DM.csv expands more than 500 times (a zip bomb?)`,
    );
  });

  it('says a zip of a delivery is one, before its forms collide, and reads one export split in folders', () => {
    const dm = strToU8(DM);
    const ae = strToU8(AE);
    const refused = (name: string, files: Record<string, Uint8Array>) => {
      const zip = write(name, zipSync(files));
      expect(refusal(() => readSiteExport([zip], { forms: FORMS }))).toBe(
        `${zip}: a zip of 2 site exports (folders or workbooks), not one export; unzip it and load its folder as a delivery`,
      );
    };
    refused('flat.zip', { 'S01/DM.csv': dm, 'S01/AE.csv': ae, 'S03/s03_dm.csv': dm });
    refused('nested.zip', { 'delivery/2019/S01/DM.csv': dm, 'delivery/2019/S03/DM.csv': dm });
    const workbook = buildXlsx([
      {
        name: 'DM',
        rows: [
          ['SITEID', 'SUBJID'],
          ['S02', 'S02-001'],
        ],
      },
    ]);
    refused('books.zip', { 'S02_20190111.xlsx': workbook, 'S05_20190111.xlsx': workbook });

    const split = write(
      'S01_20190111_split.zip',
      zipSync({ 'S01/demography/DM.csv': dm, 'S01/safety/AE.csv': ae }),
    );
    expect(readSiteExport([split], { forms: FORMS }).tables.map((t) => t.form)).toEqual(['DM', 'AE']);
  });

  it('is opened only when given: a zip found in a folder is skipped with a warning', () => {
    const folder = join(dir, 'S05_20190111');
    mkdirSync(folder);
    writeFileSync(join(folder, 'DM.csv'), DM);
    writeFileSync(join(folder, 'backup.zip'), zipSync({ 'AE.csv': strToU8(AE) }));
    const found = discoverSources([folder], { forms: FORMS });
    expect(found.files.map((f) => f.fileName)).toEqual(['DM.csv']);
    expect(found.warnings.map((w) => w.file)).toEqual([join(folder, 'backup.zip')]);
  });
});
