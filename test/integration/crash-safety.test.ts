import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudyApi } from '../../electron/core/api/study-api';
import { openStudyDatabase } from '../../electron/core/db/opening/open-study-database';
import { generateStudy } from '../../tools/generator/compose/generate-study';
import { loadStudyDefinition } from '../../electron/core/study/load-definition';
import { databaseHash } from '../helpers/database-hash';
import {
  differingColumns,
  IMPORT_TIME_COLUMNS,
  normalisedDatabaseHash,
} from '../helpers/normalised-database-hash';
import { runCli, startCli } from '../helpers/run-cli';
import { tempDir, testContext } from '../helpers/study-builder';

/**
 * cli.md: "A failed command changes nothing: an import that fails part-way leaves the database as
 * it was." The hardest failure: the import process killed (SIGKILL: no handler runs) at any moment.
 * Afterwards the database passes PRAGMA integrity_check and is exactly as before the import or
 * exactly as after a complete one; a killed --batch leaves each site export wholly in or wholly out.
 * Kill moments: evenly spread and seeded random delays, plus moments read off the disk (the WAL
 * growing during the commit, the database file growing during the checkpoint), which no delay can
 * be relied on to hit.
 */
const definition = loadStudyDefinition();
const USER = 'dm';

let root: string;
/** Site S01 with 300 subjects: round 2 is already in the base database, round 3 is the import killed. */
let exportDir: string;
let baseDb: string;
let beforeHash: string;
let afterHash: string;
/** Milliseconds a complete import takes from spawn to exit, and the size its WAL reaches. */
let completeMs: number;
let walPeak: number;
let baseSize: number;
let baseBytes: Buffer;

/** Waits for the child's exit, polling the database's files every millisecond; `kill` decides when to kill. */
async function runAndKill(
  db: string,
  args: string[],
  kill: { afterMs: number } | { when: (sizes: { wal: number; db: number; file: string }) => boolean },
): Promise<{ killed: boolean; exitCode: number | null; ms: number; walPeak: number; walLeft: number }> {
  const child = startCli(args);
  const started = Date.now();
  let peak = 0;
  let killed = false;
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let done = false;
  void exited.then(() => (done = true));
  const killNow = () => {
    if (!done && !killed) killed = child.kill('SIGKILL');
  };
  if ('afterMs' in kill) {
    const timer = setTimeout(killNow, kill.afterMs);
    void exited.then(() => clearTimeout(timer));
  }
  const poll = setInterval(() => {
    const sizes = { wal: sizeOf(`${db}-wal`), db: sizeOf(db) };
    peak = Math.max(peak, sizes.wal);
    if ('when' in kill && kill.when({ ...sizes, file: db })) killNow();
  }, 1);
  const exitCode = await exited;
  clearInterval(poll);
  return { killed, exitCode, ms: Date.now() - started, walPeak: peak, walLeft: sizeOf(`${db}-wal`) };
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** Opens the database as the next command would (recovering from the WAL), checks it, and closes it. */
function recoverAndCheck(db: string): void {
  const connection = new Database(db);
  try {
    expect(connection.pragma('integrity_check', { simple: true }), `${db}: integrity_check`).toBe('ok');
    expect(connection.pragma('foreign_key_check'), `${db}: foreign_key_check`).toEqual([]);
  } finally {
    connection.close();
  }
}

/** The site exports committed so far, read beside the import (WAL lets a reader in). */
function committedImports(file: string): number {
  if (sizeOf(`${file}-wal`) === 0) return 0;
  const reader = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (reader.prepare('SELECT count(*) AS n FROM imports').get() as { n: number }).n;
  } finally {
    reader.close();
  }
}

/** True once the WAL grows again after it stood still for 100 ms: a second commit has begun. */
function walGrowsAgain(): (sizes: { wal: number }) => boolean {
  let size = 0;
  let changedAt = 0;
  return ({ wal }) => {
    if (wal === size) return false;
    const resumed = size > 0 && Date.now() - changedAt > 100;
    size = wal;
    changedAt = Date.now();
    return resumed;
  };
}

/** A seeded generator (mulberry32), so the random kill moments are the same on every run. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let attempts = 0;
function copyOf(db: string): string {
  const copy = path.join(root, `attempt-${++attempts}.db`);
  fs.copyFileSync(db, copy);
  return copy;
}

/**
 * Runs the attempts two at a time (two cores), then checks each pair's databases: checking is
 * synchronous work in this process, which would delay the kill timers and disk polls of a running attempt.
 */
async function inPairs<T, R>(
  items: T[],
  run: (item: T) => Promise<R>,
  check: (item: T, result: R) => void,
): Promise<void> {
  for (let i = 0; i < items.length; i += 2) {
    const pair = items.slice(i, i + 2);
    const results = await Promise.all(pair.map(run));
    pair.forEach((item, j) => check(item, results[j]!));
  }
}

beforeAll(async () => {
  const started = Date.now();
  root = tempDir('cdm-crash-');
  const manifest = await generateStudy({
    outDir: path.join(root, 'gen'),
    seed: 7,
    subjects: 300,
    sites: 1,
    rounds: 3,
    definition,
  });
  exportDir = path.join(root, 'gen', manifest.rounds[2]!.exports[0]!.path);
  baseDb = path.join(root, 'base.db');
  expect((await runCli(['init', baseDb, '--user', USER])).code).toBe(0);
  const first = await runCli([
    'import',
    baseDb,
    path.join(root, 'gen', manifest.rounds[1]!.exports[0]!.path),
    '--user',
    USER,
  ]);
  expect(first.code, first.stderr).toBe(0);
  beforeHash = databaseHash(baseDb);
  baseSize = sizeOf(baseDb);
  baseBytes = fs.readFileSync(baseDb);

  // Two complete imports of the same export: what differs between them is the time of import, and only that.
  // Side by side, as the attempts run.
  const references = [copyOf(baseDb), copyOf(baseDb)];
  const runs = await Promise.all(
    references.map((db) => runAndKill(db, ['import', db, exportDir, '--user', USER], { when: () => false })),
  );
  for (const run of runs) expect(run.exitCode).toBe(0);
  expect(differingColumns(references[0]!, references[1]!)).toEqual(
    Object.entries(IMPORT_TIME_COLUMNS).flatMap(([table, columns]) => columns.map((c) => `${table}.${c}`)),
  );
  afterHash = normalisedDatabaseHash(references[0]!);
  expect(normalisedDatabaseHash(references[1]!)).toBe(afterHash);
  expect(databaseHash(references[0]!)).not.toBe(beforeHash);
  completeMs = (runs[0]!.ms + runs[1]!.ms) / 2;
  walPeak = Math.max(...runs.map((r) => r.walPeak));
  expect(walPeak, 'the import writes through the WAL').toBeGreaterThan(1_000_000);
  console.log(
    `setup ${Date.now() - started} ms; a complete import takes ${runs.map((r) => r.ms).join(' and ')} ms; its WAL reaches ${walPeak} bytes`,
  );
}, 120_000);

afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

type Outcome = 'before' | 'after';

function outcomeOf(db: string): Outcome {
  recoverAndCheck(db);
  // Until a checkpoint, an import writes only to the WAL: the file itself is then byte for byte the one copied.
  if (fs.readFileSync(db).equals(baseBytes) || databaseHash(db) === beforeHash) return 'before';
  expect(normalisedDatabaseHash(db), `${db} is neither as before the import nor as after it`).toBe(afterHash);
  return 'after';
}

describe('an import killed at any moment leaves the database as before or as after', () => {
  it('survives SIGKILL at evenly spread, random and disk-chosen moments', { timeout: 150_000 }, async () => {
    const started = Date.now();
    const random = seededRandom(20240517);
    const last = Math.round(completeMs * 1.5);
    const moments: { label: string; kill: Parameters<typeof runAndKill>[2] }[] = [
      ...Array.from({ length: 12 }, (_, i) => {
        const ms = Math.round(50 + ((last - 50) * i) / 11);
        return { label: `${ms} ms`, kill: { afterMs: ms } };
      }),
      ...Array.from({ length: 4 }, () => {
        const ms = Math.round(50 + random() * (last - 50));
        return { label: `${ms} ms (random)`, kill: { afterMs: ms } };
      }),
      // During the commit: the WAL is being written, its commit frame not yet.
      ...[0.01, 0.3, 0.6, 0.9].map((share) => ({
        label: `WAL at ${Math.round(share * 100)}%`,
        kill: { when: ({ wal }: { wal: number }) => wal >= share * walPeak },
      })),
      // After the commit frame: the WAL is complete, or being copied into the database file (checkpoint).
      { label: 'WAL complete', kill: { when: ({ wal }: { wal: number }) => wal >= walPeak } },
      { label: 'checkpoint under way', kill: { when: ({ db }: { db: number }) => db > baseSize } },
    ];

    const results: { label: string; outcome: Outcome; killed: boolean; walLeft: number }[] = [];
    await inPairs(
      moments.map((moment) => ({ ...moment, db: copyOf(baseDb) })),
      ({ db, kill }) => runAndKill(db, ['import', db, exportDir, '--user', USER], kill),
      ({ db, label }, run) => {
        // A run the kill did not reach must have finished by itself, successfully.
        if (!run.killed) expect(run.exitCode, label).toBe(0);
        results.push({ label, outcome: outcomeOf(db), killed: run.killed, walLeft: run.walLeft });
        fs.rmSync(db, { force: true });
      },
    );

    const count = (f: (r: (typeof results)[number]) => boolean) => results.filter(f).length;
    console.log(
      [
        `${results.length} kill moments in ${Date.now() - started} ms: ` +
          `${count((r) => r.killed && r.outcome === 'before')} killed and as before, ` +
          `${count((r) => r.killed && r.outcome === 'after')} killed and as after, ` +
          `${count((r) => !r.killed)} finished before the kill`,
        ...results.map(
          (r) =>
            `  ${r.label.padEnd(22)} ${r.killed ? 'killed' : 'done  '} ${r.outcome.padEnd(6)} WAL left: ${r.walLeft} bytes`,
        ),
      ].join('\n'),
    );
    // The moments cover the import: killed early (as before), and killed with a WAL on disk, torn
    // (as before) or committed (as after, recovered from the WAL).
    expect(count((r) => r.killed && r.outcome === 'before')).toBeGreaterThan(0);
    expect(count((r) => r.killed && r.walLeft > 0)).toBeGreaterThan(0);
    expect(count((r) => r.outcome === 'after')).toBeGreaterThan(0);
  });
});

describe('a --batch killed part-way leaves each site export wholly in or wholly out', () => {
  it('survives SIGKILL between and during the exports of a delivery', { timeout: 90_000 }, async () => {
    const started = Date.now();
    // A delivery of three sites (a CSV folder, a workbook, a CP949 folder), loaded in name order.
    const manifest = await generateStudy({
      outDir: path.join(root, 'delivery-gen'),
      seed: 8,
      subjects: 120,
      sites: 3,
      rounds: 1,
      definition,
    });
    const batchDir = path.join(root, 'gen', 'delivery');
    fs.mkdirSync(batchDir, { recursive: true });
    const exports = manifest.rounds[0]!.exports.map((e) => {
      const target = path.join(batchDir, path.basename(e.path));
      fs.cpSync(path.join(root, 'delivery-gen', e.path), target, { recursive: true });
      return target;
    });
    expect(exports).toHaveLength(3);
    const emptyDb = path.join(root, 'batch-base.db');
    expect((await runCli(['init', emptyDb, '--user', USER])).code).toBe(0);

    // The states a batch may leave: none, the first, the first two, or all three exports in
    // (each export made in-process through the same core, one after the other).
    const prefixDb = copyOf(emptyDb);
    const states = [normalisedDatabaseHash(prefixDb)];
    const api = createStudyApi(openStudyDatabase(prefixDb));
    for (const siteExport of [...exports].sort()) {
      await api.call('imports.run', { paths: [siteExport], dryRun: false }, testContext(USER));
      states.push(normalisedDatabaseHash(prefixDb));
    }
    api.close();

    const complete = copyOf(emptyDb);
    const reference = await runAndKill(complete, ['import', complete, '--batch', batchDir, '--user', USER], {
      when: () => false,
    });
    expect(reference.exitCode).toBe(0);
    expect(normalisedDatabaseHash(complete)).toBe(states[3]);

    const emptySize = sizeOf(emptyDb);
    const moments: { label: string; kill: Parameters<typeof runAndKill>[2] }[] = [
      // During the commit of the first export.
      { label: 'first commit', kill: { when: ({ wal }: { wal: number }) => wal > 0 } },
      // During a later commit: the WAL grows again after a pause (the next export read meanwhile).
      { label: 'a later commit', kill: { when: walGrowsAgain() } },
      // A commit done and being checkpointed into the database file: the other exports still to come.
      { label: 'first checkpoint', kill: { when: ({ db }: { db: number }) => db > emptySize } },
      // The first export committed, the next ones being prepared or written (the moments above may
      // all miss the gap between two exports when they follow each other closely).
      {
        label: 'first export in',
        kill: { when: ({ file }: { file: string }) => committedImports(file) >= 1 },
      },
      ...[0.8].map((share) => ({
        label: `${Math.round(share * reference.ms)} ms`,
        kill: { afterMs: Math.round(share * reference.ms) },
      })),
    ];
    const outcomes: string[] = [];
    await inPairs(
      moments.map((moment) => ({ ...moment, db: copyOf(emptyDb) })),
      ({ db, kill }) => runAndKill(db, ['import', db, '--batch', batchDir, '--user', USER], kill),
      ({ db, label }, run) => {
        if (!run.killed) expect(run.exitCode, label).toBe(0);
        recoverAndCheck(db);
        const state = states.indexOf(normalisedDatabaseHash(db));
        expect(state, `${label}: the database holds part of a site export`).toBeGreaterThanOrEqual(0);
        outcomes.push(
          `  ${label.padEnd(18)} ${run.killed ? 'killed' : 'done  '} ${state} of 3 site exports in`,
        );
        fs.rmSync(db, { force: true });
      },
    );
    console.log(
      [
        `--batch of 3 site exports (complete: ${reference.ms} ms), ${moments.length} kills in ${Date.now() - started} ms:`,
        ...outcomes,
      ].join('\n'),
    );
    expect(
      outcomes.some((o) => / killed [12] of 3/.test(o)),
      'a kill landed between the exports of the batch',
    ).toBe(true);
  });
});
