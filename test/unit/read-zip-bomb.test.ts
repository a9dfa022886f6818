import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { StudyError } from '../../electron/core/common/errors';
import { checkZipArchive } from '../../electron/core/import/check-zip-archive';
import { readSiteExport } from '../../electron/core/import/read-site-export';
import { assembleZip, zipBombXlsx } from '../fixtures/hostile/hostile-files';

// Its own test file: vitest runs each file in a fresh process, so maxRSS is this file's peak.
const GiB = 1024 ** 3;
const FORMS = ['DM', 'EX', 'AE', 'RS', 'LB', 'DS', 'CM'];
const dir = mkdtempSync(join(tmpdir(), 'cdm-zip-bomb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(StudyError);
    expect((error as StudyError).code).toBe('BAD_INPUT');
    expect((error as StudyError).message).not.toContain('\n');
    return (error as StudyError).message;
  }
  throw new Error('expected a refusal');
}

describe('zip bombs', () => {
  it(
    'refuses a workbook that declares it unzips to 1.1 GB, without unzipping it',
    { timeout: 30_000 },
    () => {
      const bomb = zipBombXlsx({ gigabytes: 1.1, lieAboutSize: false });
      expect(bomb.length).toBeLessThan(3_000_000);
      const path = join(dir, 'S05_20190115.xlsx');
      writeFileSync(path, bomb);
      const started = Date.now();
      expect(refusal(() => readSiteExport([path], { forms: FORMS }))).toBe(
        `${path}: refused: it would unzip to 1,181 MB, more than 300 MB (a zip bomb?)`,
      );
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(process.memoryUsage().rss).toBeLessThan(GiB);
    },
  );

  it(
    'refuses a workbook that lies about its sizes as soon as a part expands absurdly',
    { timeout: 30_000 },
    () => {
      const bomb = zipBombXlsx({ gigabytes: 1.1, lieAboutSize: true });
      const path = join(dir, 'S06_20190115.xlsx');
      writeFileSync(path, bomb);
      const started = Date.now();
      expect(refusal(() => readSiteExport([path], { forms: FORMS }))).toBe(
        `${path}: refused: part xl/worksheets/sheet1.xml expands more than 500 times (a zip bomb?)`,
      );
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(process.resourceUsage().maxRSS * 1024).toBeLessThan(GiB);
    },
  );

  it('counts what parts really unzip to, whatever they declare', () => {
    const data = Buffer.from('<row>1</row>'.repeat(200_000));
    const part = {
      name: 'xl/worksheets/sheet1.xml',
      method: 8 as const,
      compressed: deflateRawSync(data),
      crc: crc32(data),
      size: data.length,
    };
    const zip = assembleZip(
      [part, { ...part, name: 'xl/worksheets/sheet2.xml' }].map((p) => ({ ...p, declaredSize: 100 })),
    );
    expect(refusal(() => checkZipArchive(zip, 'x.xlsx', { maxUnzippedBytes: 1_000_000 }))).toBe(
      'x.xlsx: refused: it unzips to more than 1 MB (a zip bomb?)',
    );
    expect(refusal(() => checkZipArchive(zip, 'x.xlsx', { maxUnzippedBytes: 3_000_000 }))).toBe(
      'x.xlsx: not a readable xlsx workbook (corrupt: part xl/worksheets/sheet1.xml fails its checksum)',
    );
    const honest = assembleZip([part, { ...part, name: 'xl/worksheets/sheet2.xml' }]);
    expect(refusal(() => checkZipArchive(honest, 'x.xlsx', { maxUnzippedBytes: 3_000_000 }))).toBe(
      'x.xlsx: refused: it would unzip to 5 MB, more than 3 MB (a zip bomb?)',
    );
    expect(() => checkZipArchive(honest, 'x.xlsx', { maxUnzippedBytes: 5_000_000 })).not.toThrow();
  });

  it('stays under 1 GiB of memory through all of it', () => {
    expect(process.resourceUsage().maxRSS * 1024).toBeLessThan(GiB);
  });
});
