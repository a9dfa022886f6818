import fs from 'node:fs';
import path from 'node:path';
import { copyStudy, createStudy } from '../electron/core/api/open-study';
import type { StudyApi } from '../electron/core/api/study-api';
import { loadStudyDefinition } from '../electron/core/study/load-definition';
import { startTestPostgres } from '../test/helpers/postgres-server';
import { benchStudy, roundExports } from './bench-study';

/**
 * The same import and check run on both engines, side by side (issue 16): every round of a generated
 * study imported into a study file and into a study on a PostgreSQL server, then all 41 checks.
 * Wall time (the server's work is in its own process: CPU time of this one would leave it out).
 * The server is a throw-away one started here (as on CI), or CDM_BENCH_PG_URL's (a superuser URL
 * without a database). A smaller study than the other sections by default (--engine-subjects):
 * a 10,000-subject import on PostgreSQL takes many minutes on a 2-core machine.
 */
export async function benchEngines(options: {
  subjects: number;
  sites: number;
  out: string;
  report: (line: string) => void;
}): Promise<Record<string, unknown>> {
  const { report } = options;
  const study = await benchStudy(options.subjects, options.sites);
  const server = process.env.CDM_BENCH_PG_URL ? undefined : await startTestPostgres();
  const base = process.env.CDM_BENCH_PG_URL ?? server!.baseUrl;
  const context = { user: 'bench', now: () => new Date() };
  const file = path.join(options.out, 'engines.db');
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  const studies: [string, () => StudyApi][] = [
    ['SQLite file', () => createStudy(file, loadStudyDefinition(), 'bench', new Date())],
    [
      'PostgreSQL 15',
      () => createStudy(`${base}/cdm_bench_${process.pid}`, loadStudyDefinition(), 'bench', new Date()),
    ],
  ];
  const figures: Record<string, { importMs: number; rows: number; checksMs: number; discrepancies: number }> =
    {};
  let copied: { toServerMs: number; backMs: number; identical: boolean } | undefined;
  try {
    for (const [engine, create] of studies) {
      const api = create();
      try {
        let rows = 0;
        const t0 = performance.now();
        for (const round of study.rounds) {
          const { csv, xlsx } = roundExports(study, study.dir, round.name);
          for (const paths of [...csv, ...xlsx]) {
            const imported = await api.call('imports.run', { paths: [paths] }, context);
            rows += Object.values(imported.forms).reduce((n, f) => n + f.rows, 0);
          }
        }
        const t1 = performance.now();
        const run = await api.call('checks.run', { full: true }, context);
        const t2 = performance.now();
        figures[engine] = {
          importMs: t1 - t0,
          rows,
          checksMs: t2 - t1,
          discrepancies: run.totals.found,
        };
      } finally {
        api.close();
      }
    }
    // The study file moved to a new server database and back to a new file (`copy`: every table,
    // then both sides compared row by row).
    const back = path.join(options.out, 'engines-back.db');
    for (const f of [back, `${back}-wal`, `${back}-shm`]) fs.rmSync(f, { force: true });
    const url = `${base}/cdm_bench_copy_${process.pid}`;
    const t0 = performance.now();
    const there = copyStudy(file, url);
    const t1 = performance.now();
    const home = copyStudy(url, back);
    copied = {
      toServerMs: t1 - t0,
      backMs: performance.now() - t1,
      identical: there.identical && home.identical,
    };
  } finally {
    server?.stop();
  }
  const [sqlite, pg] = [figures['SQLite file']!, figures['PostgreSQL 15']!];
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  report(
    `## Both engines (${options.subjects.toLocaleString('en')} subjects, ${options.sites} sites, ${study.rounds.length} rounds, every export imported, then 41 checks)`,
  );
  report(`| | rows imported | import (wall) | 41 checks (wall) | discrepancies |`);
  report(`|---|---|---|---|---|`);
  for (const [engine, f] of Object.entries(figures))
    report(
      `| ${engine} | ${f.rows.toLocaleString('en')} | ${s(f.importMs)} | ${s(f.checksMs)} | ${f.discrepancies.toLocaleString('en')} |`,
    );
  report(
    `PostgreSQL / SQLite: import ${(pg.importMs / sqlite.importMs).toFixed(1)}x, checks ${(pg.checksMs / sqlite.checksMs).toFixed(1)}x; the same discrepancies: ${pg.discrepancies === sqlite.discrepancies ? 'yes' : 'NO'}`,
  );
  report(
    `copy of the study file to the server ${s(copied!.toServerMs)}, and back to a file ${s(copied!.backMs)} (each with its comparison of every table); identical both ways: ${copied!.identical ? 'yes' : 'NO'}`,
  );
  return { ...figures, copy: copied };
}
