import fs from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import iconv from 'iconv-lite';
import { generateStudy } from '../tools/generator/compose/generate-study';
import { loadStudyDefinition } from '../electron/core/study/load-definition';

export interface BenchStudy {
  dir: string;
  rounds: {
    name: string;
    exportDate: string;
    exports: { siteId: string; path: string; subjects: number }[];
  }[];
  siteFormats: Record<
    string,
    { container: string; encoding?: string; delimiter?: string; extension?: string }
  >;
}

/** The generated study the benchmarks use, made once per size and seed and kept in bench/out. */
export async function benchStudy(subjects: number, sites: number, seed = 7): Promise<BenchStudy> {
  const dir = path.resolve('bench/out', `study-${subjects}x${sites}-seed${seed}-planted`);
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    fs.rmSync(dir, { recursive: true, force: true });
    const t0 = performance.now();
    await generateBenchStudy(dir, subjects, sites, seed);
    console.error(
      `generated ${subjects} subjects over ${sites} sites in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  }
  return { ...(JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Omit<BenchStudy, 'dir'>), dir };
}

/** A study as the benchmarks use it, in `dir`: three rounds, errors of every check planted, no zips. */
export async function generateBenchStudy(
  dir: string,
  subjects: number,
  sites: number,
  seed: number,
): Promise<BenchStudy> {
  await generateStudy({
    outDir: dir,
    seed,
    subjects,
    sites,
    rounds: 3,
    definition: loadStudyDefinition(),
    // Errors of every check in the last delivery, as a real study has: the checks and the query lists have work.
    inject: { checks: 'all', perCheck: Math.max(5, Math.round(subjects / 400)) },
  });
  const manifestFile = path.join(dir, 'manifest.json');
  unzipForPeers(dir, manifestFile);
  return { ...(JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Omit<BenchStudy, 'dir'>), dir };
}

/** The site exports of one round: folders (CSV sites) and workbooks (xlsx sites). */
export function roundExports(
  study: BenchStudy,
  dir: string,
  round: string,
): { csv: string[]; xlsx: string[] } {
  const roundDir = path.join(dir, round);
  const entries = fs
    .readdirSync(roundDir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name));
  return {
    csv: entries.filter((e) => e.isDirectory()).map((e) => path.join(roundDir, e.name)),
    xlsx: entries
      .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.xlsx'))
      .map((e) => path.join(roundDir, e.name)),
  };
}

/**
 * The sites that mail their exports zipped, unzipped once as they were generated: the peers (the
 * sqlite3 shell, the pandas script) read plain files, and every side must read the same ones.
 * Entry names are CP949, as the generator writes them.
 */
function unzipForPeers(dir: string, manifestFile: string): void {
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Omit<BenchStudy, 'dir'>;
  for (const round of manifest.rounds) {
    for (const e of round.exports) {
      if (!e.path.endsWith('.zip')) continue;
      const zip = path.join(dir, e.path);
      const name = e.path.slice(0, -'.zip'.length);
      const entries = Object.entries(unzipSync(fs.readFileSync(zip)));
      const isWorkbook = entries.length === 1 && entries[0]![0].endsWith('.xlsx');
      if (!isWorkbook) fs.mkdirSync(path.join(dir, name));
      for (const [entry, bytes] of entries) {
        const file = path.basename(iconv.decode(Buffer.from(entry, 'latin1'), 'cp949'));
        fs.writeFileSync(
          isWorkbook ? path.join(dir, path.dirname(name), file) : path.join(dir, name, file),
          bytes,
        );
      }
      fs.rmSync(zip);
      e.path = isWorkbook ? `${name}.xlsx` : name;
    }
  }
  for (const format of Object.values(manifest.siteFormats) as { zipped?: true }[]) delete format.zipped;
  fs.writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
}
