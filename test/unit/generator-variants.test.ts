import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateStudy } from '../../tools/generator/compose/generate-study';
import { formatFiguresDate, formatFullDate, formatPartialDate } from '../../tools/generator/messy-values';
import { buildSiteExport } from '../../tools/generator/site-export';
import { DATE_STYLES } from '../../tools/generator/site-formats';
import { simulateStudy, siteRowsAt } from '../../tools/generator/simulate-study';
import { dayToIso, parseDate } from '../../electron/core/standardise/dates';
import { runEditChecks, type Forms, type Rec } from './generator-edit-checks';
import { readBackSiteExport } from './generator-read-back';
import { definition, model, FORMS, temporaryFolders, treeHash } from './generator-study';

const tempDir = temporaryFolders();

describe('generator: date forms, seeds, series and sizes', () => {
  it('formats dates in every site-exports.md form, all read back to the same day', () => {
    for (const style of DATE_STYLES) {
      for (const title of [false, true]) {
        const text = formatFullDate('2018-03-05', style, title);
        const parsed = parseDate(text);
        expect(parsed, text).toMatchObject({ kind: 'date', iso: '2018-03-05' });
      }
    }
    // In figures, day and month before the year: read one way where the day is over 12, else both ways.
    for (const order of ['dayFirst', 'monthFirst'] as const) {
      expect(parseDate(formatFiguresDate('2018-03-25', order))).toMatchObject({ iso: '2018-03-25', order });
      expect(parseDate(formatFiguresDate('2018-03-05', order))).toMatchObject({
        readings: { [order]: { iso: '2018-03-05' } },
      });
    }
    for (const style of ['iso', 'unk', 'dot', 'un'] as const) {
      expect(parseDate(formatPartialDate('2018-03', style))).toMatchObject({
        kind: 'date',
        iso: '2018-03',
        partial: true,
      });
      expect(parseDate(formatPartialDate('2018', style))).toMatchObject({
        kind: 'date',
        iso: '2018',
        partial: true,
      });
    }
  });

  it('is deterministic for a seed, and a tiny study takes well under a second', async () => {
    const a = tempDir('a');
    const b = tempDir('b');
    const c = tempDir('c');
    const started = performance.now();
    const manifest = await generateStudy({ outDir: a, seed: 7, subjects: 20, sites: 2, definition });
    const elapsed = performance.now() - started;
    await generateStudy({ outDir: b, seed: 7, subjects: 20, sites: 2, definition });
    await generateStudy({ outDir: c, seed: 8, subjects: 20, sites: 2, definition });
    expect(elapsed).toBeLessThan(1000);
    const ha = treeHash(a);
    expect(ha.size).toBeGreaterThan(5);
    expect(treeHash(b)).toEqual(ha);
    expect(treeHash(c)).not.toEqual(ha);
    expect(manifest.rounds.at(-1)!.counts.DM).toBe(20);
    expect(new Set(Object.values(manifest.siteFormats).map((f) => f.container))).toEqual(
      new Set(['csv', 'xlsx']),
    );
  });

  it('stays clean at every cut-off of a long series of deliveries', () => {
    const study = simulateStudy(definition, { seed: 3, subjects: 300, sites: 8, rounds: 8 });
    for (let round = 0; round < study.rounds; round++) {
      const exportDate = dayToIso(study.timeline.exportDays[round]!);
      const merged: Forms = Object.fromEntries(FORMS.map((f) => [f, [] as Rec[]]));
      for (const siteId of study.siteIds) {
        const built = buildSiteExport(
          study.model,
          study.styles.get(siteId)!,
          exportDate,
          siteRowsAt(study, siteId, round),
        );
        for (const f of built.expected) merged[f.form]!.push(...f.records);
      }
      const findings = runEditChecks(definition, merged, exportDate);
      expect(findings.slice(0, 10), `round ${round + 1} (${exportDate})`).toEqual([]);
    }
  });

  it('stays clean for other seeds', () => {
    for (const seed of [11, 12, 13]) {
      const study = simulateStudy(definition, { seed, subjects: 300, sites: 5, rounds: 4 });
      for (let round = 0; round < study.rounds; round++) {
        const exportDate = dayToIso(study.timeline.exportDays[round]!);
        const merged: Forms = Object.fromEntries(FORMS.map((f) => [f, [] as Rec[]]));
        for (const siteId of study.siteIds) {
          for (const [form, rows] of siteRowsAt(study, siteId, round))
            merged[form]!.push(...rows.map((r) => r.values));
        }
        expect(
          runEditChecks(definition, merged, exportDate).slice(0, 10),
          `seed ${seed} round ${round + 1}`,
        ).toEqual([]);
      }
    }
  });

  it('scales: 2,000 subjects at 20 sites in a few seconds', async () => {
    const out = tempDir('scale');
    const started = performance.now();
    const manifest = await generateStudy({
      outDir: out,
      seed: 5,
      subjects: 2000,
      sites: 20,
      rounds: 2,
      definition,
    });
    const seconds = (performance.now() - started) / 1000;
    expect(manifest.rounds.at(-1)!.counts.DM).toBe(2000);
    expect(seconds).toBeLessThan(30);
  });

  it('writes forms with no records yet as header-only files and sheets', () => {
    const study = simulateStudy(definition, { seed: 2, subjects: 4, sites: 2, rounds: 1 });
    for (const siteId of study.siteIds) {
      const style = study.styles.get(siteId)!;
      const out = tempDir('empty');
      const built = buildSiteExport(study.model, style, '2019-01-11', new Map());
      for (const file of built.files) {
        fs.mkdirSync(path.dirname(path.join(out, file.path)), { recursive: true });
        fs.writeFileSync(path.join(out, file.path), file.bytes);
      }
      const tables = readBackSiteExport(model, path.join(out, built.name), style.format);
      expect(tables.map((t) => [t.form.code, t.records.length, t.source.header.length > 0])).toEqual(
        expect.arrayContaining(FORMS.map((f) => [f, 0, true])),
      );
    }
  });

  it('rejects impossible sizes', async () => {
    await expect(
      generateStudy({ outDir: tempDir('bad'), subjects: 3, sites: 5, definition }),
    ).rejects.toThrow(/sites/);
    await expect(generateStudy({ outDir: tempDir('bad'), subjects: 0, definition })).rejects.toThrow(
      /subjects/,
    );
  });
});
