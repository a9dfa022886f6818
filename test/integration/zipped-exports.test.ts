import fs from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateStudy } from '../../tools/generator/compose/generate-study';
import { loadStudyDefinition } from '../../electron/core/study/load-definition';
import { differingColumns } from '../helpers/normalised-database-hash';
import { runCli } from '../helpers/run-cli';
import { newStudy, tempDir, testContext } from '../helpers/study-builder';

/**
 * Sites mail their exports zipped. A delivery of zips loads into the same study as the same
 * delivery unzipped: only where each file came from differs.
 */
const ctx = testContext();
let round1: string;
let zipped: string;

/** Each export of the delivery as a zip: a folder with its folder inside, a workbook by itself. */
function zipDelivery(from: string, to: string): void {
  fs.mkdirSync(to);
  for (const name of fs.readdirSync(from)) {
    const source = path.join(from, name);
    const entries: Record<string, Uint8Array> = {};
    if (fs.statSync(source).isDirectory()) {
      for (const file of fs.readdirSync(source))
        entries[`${name}/${file}`] = fs.readFileSync(path.join(source, file));
    } else {
      entries[name] = fs.readFileSync(source);
    }
    fs.writeFileSync(path.join(to, `${path.parse(name).name}.zip`), zipSync(entries));
  }
}

beforeAll(async () => {
  const dir = tempDir('cdm-zipped-');
  await generateStudy({
    outDir: path.join(dir, 'gen'),
    seed: 11,
    subjects: 30,
    sites: 3,
    rounds: 1,
    definition: loadStudyDefinition(),
  });
  round1 = path.join(dir, 'gen', 'round-1');
  zipped = path.join(dir, 'zipped');
  zipDelivery(round1, zipped);
}, 60_000);

describe('a delivery of zipped exports', () => {
  it('is listed and dated as the same delivery unzipped', async () => {
    const { api } = newStudy();
    const plain = await api.call('imports.delivery', { paths: [round1] }, ctx);
    const zips = await api.call('imports.delivery', { paths: [zipped] }, ctx);
    expect(zips?.exports.map((e) => [path.parse(e.name).name, e.exportDate])).toEqual(
      plain?.exports.map((e) => [path.parse(e.name).name, e.exportDate]),
    );
    for (const e of zips!.exports) {
      expect(await api.call('imports.namedDate', { paths: [e.path] }, ctx)).toMatchObject({
        date: e.exportDate,
      });
    }
  });

  it('loads into the same study as the delivery unzipped, each file named under its zip', async () => {
    const a = newStudy();
    const b = newStudy();
    await a.api.call('imports.batch', { dir: round1, dryRun: false }, ctx);
    await b.api.call('imports.batch', { dir: zipped, dryRun: false }, ctx);
    const differing = differingColumns(a.file, b.file).filter((c) => c !== 'study.created_at');
    // What was given (the zip) and where each file lay: nothing else (this study's exports hold no
    // note naming a file, which would name it under the zip too).
    expect(differing.sort()).toEqual(['import_sources.path', 'imports.source']);

    const sources = (file: string) =>
      new Database(file, { readonly: true })
        .prepare('SELECT path, file_name, sheet, sha256, rows FROM import_sources ORDER BY id')
        .all() as { path: string }[];
    const unzippedName = (p: string) =>
      p
        .replace(zipped, round1)
        .replace(/(S\d+_\d{8})\.zip(?:[\\/]\1)?/, (_m, name: string) => name)
        .replace(/\.zip([\\/].*\.xlsx)$/, '$1');
    const plainSources = sources(a.file);
    const zippedSources = sources(b.file);
    expect(zippedSources.length).toBeGreaterThan(3);
    for (const s of zippedSources) expect(s.path).toMatch(/\.zip[\\/]/);
    expect(zippedSources.map((s) => ({ ...s, path: unzippedName(s.path) }))).toEqual(plainSources);
  });

  it('loads one zip from the command line, naming it as the source', async () => {
    const { file } = newStudy();
    const folder = fs.readdirSync(round1).find((n) => fs.statSync(path.join(round1, n)).isDirectory())!;
    const zip = path.join(zipped, `${folder}.zip`);
    const [, site, date] = /^(S\d+)_(\d{4})(\d{2})(\d{2})$/
      .exec(folder)!
      .map((x, i, all) => (i === 2 ? `${all[2]}-${all[3]}-${all[4]}` : x));
    const run = await runCli(['import', file, zip]);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(
      `Imported site ${site}, export of ${date} (file name) as import #1`,
    );
    const paths = new Database(file, { readonly: true })
      .prepare('SELECT path FROM import_sources ORDER BY path')
      .pluck()
      .all();
    expect(paths).toHaveLength(7);
    for (const p of paths) expect(p).toBe(path.join(zip, folder, path.basename(p as string)));
  });
});
