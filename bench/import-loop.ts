/**
 * npx tsx bench/import-loop.ts [--subjects 2000 --sites 12 --repeat 3 --round round-3 --over round-2]
 *
 * The quick loop for import speed: imports one round's CSV sites into a fresh database in a
 * temporary folder (never bench/out, which other benchmarks share), `repeat` times, and prints
 * each run's CPU and wall time beside the sqlite3 shell's `.import` of the same files. With
 * --over, the database first holds an earlier round (imported untimed): the usual re-import,
 * where most records are unchanged.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createStudy } from '../electron/core/api/open-study';
import { loadStudyDefinition } from '../electron/core/study/load-definition';
import { benchStudy, roundExports } from './bench-study';
import { sqliteShellImport } from './sqlite-import';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1]!;
};
const subjects = Number(option('subjects', '2000'));
const sites = Number(option('sites', '12'));
const repeat = Number(option('repeat', '3'));
const study = await benchStudy(subjects, sites);
const round = option('round', study.rounds.at(-1)!.name);
const exports = roundExports(study, study.dir, round).csv;
const over = args.includes('--over') ? roundExports(study, study.dir, option('over', '')).csv : [];
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdm-import-loop-'));
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

try {
  const reference = sqliteShellImport(exports);
  console.log(`sqlite3 .import: CPU ${s(reference.cpuMs ?? NaN)}, wall ${s(reference.ms)}`);
  for (let run = 0; run < repeat; run++) {
    const db = path.join(work, `import-${run}.db`);
    createStudy(db, loadStudyDefinition(), 'bench', new Date()).close();
    const importChild = (paths: string[]) => {
      const child = spawnSync(
        process.execPath,
        ['--import', 'tsx', path.resolve('bench/import-child.ts'), db, ...paths],
        { encoding: 'utf8' },
      );
      if (child.status !== 0) throw new Error(`import failed: ${child.stderr}`);
      return child.stdout.trim().split('\n').pop()!;
    };
    if (over.length > 0) importChild(over);
    const r = JSON.parse(importChild(exports)) as {
      ms: number;
      cpuMs: number;
      userMs: number;
      systemMs: number;
      rows: number;
      maxRssMb: number;
      phases: Record<string, number>;
    };
    const ratio = reference.cpuMs ? ` = ${(r.cpuMs / reference.cpuMs).toFixed(2)}x sqlite3 CPU` : '';
    console.log(
      `ours: CPU ${s(r.cpuMs)} (user ${s(r.userMs)}, sys ${s(r.systemMs)})${ratio}, wall ${s(r.ms)}, ${r.rows} rows, ${Math.round(r.rows / (r.cpuMs / 1000))} rows/CPU-s, peak RSS ${Math.round(r.maxRssMb)} MB`,
    );
    console.log(
      `  CPU by phase: ${Object.entries(r.phases)
        .map(([name, ms]) => `${name} ${s(ms)}`)
        .join(', ')}`,
    );
    for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
