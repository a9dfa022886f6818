import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateStudy } from '../../tools/generator/compose/generate-study';
import { loadStudyDefinition } from '../../electron/core/study/load-definition';
import { databaseHash } from '../helpers/database-hash';
import { runCli } from '../helpers/run-cli';
import { newStudy, tempDir, testContext } from '../helpers/study-builder';

/**
 * A delivery folder (several sites' exports side by side) is told apart from one site export: the
 * window offers to load it as a delivery, and loading it as one export is refused in words that
 * say what it is, instead of a puzzling "second table for form AE".
 */
const ctx = testContext();
let gen: string;
let round1: string;

beforeAll(async () => {
  gen = path.join(tempDir('cdm-delivery-'), 'gen');
  await generateStudy({
    outDir: gen,
    seed: 5,
    subjects: 30,
    sites: 3,
    rounds: 1,
    definition: loadStudyDefinition(),
  });
  round1 = path.join(gen, 'round-1');
}, 60_000);

describe('a delivery folder', () => {
  it('lists its site exports in loading order, and nothing for one site export', async () => {
    const { api } = newStudy();
    const names = fs.readdirSync(round1).sort();
    const delivery = await api.call('imports.delivery', { paths: [round1] }, ctx);
    expect(delivery?.dir).toBe(round1);
    expect(delivery?.exports.map((e) => e.name).sort()).toEqual(names);
    for (const e of delivery!.exports) expect(e.exportDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    for (const name of names) {
      expect(await api.call('imports.delivery', { paths: [path.join(round1, name)] }, ctx)).toBeNull();
    }
    // A list of paths is always one export (the files of one site), never a delivery.
    const list = names.map((n) => path.join(round1, n));
    expect(await api.call('imports.delivery', { paths: list }, ctx)).toBeNull();
  });

  it('is refused as one export, naming what it is, with nothing written', async () => {
    const { api, file } = newStudy();
    const before = databaseHash(file);
    await expect(api.call('imports.preview', { paths: [round1] }, ctx)).rejects.toThrow(
      /a delivery of 3 site exports .* load it as a delivery/,
    );
    const run = await runCli(['import', file, round1]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      `error: ${round1}: a delivery of 3 site exports (subfolders, workbooks or zips), not one export; load it as a delivery (import --batch)`,
    ]);
    expect(databaseHash(file)).toBe(before);
  });

  it('previews then loads every export of the delivery', async () => {
    const { api } = newStudy();
    const preview = await api.call('imports.batch', { dir: round1, dryRun: true }, ctx);
    expect(preview.every((i) => !('error' in i) && i.importId === null)).toBe(true);
    expect(await api.call('imports.list', {}, ctx)).toEqual([]);
    const loaded = await api.call('imports.batch', { dir: round1, dryRun: false }, ctx);
    expect(loaded.map((i) => ('error' in i ? i.error : i.siteId)).sort()).toEqual(['S01', 'S02', 'S03']);
    expect(await api.call('imports.list', {}, ctx)).toHaveLength(3);
  });
});
