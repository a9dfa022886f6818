import fs from 'node:fs/promises';
import path from 'node:path';
import type { StudyDefinition } from '../../../shared/study/definition-schema';
import { dayToIso } from '../calendar';
import { ChangeTally } from '../change-tally';
import { expectedJson } from '../expected-file';
import { GeneratorRefusal } from '../generator-refusal';
import type { GeneratedRound, GeneratedStudyManifest } from './generated-study-manifest';
import { answerKeyJson } from '../inject/answer-key';
import {
  DEFAULT_PLANTS_PER_CHECK,
  plantErrors,
  type InjectOptions,
  type PlantedRound,
} from '../inject/plant-errors';
import { writeDictionaries } from '../coding/write-dictionaries';
import { buildSiteExport } from '../site-export';
import { simulateStudy, siteRowsAt, type SimulatedStudy } from '../simulate-study';
import type { TruthRow } from '../subject-records';

/**
 * The project's seeded generator of realistic site exports (cli.md `generate`). Writes
 *   OUT/manifest.json
 *   OUT/round-N/S01_YYYYMMDD/<one file per form>   or   OUT/round-N/S05_YYYYMMDD.xlsx
 *   OUT/expected/round-N/S01.json                   (what the importer must produce)
 *   OUT/answer-key.json                             (with `inject`: the planted errors, inject/answer-key.ts)
 *   OUT/dictionaries/, OUT/coding-key.json          (synthetic MedDRA and WHODrug, tools/generator/coding)
 * Same seed and options give byte-identical files. Planted errors go into the last delivery only:
 * the latest cumulative export is what a data manager checks, and every earlier delivery stays
 * clean, so that the import of the last one shows each plant as a new, changed or deleted record.
 */

export interface GenerateOptions {
  outDir: string;
  seed?: number;
  subjects?: number;
  sites?: number;
  rounds?: number;
  definition: StudyDefinition;
  /** Plant errors of these checks into the last delivery. */
  inject?: InjectOptions;
  /** Fill the synthetic MedDRA with made-up terms up to this many LLTs (the bench: MedDRA's real size). */
  meddraLlts?: number;
  onProgress?: (message: string) => void;
}

export type { GeneratedStudyManifest } from './generated-study-manifest';

/** What the generator writes in its folder: an earlier run's output is replaced. */
const isGeneratorOutput = (entry: string) =>
  /^round-\d+$/.test(entry) ||
  entry === 'expected' ||
  entry === 'manifest.json' ||
  entry === 'answer-key.json' ||
  entry === 'dictionaries' ||
  entry === 'coding-key.json';

/**
 * The folder must be empty or hold only an earlier run's output, which is removed: the generator
 * never mixes its files with others, nor deletes anything it did not write.
 */
async function checkOutputFolder(outDir: string): Promise<void> {
  let entries: string[];
  try {
    entries = await fs.readdir(outDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR')
      throw new GeneratorRefusal(`${outDir}: not a folder`);
    throw error;
  }
  const others = entries.filter((entry) => !isGeneratorOutput(entry)).sort();
  if (others.length > 0) {
    const shown =
      others.slice(0, 3).join(', ') + (others.length > 3 ? `, and ${others.length - 3} more` : '');
    throw new GeneratorRefusal(
      `${outDir}: the folder holds other files (${shown}); give an empty folder, or one the generator wrote before`,
    );
  }
}

/** Removes what an earlier run of the generator wrote there, and nothing else. */
async function clearPreviousOutput(outDir: string): Promise<void> {
  await fs.mkdir(outDir, { recursive: true });
  for (const entry of await fs.readdir(outDir)) {
    if (isGeneratorOutput(entry)) await fs.rm(path.join(outDir, entry), { recursive: true, force: true });
  }
}

type RowsOf = (siteId: string) => Map<string, TruthRow[]>;

async function writeRound(
  study: SimulatedStudy,
  outDir: string,
  round: number,
  tally: ChangeTally,
  rowsOf: RowsOf,
): Promise<GeneratedRound> {
  const name = `round-${round + 1}`;
  const exportDate = dayToIso(study.timeline.exportDays[round]!);
  const result: GeneratedRound = { name, exportDate, counts: {}, exports: [] };
  for (const form of study.model.forms) result.counts[form.code] = 0;
  const expectedDir = path.join(outDir, 'expected', name);
  await fs.mkdir(expectedDir, { recursive: true });
  const dirs = new Set<string>();
  for (const siteId of study.siteIds) {
    const rows = rowsOf(siteId);
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
    for (const [form, counts] of Object.entries(forms))
      result.counts[form] = (result.counts[form] ?? 0) + counts.rows;
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
  const size = {
    seed: options.seed ?? 1,
    subjects: options.subjects ?? 600,
    sites: options.sites ?? 12,
    rounds: options.rounds ?? 3,
  };
  await checkOutputFolder(options.outDir);
  const progress = options.onProgress ?? (() => {});
  progress(`simulating ${size.subjects} subjects at ${size.sites} sites (seed ${size.seed})`);
  const study = simulateStudy(options.definition, size);
  const lastRound = size.rounds - 1;
  let planted: PlantedRound | undefined;
  if (options.inject) {
    planted = plantErrors(study, lastRound, options.inject);
    const short = Object.entries(planted.planted).filter(
      ([, n]) => n < (options.inject!.perCheck ?? DEFAULT_PLANTS_PER_CHECK),
    );
    progress(
      `planted ${planted.answerKey.filter((e) => e.kind === 'planted').length} errors${short.length ? ` (too few fitting records for ${short.map(([c, n]) => `${c}: ${n}`).join(', ')})` : ''}`,
    );
  }
  await clearPreviousOutput(options.outDir);
  const tally = new ChangeTally();
  const rounds: GeneratedRound[] = [];
  for (let round = 0; round < size.rounds; round++) {
    const rowsOf: RowsOf = (siteId) =>
      planted && round === lastRound
        ? (planted.rowsBySite.get(siteId) ?? new Map())
        : siteRowsAt(study, siteId, round);
    const written = await writeRound(study, options.outDir, round, tally, rowsOf);
    rounds.push(written);
    progress(
      `${written.name} (${written.exportDate}): ${written.exports.length} site exports, ${written.counts.DM ?? 0} subjects`,
    );
  }
  const manifest: GeneratedStudyManifest = {
    seed: size.seed,
    subjects: size.subjects,
    sites: size.sites,
    study: options.definition.study.code,
    rounds,
    siteFormats: Object.fromEntries(study.siteIds.map((id) => [id, study.styles.get(id)!.format])),
  };
  if (planted) {
    manifest.inject = {
      round: rounds[lastRound]!.name,
      perCheck: options.inject!.perCheck ?? DEFAULT_PLANTS_PER_CHECK,
      planted: planted.planted,
      answerKey: 'answer-key.json',
    };
    await fs.writeFile(path.join(options.outDir, 'answer-key.json'), answerKeyJson(planted.answerKey));
  }
  progress('writing the synthetic dictionaries');
  manifest.dictionaries = await writeDictionaries(options.outDir, { meddraLlts: options.meddraLlts });
  await fs.writeFile(path.join(options.outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
