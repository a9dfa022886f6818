/**
 * npx tsx bench/pg-import-loop.ts [--subjects 2000 --sites 20 --repeat 2 --log-statements MS]
 *                                 [--checkout DIR ...]
 *
 * The quick loop for importing into a study on a PostgreSQL server: every export of every round of
 * the generated study imported into a fresh server study by bench/import-child.ts in a process of
 * its own, `repeat` times; each run prints the wall time, the CPU of the importing process (all its
 * threads: the study's, the driver's, the preparing one) and the CPU of the server (its backend and
 * helpers, read from /proc: the postmaster's own and its reaped children's times). With
 * --checkout DIR (repeatable), each round of runs also imports with that other checkout of the
 * workstation (its own bench/import-child.ts, run from its folder), taking turns with this one, so
 * that old and new are measured side by side on a machine whose speed swings. The server is a
 * throw-away one (as the tests start), or CDM_BENCH_PG_URL's (a superuser URL, then no server CPU).
 * --log-statements MS logs every statement slower than MS to the server's log, printed at the end.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { createStudy } from '../electron/core/api/open-study';
import { loadStudyDefinition } from '../electron/core/study/load-definition';
import { startTestPostgres } from '../test/helpers/postgres-server';
import { benchStudy, roundExports } from './bench-study';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1]!;
};
const checkouts = args.flatMap((a, i) => (a === '--checkout' ? [path.resolve(args[i + 1]!)] : []));
const subjects = Number(option('subjects', '2000'));
const sites = Number(option('sites', '20'));
const repeat = Number(option('repeat', '2'));
const logStatements = option('log-statements', '');
const study = await benchStudy(subjects, sites);
const paths = study.rounds.flatMap((round) => {
  const { csv, xlsx } = roundExports(study, study.dir, round.name);
  return [...csv, ...xlsx];
});
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const server = process.env.CDM_BENCH_PG_URL ? undefined : await startTestPostgres();
const base = process.env.CDM_BENCH_PG_URL ?? server!.baseUrl;
const admin = new pg.Client({ connectionString: `${base}/postgres` });
await admin.connect();
const dataDirectory = ((await admin.query('SHOW data_directory')).rows[0] as { data_directory: string })
  .data_directory;
if (logStatements) {
  await admin.query(`ALTER SYSTEM SET log_min_duration_statement = ${Number(logStatements)}`);
  await admin.query('SELECT pg_reload_conf()');
}
await admin.end();

/** CPU ms of the server so far: the postmaster, its live children and those it has reaped. */
function serverCpuMs(): number | undefined {
  if (!server) return undefined;
  const ticks = 100; // USER_HZ
  const postmaster = Number(
    fs.readFileSync(path.join(dataDirectory, 'postmaster.pid'), 'utf8').split('\n')[0],
  );
  const fields = (pid: number) => {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  };
  const own = fields(postmaster); // from field 3: [11] utime, [12] stime, [13] cutime, [14] cstime
  let total = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const f = fields(Number(entry));
      if (Number(f[1]) === postmaster) total += Number(f[11]) + Number(f[12]);
    } catch {
      // gone meanwhile
    }
  }
  return (total * 1000) / ticks;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function run(label: string, dir: string, n: number): Promise<void> {
  const url = `${base}/cdm_imp_${process.pid}_${n}_${checkouts.indexOf(dir) + 1}`;
  createStudy(url, loadStudyDefinition(), 'bench', new Date()).close();
  await sleep(500);
  const server0 = serverCpuMs();
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(dir, 'bench/import-child.ts'), url, ...paths],
    { encoding: 'utf8', cwd: dir, maxBuffer: 64 * 1024 * 1024 },
  );
  if (child.status !== 0) throw new Error(`import failed: ${child.stderr}`);
  await sleep(500); // the backend's exit reaped
  const server1 = serverCpuMs();
  // Dropped at once, so that the server's later work on it (autovacuum) is not counted in the next run.
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE ${url.slice(url.lastIndexOf('/') + 1)} WITH (FORCE)`);
  await admin.end();
  const r = JSON.parse(child.stdout.trim().split('\n').pop()!) as {
    ms: number;
    cpuMs: number;
    rows: number;
    phases: Record<string, number>;
  };
  const serverCpu = server0 === undefined ? '' : `, server CPU ${s(server1! - server0)}`;
  console.log(
    `${label}: wall ${s(r.ms)}, client CPU ${s(r.cpuMs)}${serverCpu}, ${r.rows} rows; client CPU by phase: ${Object.entries(
      r.phases,
    )
      .map(([name, ms]) => `${name} ${s(ms)}`)
      .join(', ')}`,
  );
}

try {
  console.log(
    `${paths.length} exports of ${subjects} subjects, ${sites} sites, ${study.rounds.length} rounds`,
  );
  for (let n = 0; n < repeat; n++) {
    await run('this checkout', process.cwd(), n);
    for (const dir of checkouts) await run(dir, dir, n);
  }
  if (logStatements) {
    const log = path.join(path.dirname(dataDirectory), 'log');
    if (fs.existsSync(log)) console.log(fs.readFileSync(log, 'utf8'));
  }
} finally {
  server?.stop();
}
