/**
 * The Discrepancies grid over 100,000 discrepancies in Chromium: how long until the first rows show,
 * and how smooth scrolling is. The discrepancies are inserted into a fresh study database by SQL in
 * this helper (a rendering benchmark: what is measured is the renderer paging through
 * discrepancies.list, not the checks). The app is served by `cdm serve`, so the requests go through
 * the real browser-mode server and the core's worker.
 *
 *   npx tsx bench/grid-bench.ts            (or import { benchGrid } from a bench runner)
 */
import Database from 'better-sqlite3';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';

export interface GridBenchResult {
  rows: number;
  /** Page load at #/discrepancies until the first grid rows show their data. */
  firstRowsMs: number;
  /** From another screen (app already loaded) to the first rows. */
  warmFirstRowsMs: number;
  /** Smooth scrolling (one step a frame for 2 s): mean and 95th percentile frame time. */
  scrollFrameMs: number;
  scrollFrameP95Ms: number;
  /** Jump to the middle of the list until those rows show their data. */
  jumpToMiddleMs: number;
  /** A new sort (server-side) until the first rows show again. */
  sortMs: number;
}

const CHECKS = [
  ['DOSE-01', 'DOSE', 'major', 'EX', 'EXDOSE'],
  ['DOSE-03', 'DOSE', 'major', 'EX', 'EXENDAT'],
  ['RESP-01', 'RESP', 'major', 'RS', 'RSDAT'],
  ['RESP-05', 'RESP', 'critical', 'RS', 'RSORRES'],
  ['AEDT-01', 'AEDT', 'major', 'AE', 'AEENDAT'],
  ['AEDT-05', 'AEDT', 'minor', 'AE', 'AEONGO'],
  ['AECON-01', 'AECON', 'major', 'AE', 'AESER'],
  ['ELIG-02', 'ELIG', 'critical', 'DM', 'PRIORREG'],
  ['DATA-01', 'DATA', 'minor', 'LB', 'LBDAT'],
  ['DATA-07', 'DATA', 'minor', 'LB', 'LBORRES'],
] as const;
const STATUSES = ['OPEN', 'OPEN', 'OPEN', 'QUERIED', 'ANSWERED', 'CLOSED', 'ACCEPTED', 'RESOLVED'] as const;

/**
 * Inserts `count` synthetic discrepancies into a study database (bench and demo helper only: the
 * product makes discrepancies by running checks). Where the study has records, each discrepancy
 * points at a real one so that its side panel shows a record.
 */
export function seedDiscrepancies(dbFile: string, count: number, seed = 1): void {
  const db = new Database(dbFile);
  try {
    let state = seed;
    const rand = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    const records = new Map<
      string,
      { record_id: number; site_id: string; subject_id: string; record_key: string }[]
    >();
    for (const form of new Set(CHECKS.map((c) => c[3]))) {
      try {
        records.set(
          form,
          db
            .prepare(
              `SELECT record_id, site_id, subject_id, record_key FROM form_${form.toLowerCase()} LIMIT 5000`,
            )
            .all() as never,
        );
      } catch {
        records.set(form, []);
      }
    }
    const insert = db.prepare(
      `INSERT INTO discrepancies (identity, check_id, category, severity, site_id, subject_id, form, record_id, record_key, field, value, message,
         fingerprint, status, manual, first_found, last_found, status_changed_at, query_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'bench', ?, 0, ?, ?, ?, ?)`,
    );
    const start = Date.UTC(2019, 0, 1);
    db.transaction(() => {
      for (let i = 0; i < count; i++) {
        const [checkId, category, severity, form, field] = CHECKS[Math.floor(rand() * CHECKS.length)]!;
        const pool = records.get(form) ?? [];
        const real = pool.length ? pool[Math.floor(rand() * pool.length)]! : null;
        const site = real?.site_id ?? `S${String(1 + Math.floor(rand() * 20)).padStart(2, '0')}`;
        const subject = real?.subject_id ?? `${site}-${String(1 + Math.floor(rand() * 30)).padStart(3, '0')}`;
        const status = STATUSES[Math.floor(rand() * STATUSES.length)]!;
        const found = new Date(start + Math.floor(rand() * 4 * 365) * 86_400_000).toISOString();
        const value = field.endsWith('DAT')
          ? `2019.0${1 + (i % 9)}.3${i % 2}`
          : String(Math.round(rand() * 500) / 10);
        insert.run(
          `BENCH|${i}|${checkId}|${subject}`,
          checkId,
          category,
          severity,
          site,
          subject,
          form,
          real?.record_id ?? null,
          real?.record_key ?? `${subject}|${i}`,
          field,
          value,
          `${checkId}: ${field} ${value} looks wrong for subject ${subject} (synthetic discrepancy ${i})`,
          status,
          found,
          found,
          found,
          status === 'OPEN' ? null : `Q${String(i).padStart(6, '0')}`,
        );
      }
    })();
  } finally {
    db.close();
  }
}

/** `cdm serve DB` on a free port; answers the printed URL (it carries the run's token). */
export async function serveStudy(dbFile: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['bin/cdm.js', 'serve', dbFile, '--user', 'bench'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`cdm serve printed no URL in 60 s: ${stderr}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /https?:\/\/\S+/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
    child.on('exit', (code) => reject(new Error(`cdm serve exited (${code}): ${stderr}`)));
  });
  return { url, child };
}

export function ensureRendererBuilt(): void {
  if (fs.existsSync('dist/renderer/index.html') && !process.env.CDM_REBUILD) return;
  const r = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('vite build failed');
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Waits until the grid shows row `index` with its data (not a loading placeholder); answers ms since t0. */
async function rowShown(page: Page, index: number, t0: number): Promise<number> {
  await page.waitForFunction(
    `(() => { const row = document.querySelector('[data-testid="discrepancy-grid"] .ag-row[row-index="${index}"] [col-id="checkId"]'); return !!row && row.textContent.trim().length > 0; })()`,
    undefined,
    { timeout: 60_000, polling: 'raf' },
  );
  return ((await page.evaluate('performance.now()')) as number) - t0;
}

/** The grid's vertically scrolling element (found by what it does, not by AG Grid's class names). */
const SCROLLER = `[...document.querySelectorAll('[data-testid="discrepancy-grid"] *')].find((e) => e.scrollHeight > e.clientHeight + 100 && /auto|scroll/.test(getComputedStyle(e).overflowY))`;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export async function benchGrid(rows = 100_000): Promise<GridBenchResult> {
  ensureRendererBuilt();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdm-grid-bench-'));
  const db = path.join(dir, 'study.db');
  const init = spawnSync(process.execPath, ['bin/cdm.js', 'init', db], { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`cdm init failed: ${init.stderr}`);
  seedDiscrepancies(db, rows);
  const { url, child } = await serveStudy(db);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  try {
    // bypassCSP: the measuring snippets below are strings, which the app's CSP (no eval) would refuse.
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
    // The printed URL sets the session cookie and redirects to the app.
    const first = await context.newPage();
    await first.goto(url);
    await first.waitForSelector('.nav');
    await first.close();

    // Cold: a new page loading the app straight at the grid (times from its navigation start).
    const page = await context.newPage();
    const origin = new URL(url).origin;
    await page.goto(`${origin}/#/discrepancies`, { waitUntil: 'commit' });
    const firstRowsMs = await rowShown(page, 0, 0);

    // Warm: from the dashboard to the grid within the loaded app.
    await page.evaluate(`location.hash = '#/dashboard'`);
    await page.waitForSelector('.screen-dashboard');
    const tWarm = (await page.evaluate(`(location.hash = '#/discrepancies', performance.now())`)) as number;
    const warmFirstRowsMs = await rowShown(page, 0, tWarm);

    // Smooth scroll: one step a frame for 2 s, frame times measured in the page.
    const frames = (await page.evaluate(`new Promise((resolve) => {
      const viewport = ${SCROLLER};
      const times = [];
      let last = performance.now();
      const end = last + 2000;
      const step = (now) => {
        times.push(now - last);
        last = now;
        viewport.scrollTop += 120;
        if (now < end) requestAnimationFrame(step); else resolve(times);
      };
      requestAnimationFrame(step);
    })`)) as number[];

    // Jump to the middle: rows there are fetched as a new block.
    const middle = Math.floor(rows / 2);
    const tJump = (await page.evaluate(`(() => {
      const viewport = ${SCROLLER};
      const rowHeight = document.querySelector('.ag-row').getBoundingClientRect().height;
      viewport.scrollTop = ${middle} * rowHeight;
      return performance.now();
    })()`)) as number;
    const jumpToMiddleMs = await rowShown(page, middle, tJump);

    // A server-side sort: click the Check header.
    await page.evaluate(`${SCROLLER}.scrollTop = 0`);
    await rowShown(page, 0, 0);
    const tSort = (await page.evaluate(
      `(document.querySelector('[data-testid="discrepancy-grid"] .ag-header-cell[col-id="subjectId"] .ag-header-cell-label').click(), performance.now())`,
    )) as number;
    await page.waitForFunction(
      `(() => { const cell = document.querySelector('[data-testid="discrepancy-grid"] .ag-row[row-index="0"] [col-id="subjectId"]'); return cell && document.querySelector('[col-id="subjectId"][aria-sort="ascending"]') && cell.textContent.trim().length > 0; })()`,
      undefined,
      { timeout: 60_000, polling: 'raf' },
    );
    const sortMs = ((await page.evaluate('performance.now()')) as number) - tSort;

    const steady = frames.slice(1);
    return {
      rows,
      firstRowsMs: Math.round(firstRowsMs),
      warmFirstRowsMs: Math.round(warmFirstRowsMs),
      scrollFrameMs: Math.round((steady.reduce((a, b) => a + b, 0) / Math.max(1, steady.length)) * 10) / 10,
      scrollFrameP95Ms: Math.round(percentile(steady, 95) * 10) / 10,
      jumpToMiddleMs: Math.round(jumpToMiddleMs),
      sortMs: Math.round(sortMs),
    };
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  benchGrid().then(
    (result) => console.log(JSON.stringify(result, null, 2)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
