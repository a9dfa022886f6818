/**
 * npm run bench [-- --subjects 10000 --sites 60 --only speed,plans,queries,cdisc,review,review-read,grid,coding,engines --repeat 3 --versus DIR --engine-subjects 2000]
 *
 * Speed and memory of the workstation on a generated study (10,000 subjects over 60 sites by
 * default), each figure beside its peer in the same run and its target (speed-bench.ts): the sqlite3
 * shell's .import, a pandas script doing the checks' job, and with --versus another checkout of the
 * workstation (say, before a change). Not a test: it measures and prints, and writes the figures
 * to bench/out/results.json and bench/out/results.md (pasted into the README).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createStudy, openStudy } from '../electron/core/api/open-study';
import { DEFAULT_STUDY_FILE, loadStudyDefinition } from '../electron/core/study/load-definition';
import { benchStudy, roundExports } from './bench-study';
import type { ReviewReads } from './review-bench';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1]!;
};
const subjects = Number(option('subjects', '10000'));
const sites = Number(option('sites', '60'));
const only = new Set(option('only', 'speed,plans,queries,cdisc,review,grid,coding,engines').split(','));
const repeat = Number(option('repeat', '1'));
const out = path.resolve('bench/out');
fs.mkdirSync(out, { recursive: true });
const context = { user: 'bench', now: () => new Date() };
const results: Record<string, unknown> = {
  machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  subjects,
  sites,
};
const lines: string[] = [];
const report = (line: string) => {
  console.log(line);
  lines.push(line);
};
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

interface ChildImport {
  ms: number;
  cpuMs: number;
  rows: number;
  maxRssMb: number;
}

function runImportChild(db: string, paths: string[]): ChildImport {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.resolve('bench/import-child.ts'), db, ...paths],
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  if (child.status !== 0) throw new Error(`import failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as ChildImport;
}

function freshDatabase(name: string): string {
  const file = path.join(out, name);
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  createStudy(file, loadStudyDefinition(), 'bench', new Date()).close();
  return file;
}

const study = await benchStudy(subjects, sites);
const studyDir = study.dir;
const lastRound = study.rounds.at(-1)!.name;
const exportsOfLast = roundExports(study, studyDir, lastRound);
const checkedDb = path.join(out, 'checked.db');

if (only.has('speed')) {
  report(`## Speed with peers (${subjects.toLocaleString('en')} subjects, ${sites} sites, ${lastRound})`);
  const { benchSpeed } = await import('./speed-bench');
  results.speed = benchSpeed({
    studyDir,
    round: lastRound,
    exports: study.rounds.at(-1)!.exports,
    definitionFile: path.resolve(DEFAULT_STUDY_FILE),
    out,
    repeat,
    versus: option('versus', '') || undefined,
    report,
  });
  // The study as loaded and checked (and re-checked) is what the next sections work on.
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${checkedDb}${suffix}`, { force: true });
  openStudy(path.join(out, 'speed.db')).close();
  fs.copyFileSync(path.join(out, 'speed.db'), checkedDb);
}

if (only.has('engines')) {
  const { benchEngines } = await import('./engines-bench');
  results.engines = await benchEngines({
    subjects: Number(option('engine-subjects', '2000')),
    sites: Math.min(sites, 20),
    out,
    report,
  });
}

if (only.has('plans')) {
  const { checkPlans } = await import('./check-plans');
  if (!fs.existsSync(checkedDb))
    runImportChild(freshDatabase('checked.db'), [...exportsOfLast.csv, ...exportsOfLast.xlsx]);
  const plans = await checkPlans(checkedDb, path.join(out, 'check-plans.md'));
  report(
    `## Query plans: every check's plan in bench/out/check-plans.md; ${plans.scansInSubqueries.length} scan a table inside a correlated subquery${plans.scansInSubqueries.length ? ` (${plans.scansInSubqueries.join(', ')})` : ''}`,
  );
  results.plans = plans;
}

if (only.has('queries')) {
  const { benchQueryLists } = await import('./query-lists-bench');
  report(`## Query lists`);
  const copy = path.join(out, 'queries.db');
  const source = fs.existsSync(checkedDb) ? checkedDb : freshDatabase('checked.db');
  fs.copyFileSync(source, copy);
  const api = openStudy(copy);
  const listsDir = path.join(out, 'query-lists');
  fs.rmSync(listsDir, { recursive: true, force: true });
  fs.mkdirSync(listsDir);
  const lists = await benchQueryLists(api, listsDir);
  report(
    `query lists for all sites: ${lists.files} files, ${lists.queries} queries in ${s(lists.ms)} (target: a few seconds)`,
  );
  results.queries = lists;
  // The whole audit trail of the study so far (every record's import history and every event), as CSV.
  const t0 = performance.now();
  const trail = await api.call('audit.export', { out: path.join(out, 'audit-trail.csv') }, context);
  const auditMs = performance.now() - t0;
  api.close();
  report(
    `audit trail export: ${trail.rows.toLocaleString('en')} entries, ${Math.round(trail.bytes / 2 ** 20)} MB of CSV in ${s(auditMs)}`,
  );
  results.auditExport = { ms: auditMs, rows: trail.rows, bytes: trail.bytes };
}

const ms = (t: { ms: number; cpuMs: number }) => `${Math.round(t.ms)} ms (CPU ${Math.round(t.cpuMs)} ms)`;

function reportReviewReads(review: ReviewReads): void {
  report(
    `after ${lastRound} (${review.records.toLocaleString('en')} records: ${Object.entries(review.totals)
      .filter(([k]) => k !== 'records')
      .map(([k, v]) => `${k} ${v.toLocaleString('en')}`)
      .join(', ')}):`,
  );
  report(
    `  review status, whole study: ${ms(review.status)}; one site: ${ms(review.statusSite)} (target < 1000 ms)`,
  );
  report(
    `  Data screen Review filter (first 200 rows and total): ${Object.entries(review.filter)
      .map(([k, v]) => `${k} ${ms(v)}, ${v.total.toLocaleString('en')} records`)
      .join('; ')} (target < 1000 ms)`,
  );
  report(
    `  Subjects screen Review filter (first 100 subjects with their counts, and total): ${Object.entries(
      review.subjectsFilter,
    )
      .map(([k, v]) => `${k} ${ms(v)}, ${v.total.toLocaleString('en')} subjects`)
      .join('; ')} (target < 1000 ms)`,
  );
  for (const [name, lines] of Object.entries(review.plans))
    report(`  query plan, ${name}:\n${lines.map((l) => `    ${l}`).join('\n')}`);
}

if (only.has('review')) {
  const { benchReview } = await import('./review-bench');
  report(`## Review marks (${subjects.toLocaleString('en')} subjects)`);
  const before = study.rounds.at(-2)!.name;
  const review = await benchReview(
    freshDatabase('review.db'),
    (db, round) => {
      const exports = roundExports(study, studyDir, round);
      runImportChild(db, [...exports.csv, ...exports.xlsx]);
    },
    { before, after: lastRound },
  );
  report(
    `mark the largest site (${review.markSite.siteId}, every form, one statement a form): ${review.markSite.records.toLocaleString('en')} records in ${ms(review.markSite)}; the whole study: ${review.markStudy.records.toLocaleString('en')} records in ${ms(review.markStudy)}`,
  );
  reportReviewReads(review);
  results.review = review;
}

if (only.has('review-read')) {
  // The reads alone, on the study the marking bench left (bench/out/review.db).
  const { benchReviewReads } = await import('./review-bench');
  const file = path.join(out, 'review.db');
  if (!fs.existsSync(file)) throw new Error(`${file}: run --only review first`);
  report(`## Review reads alone (${subjects.toLocaleString('en')} subjects)`);
  const reads = await benchReviewReads(file);
  reportReviewReads(reads);
  results.reviewReads = reads;
}

if (only.has('cdisc')) {
  // What a data cut's snapshot writes for its forms, on the whole study: all formats in one pass,
  // then each format alone (each in its own process: its time and peak memory are its own).
  report(`## Analysis files of a cut (${subjects.toLocaleString('en')} subjects)`);
  if (!fs.existsSync(checkedDb))
    runImportChild(freshDatabase('checked.db'), [...exportsOfLast.csv, ...exportsOfLast.xlsx]);
  const cdisc: Record<string, unknown> = {};
  for (const formats of ['dataset-json,xpt,csv,xlsx', 'dataset-json', 'xpt', 'csv', 'xlsx']) {
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.resolve('bench/cdisc-child.ts'), checkedDb, path.join(out, 'cdisc'), formats],
      { encoding: 'utf8', maxBuffer: 1 << 26 },
    );
    if (child.status !== 0) throw new Error(`export failed: ${child.stderr}`);
    const r = JSON.parse(child.stdout.trim().split('\n').pop()!) as {
      ms: number;
      cpuMs: number;
      maxRssMb: number;
      records: number;
      bytes: number;
      files: number;
    };
    report(
      `${formats.includes(',') ? 'all formats (+ define.xml)' : formats}: ${r.records.toLocaleString('en')} records, ${r.files} files, ${Math.round(r.bytes / 2 ** 20)} MB in ${s(r.ms)} (CPU ${s(r.cpuMs)}), peak RSS ${Math.round(r.maxRssMb)} MB`,
    );
    cdisc[formats] = r;
  }
  fs.rmSync(path.join(out, 'cdisc'), { recursive: true, force: true });
  results.cdisc = cdisc;
}

if (only.has('grid')) {
  const { benchGrid } = await import('./grid-bench');
  report(`## Discrepancy grid (Chromium)`);
  const grid = await benchGrid();
  report(
    `${grid.rows.toLocaleString('en')} discrepancies: first rows ${Math.round(grid.firstRowsMs)} ms (target < 1000 ms), warm ${Math.round(grid.warmFirstRowsMs)} ms; scrolling ${grid.scrollFrameMs.toFixed(1)} ms/frame (p95 ${grid.scrollFrameP95Ms.toFixed(1)}); jump to middle ${Math.round(grid.jumpToMiddleMs)} ms; sort ${Math.round(grid.sortMs)} ms`,
  );
  results.grid = grid;
}

if (only.has('coding')) {
  const { benchDictionaries, runCodingChild, shellImportMeddra } = await import('./coding-bench');
  const size = Number(option('meddra-llts', '80000'));
  report(`## Medical coding (a synthetic MedDRA of ${size.toLocaleString('en')} LLTs in English and Korean)`);
  const { dir, written } = await benchDictionaries(out, size);
  const release = (language: string) =>
    path.join(dir, written.meddra.find((m) => m.version === '90.0' && m.language === language)!.path);
  const mb = (r: { maxRssMb: number }) => `${Math.round(r.maxRssMb)} MB`;
  // CPU time of a phase (the machine is shared: wall time depends on what else runs).
  const phase = (r: { phasesCpu?: Record<string, number> }, name: string) => s(r.phasesCpu?.[name] ?? 0);
  // Into an empty study: reading and checking the files, then storing the terms with their index.
  const empty = freshDatabase('dictionary.db');
  const english = runCodingChild('load', empty, release('English'), 'meddra');
  const korean = runCodingChild('load', empty, release('Korean'), 'meddra');
  const peer = shellImportMeddra(release('English'));
  report(
    `load, English: CPU ${s(english.cpuMs)} (reading and checking ${phase(english, 'reading')}, storing ${phase(english, 'storing')}), wall ${s(english.ms)}, peak RSS ${mb(english)}`,
  );
  report(`load, Korean translation: CPU ${s(korean.cpuMs)}, wall ${s(korean.ms)}, peak RSS ${mb(korean)}`);
  report(
    `  sqlite3 .import of the same ASCII files: CPU ${peer.cpuMs === null ? 'n/a' : s(peer.cpuMs)}, wall ${s(peer.ms)}; ratio CPU ${peer.cpuMs ? (english.cpuMs / peer.cpuMs).toFixed(1) : 'n/a'}x`,
  );
  // The whole study's adverse events, imported before any dictionary: the load codes what waits.
  const waitingDb = path.join(out, 'coding.db');
  for (const f of [waitingDb, `${waitingDb}-wal`, `${waitingDb}-shm`]) fs.rmSync(f, { force: true });
  if (fs.existsSync(checkedDb) && only.has('speed')) fs.copyFileSync(checkedDb, waitingDb);
  else {
    fs.copyFileSync(freshDatabase('coding-empty.db'), waitingDb);
    runImportChild(waitingDb, [...exportsOfLast.csv, ...exportsOfLast.xlsx]);
  }
  const codeEnglish = runCodingChild('load', waitingDb, release('English'), 'meddra');
  const codeKorean = runCodingChild('load', waitingDb, release('Korean'), 'meddra');
  const probe = runCodingChild('probe', waitingDb);
  const autoCoded = Number(codeEnglish.autoCoded) + Number(codeKorean.autoCoded);
  const total = autoCoded + Number(probe.waiting);
  report(
    `auto-coding the ${total.toLocaleString('en')} AEs of ${subjects.toLocaleString('en')} subjects: ${autoCoded.toLocaleString('en')} coded (English ${Number(codeEnglish.autoCoded).toLocaleString('en')} in CPU ${phase(codeEnglish, 'coding')}, then Korean ${Number(codeKorean.autoCoded).toLocaleString('en')} in CPU ${phase(codeKorean, 'coding')}), ${Number(probe.waiting).toLocaleString('en')} waiting; peak RSS ${mb(codeEnglish)}`,
  );
  // Importing with the dictionary loaded: what auto-coding adds to an import.
  const withDictionary = freshDatabase('import-coded.db');
  runCodingChild('load', withDictionary, release('English'), 'meddra');
  runCodingChild('load', withDictionary, release('Korean'), 'meddra');
  const imported = runImportChild(withDictionary, exportsOfLast.csv);
  const codingCpu = (imported as unknown as { phases?: Record<string, number> }).phases?.coding ?? 0;
  report(
    `import of the CSV sites with the dictionary loaded: CPU ${s(imported.cpuMs)}, of which auto-coding ${s(codingCpu)} (${((codingCpu / imported.cpuMs) * 100).toFixed(1)}%), peak RSS ${Math.round(imported.maxRssMb)} MB`,
  );
  const searches = probe.searchMs as number[];
  const searchCpu = probe.searchCpuMs as number[];
  const range = (v: number[]) => `${Math.round(Math.min(...v))}-${Math.round(Math.max(...v))} ms`;
  report(
    `exact match: ${(probe.exactUs as number).toFixed(1)} µs a lookup (${Number(probe.lookups).toLocaleString('en')} lookups, half hits); search of LLTs and PTs in both languages (paged, 50 with their hierarchy): wall ${range(searches)}, CPU ${range(searchCpu)}; queue's first page of ${Number(probe.waiting).toLocaleString('en')} waiting AEs: CPU ${Math.round((probe.queueMs as number[])[0]!)} ms cold, ${Math.round((probe.queueMs as number[])[1]!)} ms warm`,
  );
  results.coding = { llts: size, english, korean, peer, codeEnglish, codeKorean, probe, imported, codingCpu };
}

fs.writeFileSync(path.join(out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
fs.writeFileSync(path.join(out, 'results.md'), `${lines.join('\n')}\n`);
console.log(`\nfigures written to ${path.relative(process.cwd(), path.join(out, 'results.md'))}`);
