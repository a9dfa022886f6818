import fs from 'node:fs';
import path from 'node:path';
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
    console.error(
      `generated ${subjects} subjects over ${sites} sites in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  }
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
