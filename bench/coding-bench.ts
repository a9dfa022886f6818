import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { writeDictionaries, type GeneratedDictionaries } from '../tools/generator/coding/write-dictionaries';
import { shellImport, type ShellImport } from './sqlite-import';

/**
 * Medical coding at MedDRA's real size: a synthetic release of about 80,000 LLTs (and its Korean
 * translation) loaded into a study, beside the sqlite3 shell's plain `.import` of the same files;
 * the auto-coding of every adverse event of the benchmark study; lookups and searches.
 */

export interface CodingChild {
  ms: number;
  cpuMs: number;
  maxRssMb: number;
  phases: Record<string, number>;
  phasesCpu: Record<string, number>;
  [answer: string]: unknown;
}

export function runCodingChild(...args: string[]): CodingChild {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.resolve('bench/coding-child.ts'), ...args],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    },
  );
  if (child.status !== 0) throw new Error(`coding bench failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as CodingChild;
}

/** The release of MedDRA's real size, written once and kept in bench/out. */
export async function benchDictionaries(
  out: string,
  llts: number,
): Promise<{ dir: string; written: GeneratedDictionaries }> {
  const dir = path.join(out, `dictionaries-${llts}`);
  const manifest = path.join(dir, 'dictionaries.json');
  if (!fs.existsSync(manifest)) {
    const written = await writeDictionaries(dir, { meddraLlts: llts });
    fs.writeFileSync(manifest, JSON.stringify(written));
  }
  return { dir, written: JSON.parse(fs.readFileSync(manifest, 'utf8')) as GeneratedDictionaries };
}

/** The peer: sqlite3's `.import` of the release's ASCII files (`$` as the separator), no checks, no index. */
export function shellImportMeddra(release: string): ShellImport {
  const ascii = path.join(release, 'MedAscii');
  const files = [
    'llt.asc',
    'pt.asc',
    'hlt.asc',
    'hlgt.asc',
    'soc.asc',
    'mdhier.asc',
    'hlt_pt.asc',
    'hlgt_hlt.asc',
    'soc_hlgt.asc',
  ];
  return shellImport(files.map((f) => ({ file: path.join(ascii, f), separator: '$' })));
}
