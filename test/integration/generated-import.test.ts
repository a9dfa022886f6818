import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateStudy } from '../../tools/generator/compose/generate-study';
import { openWorkbook } from '../../electron/core/import/read-xlsx';
import { loadStudyDefinition } from '../../electron/core/study/load-definition';
import { databaseHash } from '../helpers/database-hash';
import { newStudy, tempDir, testContext } from '../helpers/study-builder';
import { withUncodedColumns } from '../helpers/uncoded-columns';

/**
 * The foundation's promise on generated studies: every standardised value comes back exactly,
 * each round's import shows what the generator says changed, and a re-import changes nothing.
 */
const definition = loadStudyDefinition();
const ctx = testContext();
type Manifest = Awaited<ReturnType<typeof generateStudy>>;
type Expected = { siteId: string; exportDate: string; forms: Record<string, Record<string, unknown>[]> };

let dir: string;
let manifest: Manifest;

beforeAll(async () => {
  dir = tempDir('cdm-generated-');
  // 9 sites: every container, encoding and delimiter of the generator's site formats.
  manifest = await generateStudy({
    outDir: path.join(dir, 'gen'),
    seed: 11,
    subjects: 80,
    sites: 9,
    rounds: 3,
    definition,
  });
}, 120_000);

const keyOf = (form: string, record: Record<string, unknown>) => {
  const f = definition.forms.find((x) => x.code === form)!;
  return f.key.map((k) => String(record[k])).join('|');
};

describe('generated site exports load exactly', () => {
  it('imports every round with the expected values, counts, and a re-import that changes nothing', async () => {
    const { api, file } = newStudy({ dir: path.join(dir) });
    // Date cells written as bare numbers (site-exports.md, Values), per site and kind, over all rounds.
    const numberDates = new Map<string, { serial: number; year: number; yyyymmdd: number }>();
    // The encodings the import detected, per site.
    const encodings = new Map<string, Set<string | null>>();
    // Sites whose dates are in figures (index 6 day first, 7 month first): which way they were read.
    const figuresOrders = new Map<string, Set<string>>();
    for (const round of manifest.rounds) {
      const items = await api.call(
        'imports.batch',
        { dir: path.join(dir, 'gen', round.name), dryRun: false },
        ctx,
      );
      for (const item of items) expect('error' in item ? item.error : null, item.path).toBeNull();
      for (const item of items) {
        if ('error' in item) continue;
        const sum = numberDates.get(item.siteId) ?? { serial: 0, year: 0, yyyymmdd: 0 };
        for (const f of item.files) {
          encodings.set(item.siteId, (encodings.get(item.siteId) ?? new Set()).add(f.encoding));
          sum.serial += f.numberDates.serial;
          sum.year += f.numberDates.year;
          sum.yyyymmdd += f.numberDates.yyyymmdd;
        }
        numberDates.set(item.siteId, sum);
      }
      for (const siteExport of round.exports) {
        const item = items.find((i) => 'siteId' in i && i.siteId === siteExport.siteId);
        if (!item || 'error' in item) throw new Error(`${round.name} ${siteExport.siteId} was not imported`);
        expect(item.exportDate).toBe(round.exportDate);
        expect(
          item.warnings.filter((w) => w.code !== 'UNKNOWN_COLUMN' && w.code !== 'DATE_ORDER'),
          `${round.name} ${siteExport.siteId}`,
        ).toEqual([]);
        for (const w of item.warnings.filter((w) => w.code === 'DATE_ORDER')) {
          const orders = figuresOrders.get(item.siteId) ?? new Set<string>();
          orders.add(/read (day|month) first/.exec(w.message)![1]!);
          figuresOrders.set(item.siteId, orders);
        }
        for (const [form, counts] of Object.entries(siteExport.forms)) {
          expect(item.forms[form], `${round.name} ${siteExport.siteId} ${form}`).toEqual(counts);
        }
        const expected = JSON.parse(
          fs.readFileSync(path.join(dir, 'gen', siteExport.expected), 'utf8'),
        ) as Expected;
        for (const [form, records] of Object.entries(expected.forms)) {
          const page = await api.call('data.list', { form, site: siteExport.siteId, limit: 50_000 }, ctx);
          const actual = new Map(page.records.map((r) => [keyOf(form, r), { ...r }]));
          expect(actual.size, `${round.name} ${siteExport.siteId} ${form}`).toBe(records.length);
          for (const record of records)
            expect(
              actual.get(keyOf(form, record)),
              `${siteExport.siteId} ${form} ${keyOf(form, record)}`,
            ).toEqual(withUncodedColumns(definition, form, record));
        }
      }
    }
    // Loading the last delivery again: a preview of nothing, and nothing written.
    const before = databaseHash(file);
    const last = manifest.rounds.at(-1)!;
    const again = await api.call(
      'imports.batch',
      { dir: path.join(dir, 'gen', last.name), dryRun: true },
      ctx,
    );
    for (const item of again) {
      if ('error' in item) throw new Error(item.error);
      for (const counts of Object.values(item.forms))
        expect({ ...counts, rows: 0 }).toEqual({ rows: 0, new: 0, changed: 0, deleted: 0 });
    }
    expect(databaseHash(file)).toBe(before);
    // The generator writes bare-number dates: both xlsx sites (S02 in the 1900 date system, S06 in
    // the 1904 one) serial days and yyyymmdd numbers, one CSV site (S04) serial days as text, and
    // years typed into cells; every one of them came back as the expected date above.
    expect(manifest.siteFormats.S02!.container).toBe('xlsx');
    expect(manifest.siteFormats.S06!.container).toBe('xlsx');
    expect(manifest.siteFormats.S04!.container).toBe('csv');
    for (const site of ['S02', 'S06']) {
      expect(numberDates.get(site)!.serial, site).toBeGreaterThan(0);
      expect(numberDates.get(site)!.yyyymmdd, site).toBeGreaterThan(0);
    }
    expect(numberDates.get('S04')!.serial).toBeGreaterThan(0);
    expect([...numberDates.values()].reduce((n, c) => n + c.year, 0)).toBeGreaterThan(0);
    // Excel's "Unicode Text" (S09: UTF-16 LE with a byte order mark, tab-separated .txt) read as such.
    expect(manifest.siteFormats.S09).toMatchObject({ encoding: 'utf16le', delimiter: '\t' });
    expect([...encodings.get('S09')!]).toEqual(['utf-16le']);
    // (A CP949 file of ASCII only is also UTF-8, and reported so.)
    expect([...encodings.get('S03')!]).toContain('cp949');
    // Dates in figures either way round, read as the rest of their export shows (each came back as
    // the expected date above): S07 writes them day first, S08 month first, other sites by chance.
    const orders = Object.fromEntries([...figuresOrders].map(([site, o]) => [site, [...o]]));
    expect(orders).toMatchObject({ S07: ['day'], S08: ['month'] });
    for (const [site, o] of Object.entries(orders)) expect(o, site).toHaveLength(1);
    const s06 = manifest.rounds.at(-1)!.exports.find((e) => e.siteId === 'S06')!.path;
    const workbook = openWorkbook(fs.readFileSync(path.join(dir, 'gen', s06)), s06);
    expect(workbook.date1904).toBe(true);
    // And records the site stopped sending are kept, marked deleted, with their history.
    const deletedTotal = manifest.rounds
      .flatMap((r) => r.exports)
      .reduce((n, e) => n + Object.values(e.forms).reduce((m, f) => m + f.deleted, 0), 0);
    let kept = 0;
    for (const form of definition.forms)
      kept += (
        await api.call('data.list', { form: form.code, deleted: true, limit: 50_000 }, ctx)
      ).records.filter((r) => r._deleted === true).length;
    expect(kept).toBe(deletedTotal);
  }, 180_000);
});
