import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudy } from '../../electron/core/api/open-study';
import type { StudyApi } from '../../electron/core/api/study-api';
import { loadStudyDefinition } from '../../electron/core/study/load-definition';
import { generateStudy, type GeneratedStudyManifest } from '../../tools/generator/compose/generate-study';
import { newStudy, tempDir, testContext } from '../helpers/study-builder';
import { newPgUrl, pgMissing } from '../helpers/postgres-test';

/**
 * What the workstation gained beside team mode works on PostgreSQL as on a study file: the same
 * steps on a generated study (dictionaries, auto-coding on import, the coding queue, a manual
 * coding, review marks and what changed since, a site's messages in Korean, cleaning metrics, the
 * analysis files of the current data) give the same answers on both engines.
 */
const dir = tempDir('cdm-pg-features-');
const gen = path.join(dir, 'gen');
// On PostgreSQL the database names the person (the superuser of the test server): the same name on both.
const ctx = testContext('postgres', '2024-03-01T09:00:00.000Z');
let manifest: GeneratedStudyManifest;

/** Drops what differs by nature between two runs (ids, times, folders). */
function comparable(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (key, v: unknown) =>
      ['id', 'importId', 'loadedAt', 'at', 'path', 'dir', 'outDir', 'file', 'durationMs', 'eventId'].includes(
        key,
      )
        ? undefined
        : v,
    ),
  ) as unknown;
}

async function walkthrough(api: StudyApi, outDir: string) {
  const seen: Record<string, unknown> = {};
  const m = manifest.dictionaries!;
  for (const d of m.meddra.filter((x) => x.version === m.meddra[0]!.version))
    await api.call('dictionaries.load', { path: path.join(gen, d.path), type: 'meddra' }, ctx);
  await api.call('dictionaries.load', { path: path.join(gen, m.whodrug[0]!.path), type: 'whodrug' }, ctx);
  seen.dictionaries = (await api.call('dictionaries.list', undefined, ctx)).map((d) => ({
    ...d,
    id: undefined,
  }));
  const round = (n: number) => path.join(gen, manifest.rounds[n]!.name);
  for (const item of await api.call('imports.batch', { dir: round(0), dryRun: false }, ctx))
    expect('error' in item ? item.error : null).toBeNull();
  seen.codingAfterImport = await api.call('coding.status', undefined, ctx);
  const waiting = await api.call('coding.queue', { form: 'AE', status: 'WAITING', limit: 5_000 }, ctx);
  seen.waiting = waiting.rows;
  const first = waiting.rows[0]!;
  const hits = await api.call('coding.search', { form: 'AE', text: first.verbatim.slice(0, 4) }, ctx);
  seen.search = hits;
  const llt = (hits.hits[0] as { llt: { code: number } }).llt.code;
  seen.coded = await api.call('coding.set', { form: 'AE', recordIds: [first.recordId], llt }, ctx);
  seen.codedQueue = (await api.call('coding.queue', { form: 'AE', status: 'CODED', limit: 5_000 }, ctx)).rows;

  seen.marked = await api.call('review.mark', { form: 'AE' }, ctx);
  await api.call('review.mark', { form: 'EX' }, ctx);
  for (const item of await api.call('imports.batch', { dir: round(1), dryRun: false }, ctx))
    expect('error' in item ? item.error : null).toBeNull();
  seen.reviewStatus = await api.call('review.status', {}, ctx);
  seen.changedSinceReview = (
    await api.call('data.list', { form: 'AE', review: 'changed', limit: 5_000 }, ctx)
  ).records;
  seen.newSinceReview = (
    await api.call('data.list', { form: 'EX', review: 'new', limit: 5_000 }, ctx)
  ).records;

  const site = (await api.call('sites.list', undefined, ctx))[0]!.siteId;
  seen.sites = await api.call('sites.setLanguage', { sites: [site], language: 'ko' }, ctx);
  await api.call('checks.run', {}, ctx);
  seen.discrepancies = (await api.call('discrepancies.list', { limit: 50_000 }, ctx)).rows
    .map((d) =>
      [d.checkId, d.siteId, d.subjectId, d.recordKey, d.field, d.message, d.value, d.status].join(' | '),
    )
    .sort();
  seen.metrics = await api.call('metrics.summary', { today: '2024-03-01' }, ctx);
  const written = await api.call(
    'data.export',
    { outDir, formats: ['dataset-json', 'csv'], forms: ['AE', 'EX'] },
    ctx,
  );
  seen.exported = written.files.map((f) => {
    const text = fs.readFileSync(path.isAbsolute(f.path) ? f.path : path.join(written.dir, f.path), 'utf8');
    // Dataset-JSON says when it was written: everything but that.
    return [f.path.slice(written.dir.length), text.replace(/"datasetJSONCreationDateTime":\s*"[^"]*"/g, '')];
  });
  return comparable(seen) as Record<string, unknown>;
}

describe.skipIf(pgMissing)('coding, review, languages, metrics and analysis files on PostgreSQL', () => {
  let sqlite: Record<string, unknown>;
  let postgres: Record<string, unknown>;
  let apis: StudyApi[] = [];

  beforeAll(async () => {
    manifest = await generateStudy({
      outDir: gen,
      seed: 11,
      subjects: 48,
      sites: 3,
      rounds: 2,
      definition: loadStudyDefinition(),
      inject: { checks: 'all', perCheck: 1 },
    });
    const file = newStudy({ dir }).api;
    const pg = createStudy(
      newPgUrl('features'),
      loadStudyDefinition(),
      'postgres',
      new Date('2024-01-01T00:00:00Z'),
    );
    apis = [file, pg];
    sqlite = await walkthrough(file, path.join(dir, 'out-sqlite'));
    postgres = await walkthrough(pg, path.join(dir, 'out-pg'));
  }, 300_000);

  afterAll(() => {
    for (const api of apis) api.database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('loads the dictionaries, auto-codes on import and codes by hand alike', () => {
    for (const key of ['dictionaries', 'codingAfterImport', 'waiting', 'search', 'coded', 'codedQueue'])
      expect(postgres[key], key).toEqual(sqlite[key]);
    expect((sqlite.waiting as unknown[]).length).toBeGreaterThan(0);
  });

  it('marks reviews and lists what changed and what is new since alike', () => {
    for (const key of ['marked', 'reviewStatus', 'changedSinceReview', 'newSinceReview'])
      expect(postgres[key], key).toEqual(sqlite[key]);
    expect(
      (sqlite.changedSinceReview as unknown[]).length + (sqlite.newSinceReview as unknown[]).length,
    ).toBeGreaterThan(0);
  });

  it('renders a Korean site messages and counts cleaning metrics alike', () => {
    expect(postgres.sites).toEqual(sqlite.sites);
    expect(postgres.discrepancies).toEqual(sqlite.discrepancies);
    expect((sqlite.discrepancies as string[]).some((d) => /[가-힣]/.test(d))).toBe(true);
    expect(postgres.metrics).toEqual(sqlite.metrics);
  });

  it('writes the same analysis files of the current data', () => {
    expect(postgres.exported).toEqual(sqlite.exported);
    expect((sqlite.exported as unknown[]).length).toBeGreaterThan(0);
  });
});
