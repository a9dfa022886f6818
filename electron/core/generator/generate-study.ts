import fs from 'node:fs/promises';
import path from 'node:path';
import type { StudyDefinition } from '../../../shared/study/definition-schema';
import { dayToIso } from '../standardise/dates';
import { ChangeTally } from './change-tally';
import { expectedJson } from './expected-file';
import type { GeneratedRound, GeneratedStudyManifest } from './generated-study-manifest';
import { buildSiteExport } from './site-export';
import { simulateStudy, siteRowsAt, type SimulatedStudy } from './simulate-study';

/**
 * The project's seeded generator of realistic site exports (cli.md `generate`). Writes
 *   OUT/manifest.json
 *   OUT/round-N/S01_YYYYMMDD/<one file per form>   or   OUT/round-N/S05_YYYYMMDD.xlsx
 *   OUT/expected/round-N/S01.json                   (what the importer must produce)
 * Same seed and options give byte-identical files.
 */

export interface GenerateOptions {
  outDir: string;
  seed?: number;
  subjects?: number;
  sites?: number;
  rounds?: number;
  definition: StudyDefinition;
  onProgress?: (message: string) => void;
}

export type { GeneratedStudyManifest } from './generated-study-manifest';

/** Removes what an earlier run of the generator wrote there, and nothing else. */
async function clearPreviousOutput(outDir: string): Promise<void> {
  await fs.mkdir(outDir, { recursive: true });
  for (const entry of await fs.readdir(outDir)) {
    if (/^round-\d+$/.test(entry) || entry === 'expected' || entry === 'manifest.json') {
      await fs.rm(path.join(outDir, entry), { recursive: true, force: true });
    }
  }
}

async function writeRound(study: SimulatedStudy, outDir: string, round: number, tally: ChangeTally): Promise<GeneratedRound> {
  const name = `round-${round + 1}`;
  const exportDate = dayToIso(study.timeline.exportDays[round]!);
  const result: GeneratedRound = { name, exportDate, counts: {}, exports: [] };
  for (const form of study.model.forms) result.counts[form.code] = 0;
  const expectedDir = path.join(outDir, 'expected', name);
  await fs.mkdir(expectedDir, { recursive: true });
  const dirs = new Set<string>();
  for (const siteId of study.siteIds) {
    const rows = siteRowsAt(study, siteId, round);
    const subjects = rows.get(study.model.siteForm.code)?.length ?? 0;
    if (subjects === 0) continue; // the site has enrolled nobody yet: it sends no export
    const built = buildSiteExport(study.model, study.styles.get(siteId)!, exportDate, rows);
    for (const file of built.files) {
      const target = path.join(outDir, name, file.path);
      const dir = path.dirname(target);
      if (!dirs.has(dir)) {
        await fs.mkdir(dir, { recursive: true });
        dirs.add(dir);
      }
      await fs.writeFile(target, file.bytes);
    }
    const expectedPath = path.join(expectedDir, `${siteId}.json`);
    await fs.writeFile(expectedPath, expectedJson(siteId, exportDate, built.expected));
    const forms = tally.tally(siteId, built.expected);
    for (const [form, counts] of Object.entries(forms)) result.counts[form] = (result.counts[form] ?? 0) + counts.rows;
    result.exports.push({
      siteId,
      path: `${name}/${built.name}`,
      expected: `expected/${name}/${siteId}.json`,
      subjects,
      forms,
    });
  }
  return result;
}

export async function generateStudy(options: GenerateOptions): Promise<GeneratedStudyManifest> {
  const size = { seed: options.seed ?? 1, subjects: options.subjects ?? 600, sites: options.sites ?? 12, rounds: options.rounds ?? 3 };
  const progress = options.onProgress ?? (() => {});
  progress(`simulating ${size.subjects} subjects at ${size.sites} sites (seed ${size.seed})`);
  const study = simulateStudy(options.definition, size);
  await clearPreviousOutput(options.outDir);
  const tally = new ChangeTally();
  const rounds: GeneratedRound[] = [];
  for (let round = 0; round < size.rounds; round++) {
    const written = await writeRound(study, options.outDir, round, tally);
    rounds.push(written);
    progress(`${written.name} (${written.exportDate}): ${written.exports.length} site exports, ${written.counts.DM ?? 0} subjects`);
  }
  const manifest: GeneratedStudyManifest = {
    seed: size.seed,
    subjects: size.subjects,
    sites: size.sites,
    study: options.definition.study.code,
    rounds,
    siteFormats: Object.fromEntries(study.siteIds.map((id) => [id, study.styles.get(id)!.format])),
  };
  await fs.writeFile(path.join(options.outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
