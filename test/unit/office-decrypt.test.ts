import fs from 'node:fs';
import path from 'node:path';
import officeCrypto from 'officecrypto-tool';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { decryptOfficeFile, isCompoundFile } from '../../electron/core/common/office-decrypt';

/**
 * Workbooks Excel encrypts with a password, written by officecrypto-tool (an implementation of
 * MS-OFFCRYPTO independent of this project): each opens to exactly the bytes it was made from, and
 * every way it can fail is told apart.
 */
const FIXTURES = path.resolve('test/fixtures/passwords');
const plain = fs.readFileSync(path.join(FIXTURES, 'S08_20190401.xlsx'));
const agile = fs.readFileSync(path.join(FIXTURES, 'S08_20190401-protected.xlsx'));
const PASSWORD = 'S08-pw#2019';

/** The EncryptionInfo stream's version, rewritten in place (its first four bytes). */
function withVersion(file: Buffer, major: number, minor: number): Buffer {
  const container = XLSX.CFB.read(file, { type: 'buffer' });
  const info = XLSX.CFB.find(container, 'EncryptionInfo');
  const content = Buffer.from(info.content);
  content.writeUInt16LE(major, 0);
  content.writeUInt16LE(minor, 2);
  info.content = content;
  return Buffer.from(XLSX.CFB.write(container, { type: 'buffer' }));
}

describe('workbooks encrypted with a password', () => {
  it.each([
    ['agile (Excel 2010 and later), a fixture', async () => agile, PASSWORD],
    [
      'standard (Excel 2007), made here',
      async () => officeCrypto.encrypt(plain, { password: '암호 2019', type: 'standard' }),
      '암호 2019',
    ],
    [
      'agile, with a password not in ASCII',
      async () => officeCrypto.encrypt(plain, { password: '병원-암호' }),
      '병원-암호',
    ],
  ])('%s: opens to the workbook it was made from', async (_, make, password) => {
    const encrypted = await make();
    expect(isCompoundFile(encrypted)).toBe(true);
    const opened = decryptOfficeFile(encrypted, password);
    expect(opened.kind).toBe('decrypted');
    expect(opened.kind === 'decrypted' && Buffer.from(opened.bytes).equals(plain)).toBe(true);
    expect(decryptOfficeFile(encrypted, undefined)).toEqual({ kind: 'needsPassword' });
    expect(decryptOfficeFile(encrypted, `${password} `)).toEqual({ kind: 'wrongPassword' });
  });

  it('tells apart a workbook without encryption and schemes it does not read', () => {
    expect(isCompoundFile(plain)).toBe(false);
    const xls = Buffer.from(
      XLSX.write(XLSX.utils.book_new(XLSX.utils.aoa_to_sheet([['SUBJID'], ['S08-001']])), {
        type: 'buffer',
        bookType: 'xls',
      }),
    );
    expect(isCompoundFile(xls)).toBe(true);
    expect(decryptOfficeFile(xls, PASSWORD)).toEqual({ kind: 'notEncrypted' });
    expect(decryptOfficeFile(withVersion(agile, 4, 3), PASSWORD)).toEqual({
      kind: 'unsupported',
      why: "Office's extensible encryption (version 4.3)",
    });
    expect(decryptOfficeFile(withVersion(agile, 1, 1), PASSWORD)).toEqual({
      kind: 'unsupported',
      why: 'an unknown scheme (version 1.1)',
    });
  });
});
