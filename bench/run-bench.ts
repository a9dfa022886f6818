/**
 * npm run bench [-- --subjects 10000 --sites 60 --only import,checks,queries,cdisc,review,review-read,grid,coding]
 *
 * Speed and memory of the workstation on a generated study (10,000 subjects over 60 sites by
 * default), each figure beside its target. Not a test: it measures and prints, and writes the
 * figures to bench/out/results.json and bench/out/results.md (pasted into the README).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createStudy, openStudy } from '../electron/core/api/open-study';
import { loadStudyDefinition } from '../electron/core/study/load-definition';
import { benchStudy, roundExports } from './bench-study';
import { sqliteShellImport } from './sqlite-import';
import type { ReviewReads } from './review-bench';
import { connectionOf } from '../electron/core/db/connection';
import { checkSql } from '../electron/core/checks/check-definition';
import { SQLITE_DIALECT } from '../electron/core/db/sql-dialect';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1]!;
};
const subjects = Number(option('subjects', '10000'));
const sites = Number(option('sites', '60'));
const only = new Set(option('only', 'import,checks,queries,cdisc,review,grid,coding').split(','));
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

if (only.has('import')) {
  report(`## Import (${subjects.toLocaleString('en')} subjects, ${sites} sites, ${lastRound})`);
  // The reference first: the sqlite3 shell's .import of the very same CSV files.
  const reference = sqliteShellImport(exportsOfLast.csv);
  const db = freshDatabase('import.db');
  const ours = runImportChild(db, exportsOfLast.csv);
  const ratio = ours.ms / reference.ms;
  // The machine is shared: CPU time (user + system) is the fair comparison, wall time is shown beside it.
  const cpuRatio = reference.cpuMs === null ? null : ours.cpuMs / reference.cpuMs;
  const perSecond = (ms: number) => Math.round(ours.rows / (ms / 1000)).toLocaleString('en');
  report(
    `CSV sites (${exportsOfLast.csv.length} exports, ${reference.files} files, ${ours.rows.toLocaleString('en')} rows):`,
  );
  report(
    `  workstation import: CPU ${s(ours.cpuMs)} (${perSecond(ours.cpuMs)} rows/s), wall ${s(ours.ms)} (${perSecond(ours.ms)} rows/s), peak RSS ${Math.round(ours.maxRssMb)} MB`,
  );
  report(
    `  sqlite3 .import:    CPU ${reference.cpuMs === null ? 'n/a' : `${s(reference.cpuMs)} (${perSecond(reference.cpuMs)} rows/s)`}, wall ${s(reference.ms)} (${perSecond(reference.ms)} rows/s), peak RSS ${reference.maxRssMb === null ? 'n/a' : `${Math.round(reference.maxRssMb)} MB`}`,
  );
  report(
    `  ratio CPU ${cpuRatio === null ? 'n/a' : `${cpuRatio.toFixed(2)}x`}, wall ${ratio.toFixed(2)}x (target <= 2x), peak RSS target < 1024 MB`,
  );
  const xlsx = runImportChild(db, exportsOfLast.xlsx);
  report(
    `xlsx sites (${exportsOfLast.xlsx.length} workbooks, ${xlsx.rows.toLocaleString('en')} rows): CPU ${s(xlsx.cpuMs)}, wall ${s(xlsx.ms)}, ${Math.round(xlsx.rows / (xlsx.ms / 1000)).toLocaleString('en')} rows/s, peak RSS ${Math.round(xlsx.maxRssMb)} MB`,
  );
  results.import = {
    csv: { ...ours, exports: exportsOfLast.csv.length },
    sqlite3: reference,
    ratio,
    cpuRatio,
    xlsx: { ...xlsx, exports: exportsOfLast.xlsx.length },
  };
  fs.copyFileSync(db, checkedDb);
}

if (only.has('checks')) {
  if (!fs.existsSync(checkedDb)) {
    const db = freshDatabase('checked.db');
    runImportChild(db, [...exportsOfLast.csv, ...exportsOfLast.xlsx]);
  }
  report(`## Edit checks (${subjects.toLocaleString('en')} subjects)`);
  const api = openStudy(checkedDb);
  const full = await api.call('checks.run', { full: true }, context);
  const slowest = [...full.checks].sort((a, b) => b.durationMs - a.durationMs).slice(0, 5);
  report(`full run, all ${full.checks.length} checks: ${s(full.durationMs)} (found ${full.totals.found})`);
  report(`  slowest: ${slowest.map((c) => `${c.checkId} ${c.durationMs} ms`).join(', ')}`);
  // One site sends a new export: re-import it and check again (only its subjects are checked).
  // A site of median size, and the largest site (the worst case).
  const bySize = (study.rounds.at(-1)!.exports ?? [])
    .filter((e) => exportsOfLast.csv.some((p) => p.endsWith(path.basename(e.path))))
    .sort((a, b) => a.subjects - b.subjects);
  const picks = [bySize[Math.floor(bySize.length / 2)]!, bySize.at(-1)!];
  api.close();
  const rechecks: { siteId: string; subjects: number; ms: number; share: number }[] = [];
  let again = openStudy(checkedDb);
  for (const pick of picks) {
    again.close();
    runImportChild(checkedDb, [path.join(studyDir, pick.path)]);
    again = openStudy(checkedDb);
    const partial = await again.call('checks.run', {}, context);
    const share = partial.durationMs / full.durationMs;
    rechecks.push({ siteId: pick.siteId, subjects: partial.scope.subjects, ms: partial.durationMs, share });
    report(
      `re-check after the re-import of ${pick.siteId} (${partial.scope.subjects} of ${subjects.toLocaleString('en')} subjects): ${s(partial.durationMs)} = ${(share * 100).toFixed(0)}% of a full run (target <= 20%)`,
    );
  }
  const plans: Record<string, string[]> = {};
  for (const c of slowest.slice(0, 2)) {
    const { CATALOG } = await import('../electron/core/checks/catalog');
    const check = CATALOG.find((k) => k.id === c.checkId);
    if (!check) continue;
    const sql = checkSql(check, again.database.model, SQLITE_DIALECT);
    // The derived facts of the last run are still there in this connection.
    await again.call('checks.run', { checkIds: [c.checkId], full: true }, context);
    const { commonParams, checkParams } = await import('../electron/core/checks/check-params');
    const params = { ...commonParams(again.database.model), ...checkParams(again.database.model, check) };
    const rows = connectionOf(again.database).prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as {
      detail: string;
    }[];
    plans[c.checkId] = rows.map((r) => r.detail);
    report(`  query plan of ${c.checkId}:\n${rows.map((r) => `    ${r.detail}`).join('\n')}`);
  }
  again.close();
  results.checks = {
    fullMs: full.durationMs,
    found: full.totals.found,
    perCheck: full.checks,
    rechecks,
    plans,
  };
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
  if (fs.existsSync(checkedDb) && only.has('import')) fs.copyFileSync(checkedDb, waitingDb);
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
