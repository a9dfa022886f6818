import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudy } from '../../electron/core/api/open-study';
import { compareStudies } from '../../electron/core/db/opening/copy-study-repo';
import { connectionOf } from '../../electron/core/db/connection';
import type { StudyApi } from '../../electron/core/api/study-api';
import { loadStudyDefinition } from '../../electron/core/study/load-definition';
import { generateStudy, type GeneratedStudyManifest } from '../../tools/generator/compose/generate-study';
import { newStudy, tempDir, testContext } from '../helpers/study-builder';
import { newPgUrl, pgMissing } from '../helpers/postgres-test';

/**
 * Team mode gives the same answers: the generator's study with every check's errors planted,
 * imported delivery by delivery and checked, on a SQLite file and on PostgreSQL: the same import
 * counts, the same discrepancies (identity, message, value, status), the same records.
 */
const ctx = testContext();
const dir = tempDir('cdm-pg-same-');
let manifest: GeneratedStudyManifest;
const out = path.join(dir, 'gen');

async function importAndCheck(api: StudyApi) {
  const t0 = performance.now();
  const imports = [];
  for (const round of manifest.rounds) {
    const items = await api.call('imports.batch', { dir: path.join(out, round.name), dryRun: false }, ctx);
    for (const item of items) expect('error' in item ? item.error : null, item.path).toBeNull();
    imports.push(items.map((i) => ('error' in i ? i : { ...i, importId: undefined })));
  }
  const t1 = performance.now();
  const run = await api.call('checks.run', {}, ctx);
  const t2 = performance.now();
  const page = await api.call('discrepancies.list', { limit: 50_000 }, ctx);
  const discrepancies = page.rows
    .map((d) => ({
      id: [d.checkId, d.siteId, d.subjectId, d.form, d.recordKey, d.field].join(' '),
      message: d.message,
      value: d.value,
      status: d.status,
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { imports, discrepancies, run, ms: { imports: Math.round(t1 - t0), checks: Math.round(t2 - t1) } };
}

describe.skipIf(pgMissing)('the same study on SQLite and on PostgreSQL', () => {
  let sqlite: Awaited<ReturnType<typeof importAndCheck>>;
  let postgres: Awaited<ReturnType<typeof importAndCheck>>;
  let pgApi: StudyApi;
  let sqliteApi: StudyApi;

  beforeAll(async () => {
    manifest = await generateStudy({
      outDir: out,
      seed: 7,
      subjects: 120,
      sites: 8,
      rounds: 3,
      definition: loadStudyDefinition(),
      inject: { checks: 'all', perCheck: 3 },
    });
    sqliteApi = newStudy({ dir }).api;
    sqlite = await importAndCheck(sqliteApi);
    pgApi = createStudy(newPgUrl('same'), loadStudyDefinition(), 'tester', new Date('2026-01-01T00:00:00Z'));
    postgres = await importAndCheck(pgApi);
    // A figure, not a target (npm run bench measures): the same work on both engines, side by side.
    console.log(
      `120 subjects, 3 deliveries: imports ${sqlite.ms.imports} ms on SQLite, ${postgres.ms.imports} ms on PostgreSQL; ` +
        `41 checks ${sqlite.ms.checks} ms on SQLite, ${postgres.ms.checks} ms on PostgreSQL`,
    );
  }, 300_000);

  afterAll(() => {
    pgApi?.database.close();
    sqliteApi?.database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports every delivery with the same counts', () => {
    expect(postgres.imports).toEqual(sqlite.imports);
  });

  it('keeps the same records (with their ids), history and value problems', () => {
    // Written differently on each engine (copied from the stage by SQL; sent in arrays): the result is one.
    const written = compareStudies(sqliteApi.database, pgApi.database).filter((t) =>
      /^(form_\w+|import_issues|import_sources|coding)$/.test(t.table),
    );
    expect(written.map((t) => t.table)).toEqual(expect.arrayContaining(['form_lb', 'import_issues']));
    expect(written.filter((t) => !t.identical)).toEqual([]);
    // The history: the same rows in the same order (the same ids), deleted records included.
    const history = (api: StudyApi) =>
      connectionOf(api.database)
        .prepare(
          'SELECT id, import_id, form, record_id, change, field, old_raw, new_raw, old_value, new_value FROM record_changes ORDER BY id',
        )
        .raw()
        .all() as unknown[][];
    const [a, b] = [history(sqliteApi), history(pgApi)];
    expect(a.length).toBeGreaterThan(1000);
    expect(a.filter((r) => r[4] === 'deleted').length).toBeGreaterThan(0);
    expect(b).toEqual(a);
  });

  it('runs every check without error on both engines', () => {
    const errors = (r: typeof sqlite) =>
      r.run.checks.filter((c) => c.error).map((c) => `${c.checkId}: ${c.error}`);
    expect(errors(sqlite)).toEqual([]);
    expect(errors(postgres)).toEqual([]);
  });

  it('raises the same discrepancies, with the same messages and values (the planted errors of all 41 checks)', () => {
    expect(sqlite.discrepancies.length).toBeGreaterThan(100);
    expect(new Set(sqlite.discrepancies.map((d) => d.id.split(' ')[0])).size).toBeGreaterThanOrEqual(41);
    expect(postgres.discrepancies).toEqual(sqlite.discrepancies);
  });
});
