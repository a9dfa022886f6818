import fs from 'node:fs/promises';
import path from 'node:path';
import { meddraKey, upgradeKey, whodrugKey } from './coding-key';
import { FIRST_VERSION, NEXT_VERSION, buildMeddra } from './meddra-versions';
import { WHODRUG_VERSION } from './whodrug-catalog';
import { writeMeddraRelease, type MeddraLanguage } from './write-meddra';
import { syntheticDrugNames, writeWhodrugRelease } from './write-whodrug';

/** Where `generate` puts the synthetic dictionaries, relative to its output folder (manifest.json names them). */
export interface GeneratedDictionaries {
  meddra: { version: string; language: MeddraLanguage; path: string; llts: number }[];
  whodrug: { version: string; path: string; drugs: number }[];
  codingKey: string;
}

export const DICTIONARIES_DIR = 'dictionaries';

/**
 * Writes the synthetic dictionaries of a generated study beside its exports: MedDRA 90.0 and 90.1
 * in English and Korean (as MSSO's MedDRA_<version>_<language>/MedAscii folders), a WHODrug B3
 * release, and coding-key.json. `meddraLlts` fills version 90.0 with made-up terms up to that many
 * LLTs (the bench's dictionary of MedDRA's real size); 90.1 stays the study's small one.
 */
export async function writeDictionaries(
  outDir: string,
  options: { meddraLlts?: number } = {},
): Promise<GeneratedDictionaries> {
  const root = path.join(outDir, DICTIONARIES_DIR);
  await fs.rm(root, { recursive: true, force: true });
  const first = buildMeddra(FIRST_VERSION, options.meddraLlts ?? 0);
  const next = buildMeddra(NEXT_VERSION);
  const written: GeneratedDictionaries = { meddra: [], whodrug: [], codingKey: 'coding-key.json' };
  for (const meddra of [first, next]) {
    for (const language of ['English', 'Korean'] as const) {
      const relative = path.join(DICTIONARIES_DIR, `MedDRA_${meddra.version.replace('.', '_')}_${language}`);
      await writeMeddraRelease(meddra, language, path.join(outDir, relative));
      written.meddra.push({ version: meddra.version, language, path: relative, llts: meddra.llts.length });
    }
  }
  const whodrugDir = path.join(DICTIONARIES_DIR, 'WHODrug_Global_B3_2090_Mar_1');
  await writeWhodrugRelease(path.join(outDir, whodrugDir));
  const names = syntheticDrugNames();
  written.whodrug.push({ version: WHODRUG_VERSION, path: whodrugDir, drugs: names.length });
  const key = {
    meddra: { version: FIRST_VERSION, terms: meddraKey(buildMeddra(FIRST_VERSION)) },
    meddraNext: { version: NEXT_VERSION, terms: meddraKey(next, buildMeddra(FIRST_VERSION)) },
    upgrade: upgradeKey(buildMeddra(FIRST_VERSION), next),
    whodrug: { version: WHODRUG_VERSION, terms: whodrugKey(names) },
  };
  await fs.writeFile(path.join(outDir, written.codingKey), `${JSON.stringify(key, null, 2)}\n`);
  return written;
}
