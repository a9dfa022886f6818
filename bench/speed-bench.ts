/**
 * The workstation against its peers, in the same run, as a user meets it: the command line (`cdm`,
 * the bundle bin/cdm.js runs) timed from outside, start-up included. Peers: the sqlite3 shell's
 * `.import` of the same CSV files (what SQLite itself does with them), and a plain Python/pandas
 * program doing the checks' job on the same delivery (bench/peer/checks_peer.py). With `versus`,
 * the same commands of another checkout of the workstation (say, before a change) run beside.
 */
import fs from 'node:fs';
import path from 'node:path';
import { median, timed, type Timed } from './timed-command';
import { sqliteShellImport } from './sqlite-import';
import { correctedExport } from './corrected-export';

export interface SpeedOptions {
  /** The generated study: its folder, the round to load, and the sites' exports (relative paths). */
  studyDir: string;
  round: string;
  exports: { siteId: string; path: string; subjects: number }[];
  definitionFile: string;
  out: string;
  repeat: number;
  /** Another checkout of the workstation (its bin/cdm.js is timed beside this one). */
  versus?: string;
  report: (line: string) => void;
}

type Run = Omit<Timed, 'stdout'>;

const PYTHON = '/usr/bin/python3';

const s = (ms: number | null) => (ms === null ? 'n/a' : `${(ms / 1000).toFixed(2)} s`);
const mb = (m: number | null) => (m === null ? 'n/a' : `${Math.round(m)} MB`);
const x = (a: number | null, b: number | null) =>
  a === null || b === null ? 'n/a' : `${(a / b).toFixed(2)}x`;
const strip = ({ stdout: _stdout, ...run }: Timed): Run => run;

/** A delivery folder of links to some of the round's exports (the CSV sites, or the xlsx ones). */
function subDelivery(roundDir: string, dir: string, names: string[]): string {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const name of names) fs.symlinkSync(path.join(roundDir, name), path.join(dir, name));
  return dir;
}

function cdm(checkout: string) {
  const bin = path.join(checkout, 'bin/cdm.js');
  return (...args: string[]) => timed(process.execPath, [bin, ...args, '--user', 'bench']);
}

/** A fresh study database (made by `init`, untimed). */
function freshStudy(run: ReturnType<typeof cdm>, file: string): string {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  run('init', file);
  return file;
}

interface Side {
  csv: Run;
  xlsx: Run;
  check: Run;
  checkAgain: Run;
}

/** One pass of the workstation: the CSV sites, then the xlsx sites, then every check, twice. */
function workstationPass(run: ReturnType<typeof cdm>, db: string, csvDir: string, xlsxDir: string): Side {
  freshStudy(run, db);
  const csv = strip(run('import', db, '--batch', csvDir));
  const xlsx = strip(run('import', db, '--batch', xlsxDir));
  const check = strip(run('check', db, '--full'));
  const checkAgain = strip(run('check', db, '--full'));
  return { csv, xlsx, check, checkAgain };
}

export interface PeerRun extends Run {
  phases: { read: number; standardise: number; checks: number; total: number };
  hits: number;
  recall: Record<string, number>;
}

export function benchSpeed(o: SpeedOptions) {
  const roundDir = path.join(o.studyDir, o.round);
  const entries = fs.readdirSync(roundDir).sort();
  const csvNames = entries.filter((e) => fs.statSync(path.join(roundDir, e)).isDirectory());
  const xlsxNames = entries.filter((e) => e.toLowerCase().endsWith('.xlsx'));
  const csvDir = subDelivery(roundDir, path.join(o.out, 'delivery-csv'), csvNames);
  const xlsxDir = subDelivery(roundDir, path.join(o.out, 'delivery-xlsx'), xlsxNames);
  const ours = cdm(process.cwd());
  const theirs = o.versus ? cdm(path.resolve(o.versus)) : undefined;
  // Each command line builds its bundle when its sources are newer: built here, before any timing.
  for (const checkout of [process.cwd(), ...(o.versus ? [path.resolve(o.versus)] : [])])
    timed(process.execPath, [path.join(checkout, 'bin/cdm.js'), '--help']);
  const hasPeer = fs.existsSync(PYTHON);
  const answerKey = path.join(o.studyDir, 'answer-key.json');

  const runs: { sqlite: Run[]; ours: Side[]; versus: Side[]; peer: PeerRun[] } = {
    sqlite: [],
    ours: [],
    versus: [],
    peer: [],
  };
  for (let i = 0; i < o.repeat; i++) {
    // Peers and versions take turns, so that a busy spell of the machine does not fall on one.
    runs.sqlite.push(sqliteShellImport(csvNames.map((n) => path.join(roundDir, n))));
    runs.ours.push(workstationPass(ours, path.join(o.out, 'speed.db'), csvDir, xlsxDir));
    if (theirs)
      runs.versus.push(workstationPass(theirs, path.join(o.out, 'speed-versus.db'), csvDir, xlsxDir));
    if (hasPeer) {
      const peer = timed(PYTHON, [
        path.resolve('bench/peer/checks_peer.py'),
        o.definitionFile,
        roundDir,
        answerKey,
      ]);
      const r = JSON.parse(peer.stdout.trim().split('\n').pop()!) as {
        seconds: PeerRun['phases'];
        hits: number;
        recall: Record<string, number>;
      };
      runs.peer.push({ ...strip(peer), phases: r.seconds, hits: r.hits, recall: r.recall });
    }
  }

  const sqlite = median(runs.sqlite);
  const pick = (sides: Side[], key: keyof Side) => median(sides.map((side) => side[key]));
  const we = {
    csv: pick(runs.ours, 'csv'),
    xlsx: pick(runs.ours, 'xlsx'),
    check: pick(runs.ours, 'check'),
    checkAgain: pick(runs.ours, 'checkAgain'),
  };
  const before = theirs
    ? {
        csv: pick(runs.versus, 'csv'),
        xlsx: pick(runs.versus, 'xlsx'),
        check: pick(runs.versus, 'check'),
        checkAgain: pick(runs.versus, 'checkAgain'),
      }
    : undefined;
  const peer = runs.peer.length ? median(runs.peer) : undefined;
  const endToEnd = (side: Side) => ({
    ms: side.csv.ms + side.xlsx.ms + side.check.ms,
    cpuMs: side.csv.cpuMs === null ? null : side.csv.cpuMs + side.xlsx.cpuMs! + side.check.cpuMs!,
    maxRssMb: Math.max(side.csv.maxRssMb ?? 0, side.xlsx.maxRssMb ?? 0, side.check.maxRssMb ?? 0) || null,
  });
  const ourTotal = median(runs.ours.map(endToEnd));
  const versusTotal = theirs ? median(runs.versus.map(endToEnd)) : undefined;

  const line = (what: string, r: Run) => `${what}: ${s(r.ms)} (CPU ${s(r.cpuMs)}, peak ${mb(r.maxRssMb)})`;
  const vs = (r: Run, b: Run | undefined) =>
    b ? `; before ${s(b.ms)}, now ${x(b.ms, r.ms)} faster (CPU ${x(b.cpuMs, r.cpuMs)})` : '';
  o.report(
    `medians of ${o.repeat} run${o.repeat > 1 ? 's' : ''}; wall time, CPU time (user + system, all threads) and peak memory of each command`,
  );
  o.report(
    `CSV sites (${csvNames.length} exports), import --batch: ${line('workstation', we.csv)} | sqlite3 .import ${s(sqlite.ms)} (CPU ${s(sqlite.cpuMs)}) | ratio ${x(we.csv.ms, sqlite.ms)} wall, ${x(we.csv.cpuMs, sqlite.cpuMs)} CPU (target <= 3x)${vs(we.csv, before?.csv)}`,
  );
  o.report(
    `xlsx sites (${xlsxNames.length} workbooks), import --batch: ${line('workstation', we.xlsx)}${vs(we.xlsx, before?.xlsx)}`,
  );
  o.report(
    `all checks, check --full: ${line('first run', we.check)}; ${line('again', we.checkAgain)}${vs(we.checkAgain, before?.checkAgain)}${peer ? ` | pandas checks alone ${s(peer.phases.checks * 1000)}, ratio ${x(we.checkAgain.ms, peer.phases.checks * 1000)}` : ''}`,
  );
  if (peer)
    o.report(
      `end to end (CSV + xlsx + checks): ${line('workstation', ourTotal)} | pandas script ${s(peer.ms)} (CPU ${s(peer.cpuMs)}, peak ${mb(peer.maxRssMb)}; read ${s(peer.phases.read * 1000)}, standardise ${s(peer.phases.standardise * 1000)}, checks ${s(peer.phases.checks * 1000)}) | workstation ${x(peer.ms, ourTotal.ms)} faster (target >= 2x), CPU ${x(peer.cpuMs, ourTotal.cpuMs)}${versusTotal ? `; before ${s(versusTotal.ms)}` : ''}`,
    );
  if (peer) {
    const recalls = Object.values(peer.recall);
    o.report(
      `  the pandas script finds ${((100 * recalls.reduce((a, b) => a + b, 0)) / recalls.length).toFixed(1)}% of the planted errors (mean recall over the checks; ${peer.hits} hits for ${fs.existsSync(answerKey) ? (JSON.parse(fs.readFileSync(answerKey, 'utf8')) as unknown[]).length : '?'} planted)`,
    );
  }

  // A site sends its export again, unchanged and then corrected (the doses of one subject in 20):
  // only the subjects whose records changed are checked again. Each re-check is measured o.repeat
  // times (the corrected export's changes undone, and checked, between two), beside the other
  // checkout's on its own study when there is one, taking turns.
  const rechecks = [];
  const csvExports = o.exports
    .filter((e) => csvNames.includes(path.basename(e.path)))
    .sort((a, b) => a.subjects - b.subjects);
  const studies = { ours: path.join(o.out, 'speed.db'), theirs: path.join(o.out, 'speed-versus.db') };
  const recheckRun = (run: ReturnType<typeof cdm>, db: string, exportDir: string, undoDir?: string) => {
    run('import', db, exportDir);
    const checked = run('check', db);
    if (undoDir) {
      run('import', db, undoDir);
      run('check', db);
    }
    return checked;
  };
  const checkAfter = (
    what: string,
    exportDir: string,
    pick: { siteId: string; subjects: number },
    undoDir?: string,
  ) => {
    const mine = [];
    const before = [];
    for (let i = 0; i < o.repeat; i++) {
      mine.push(recheckRun(ours, studies.ours, exportDir, undoDir));
      if (theirs) before.push(recheckRun(theirs, studies.theirs, exportDir, undoDir));
    }
    const run = median(mine);
    const checked = /over (\d+) subjects/.exec(run.stdout)?.[1] ?? '0';
    // The run itself, as the command reports it (the rest is the process starting and closing).
    const runSeconds = Number(/ in ([\d.]+) s/.exec(run.stdout)?.[1]);
    const versus = before.length ? strip(median(before)) : null;
    const recheck = {
      what,
      siteId: pick.siteId,
      subjects: pick.subjects,
      checked,
      runSeconds,
      ...strip(run),
      versus,
    };
    const share = recheck.ms / we.checkAgain.ms;
    o.report(
      `re-check after ${what} ${pick.siteId} (${pick.subjects} subjects, ${checked} checked again): ${line('check', recheck)} = ${(share * 100).toFixed(0)}% of a full run (target <= 10%); the run itself ${runSeconds.toFixed(1)} s${versus ? `; before ${s(versus.ms)} (CPU ${s(versus.cpuMs)})` : ''}`,
    );
    return { ...recheck, share };
  };
  for (const pick of [csvExports[Math.floor(csvExports.length / 2)]!, csvExports.at(-1)!]) {
    const source = path.join(o.studyDir, pick.path);
    rechecks.push(checkAfter('re-importing the same export of', source, pick));
    const corrected = correctedExport(source, path.join(o.out, 'corrected'));
    rechecks.push(
      checkAfter(
        `a corrected export (doses of ${corrected.subjects} subjects) of`,
        corrected.dir,
        pick,
        source,
      ),
    );
  }
  return {
    repeat: o.repeat,
    sqlite,
    workstation: { ...we, endToEnd: ourTotal },
    versus: before ? { checkout: o.versus, ...before, endToEnd: versusTotal } : null,
    peer: peer ?? null,
    rechecks,
    runs,
  };
}
