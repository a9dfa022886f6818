import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateStudy } from '../../tools/generator/compose/generate-study';
import { loadStudyDefinition } from '../../electron/core/study/load-definition';
import type { StudyApi } from '../../electron/core/api/study-api';
import { runCli } from '../helpers/run-cli';
import { newStudy, tempDir, testContext } from '../helpers/study-builder';

/**
 * Issue 12's promise on a generated study, through the command line: Kim marks AE, EX and CM
 * reviewed after round 2; half the sites send round 3 (corrections, deletions, new records). The records
 * listed as changed and new are exactly those the generator's standardised truth says, with the
 * old and new values; the sites that sent nothing stay reviewed; Lee, who marked nothing, sees
 * nothing reviewed.
 */
const definition = loadStudyDefinition();
type Expected = { siteId: string; forms: Record<string, Record<string, unknown>[]> };
type Manifest = Awaited<ReturnType<typeof generateStudy>>;

let dir: string;
let manifest: Manifest;
let db: string;
let api: StudyApi;
const kim = testContext('kim');
const lee = testContext('lee');

const keyOf = (form: string, record: Record<string, unknown>) =>
  definition.forms
    .find((f) => f.code === form)!
    .key.map((k) => String(record[k]))
    .join('|');

function expectedOf(round: string, site: string): Expected {
  const entry = manifest.rounds.find((r) => r.name === round)!.exports.find((e) => e.siteId === site)!;
  return JSON.parse(fs.readFileSync(path.join(dir, 'gen', entry.expected), 'utf8')) as Expected;
}

async function cli(...args: string[]) {
  const run = await runCli(args, { timeoutMs: 120_000 });
  expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
  return run.stdout;
}

async function data(form: string, state: 'reviewed' | 'changed' | 'new' | 'unreviewed', who = kim) {
  return (await api.call('data.list', { form, review: state, limit: 50_000 }, who)).records;
}

beforeAll(async () => {
  dir = tempDir('cdm-review-');
  manifest = await generateStudy({
    outDir: path.join(dir, 'gen'),
    seed: 5,
    subjects: 80,
    sites: 4,
    rounds: 3,
    definition,
  });
  const study = newStudy({ dir });
  ({ api } = study);
  db = study.file;
  for (const round of ['round-1', 'round-2'])
    await api.call('imports.batch', { dir: path.join(dir, 'gen', round), dryRun: false }, kim);
}, 240_000);

describe('review on a generated study, by the command line', () => {
  it('lists exactly what changed and what is new since the review, with old and new values', async () => {
    expect(await cli('review', 'mark', db, '--form', 'AE', '--user', 'kim')).toMatch(
      /^Marked [\d,]+ AE records reviewed for kim/,
    );
    expect(await cli('review', 'mark', db, '--form', 'ex', '--user', 'kim')).toMatch(
      /^Marked [\d,]+ EX records reviewed for kim/,
    );
    // CM too: the generator corrects medications (errata) where it never corrects dosing.
    await api.call('review.mark', { form: 'CM' }, kim);
    const sites = manifest.rounds[2]!.exports.map((e) => e.siteId).sort();
    const resent = sites.slice(0, sites.length / 2);
    const untouched = sites.slice(sites.length / 2);
    for (const site of resent) {
      const entry = manifest.rounds[2]!.exports.find((e) => e.siteId === site)!;
      await api.call('imports.run', { paths: [path.join(dir, 'gen', entry.path)] }, kim);
    }

    for (const form of ['AE', 'EX', 'CM']) {
      const changedExpected = new Map<string, { field: string; old: unknown; new: unknown }[]>();
      const newExpected = new Set<string>();
      for (const site of resent) {
        const before = new Map(expectedOf('round-2', site).forms[form]!.map((r) => [keyOf(form, r), r]));
        for (const record of expectedOf('round-3', site).forms[form]!) {
          const key = keyOf(form, record);
          const old = before.get(key);
          if (!old) {
            newExpected.add(key);
            continue;
          }
          const fields = Object.keys(record)
            .filter((f) => record[f] !== old[f])
            .map((f) => ({ field: f, old: old[f], new: record[f] }));
          if (fields.length) changedExpected.set(key, fields);
        }
      }
      if (form !== 'EX')
        expect(changedExpected.size, `${form}: the generator corrects some records`).toBeGreaterThan(0);
      expect(newExpected.size, `${form}: round 3 adds records`).toBeGreaterThan(0);

      const changed = await data(form, 'changed');
      expect(new Map(changed.map((r) => [keyOf(form, r), r._changed]))).toEqual(changedExpected);
      const fresh = await data(form, 'new');
      expect(new Set(fresh.map((r) => keyOf(form, r)))).toEqual(newExpected);
      expect(fresh.every((r) => r._review === 'new')).toBe(true);

      // The review status says the same; the untouched sites are reviewed through and through.
      const status = await api.call('review.status', { form }, kim);
      for (const row of status.rows) {
        if (untouched.includes(row.siteId))
          expect(row, row.siteId).toMatchObject({ reviewed: row.records, changed: 0, new: 0, unreviewed: 0 });
        else expect(row.unreviewed, row.siteId).toBe(0);
      }
      const sum = (k: 'changed' | 'new') => status.rows.reduce((n, r) => n + r[k], 0);
      expect(sum('changed')).toBe(changedExpected.size);
      expect(sum('new')).toBe(newExpected.size);
      const reviewed = await data(form, 'reviewed');
      expect(reviewed.length).toBe(status.rows.reduce((n, r) => n + r.reviewed, 0));

      // Another person marked nothing: everything is unreviewed for Lee, nothing new or changed.
      expect((await data(form, 'changed', lee)).length).toBe(0);
      expect((await data(form, 'unreviewed', lee)).length).toBe(
        status.rows.reduce((n, r) => n + r.records, 0),
      );
    }

    // The command line says the same: the status table and the changed records.
    const status = JSON.parse(await cli('review', 'status', db, '--json', '--user', 'kim')) as {
      user: string;
      rows: unknown[];
    };
    expect(status).toEqual(await api.call('review.status', {}, kim));
    const json = JSON.parse(
      await cli('data', db, '--form', 'AE', '--review', 'changed', '--user', 'kim'),
    ) as unknown[];
    expect(json).toEqual(await data('AE', 'changed'));

    // CSV: what changed, readable in a spreadsheet.
    const csv = await cli(
      'data',
      db,
      '--form',
      'AE',
      '--review',
      'changed',
      '--user',
      'kim',
      '--format',
      'csv',
    );
    const [header, first] = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(header!.split(',').slice(-2)).toEqual(['_review', '_changed']);
    expect(first).toMatch(/changed,"?[A-Z]+: .+ -> .+/);
  }, 240_000);

  it('refuses a review state that does not exist, and --review with --deleted, as wrong usage', async () => {
    const wrong = await runCli(['data', db, '--form', 'AE', '--review', 'stale']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/^error: --review stale: use reviewed, changed, new, unreviewed\n$/);
    const deleted = await runCli(['data', db, '--form', 'AE', '--review', 'new', '--deleted']);
    expect(deleted.code).toBe(2);
    const missing = await runCli([
      'review',
      'mark',
      db,
      '--form',
      'AE',
      '--record',
      'S01-999|1',
      '--user',
      'kim',
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: no live AE record S01-999\|1 /);
  });
});
