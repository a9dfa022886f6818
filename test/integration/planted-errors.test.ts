import fs from 'node:fs';
import { connectionOf } from '../../electron/core/db/connection';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG } from '../../electron/core/checks/catalog';
import { generateStudy, type GeneratedStudyManifest } from '../../tools/generator/compose/generate-study';
import type { AnswerKeyEntry } from '../../tools/generator/inject/answer-key';
import { PLANTABLE_CHECKS, plantErrors } from '../../tools/generator/inject/plant-errors';
import { simulateStudy } from '../../tools/generator/simulate-study';
import { loadStudyDefinition } from '../../electron/core/study/load-definition';
import type { StudyApi } from '../../electron/core/api/study-api';
import type { Discrepancy } from '../../shared/api/discrepancies';
import { messageProblems, renderMessage, type MessageArgs } from '../../shared/messages/render-message';
import { newStudy, tempDir, testContext } from '../helpers/study-builder';
import { withUncodedColumns } from '../helpers/uncoded-columns';

/**
 * The generator's planted errors against the real check engine: a small study with every check
 * planted 3 times (8 sites: every container and encoding, and dates written as bare numbers in
 * xlsx of both date systems and in CSV), every delivery imported in order through the API, the
 * checks run once on the result. Per check, recall (planted errors found / planted) and precision
 * (hits that are planted or expected secondary hits / all hits) must be 1, for this seed and three
 * others; a clean study of 600 subjects loads exactly as its expected/ files say and raises nothing.
 */

const definition = loadStudyDefinition();
const ctx = testContext();
const temp: string[] = [];
const PER_CHECK = 3;

type Expected = { siteId: string; exportDate: string; forms: Record<string, Record<string, unknown>[]> };

function workDir(label: string): string {
  const dir = tempDir(`cdm-planted-${label}-`);
  temp.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of temp) fs.rmSync(dir, { recursive: true, force: true });
});

/** A study generated into a new work folder (3 rounds, this study's definition). */
async function generated(
  label: string,
  options: Omit<Parameters<typeof generateStudy>[0], 'outDir' | 'definition' | 'rounds'>,
) {
  const dir = workDir(label);
  const out = path.join(dir, 'gen');
  const manifest = await generateStudy({ ...options, outDir: out, rounds: 3, definition });
  return { dir, out, manifest };
}

/** Imports every delivery in order, runs the checks, and returns the open discrepancies. */
async function importAndCheck(api: StudyApi, out: string, manifest: GeneratedStudyManifest) {
  const imports = [];
  for (const round of manifest.rounds) {
    const items = await api.call('imports.batch', { dir: path.join(out, round.name), dryRun: false }, ctx);
    for (const item of items) expect('error' in item ? item.error : null, item.path).toBeNull();
    imports.push(items);
  }
  await api.call('checks.run', {}, ctx);
  const page = await api.call('discrepancies.list', { status: ['OPEN'], limit: 50_000 }, ctx);
  expect(page.truncated).toBe(false);
  return { imports, discrepancies: page.rows };
}

/** The live records of each site of a round's exports equal the generator's expected/ files, value for value. */
async function expectLoadedAsExpected(
  api: StudyApi,
  out: string,
  round: GeneratedStudyManifest['rounds'][number],
) {
  const canonical = (r: Record<string, unknown>) =>
    JSON.stringify(
      Object.keys(r)
        .filter((k) => !k.startsWith('_'))
        .sort()
        .map((k) => [k, r[k]]),
    );
  for (const siteExport of round.exports) {
    const expected = JSON.parse(fs.readFileSync(path.join(out, siteExport.expected), 'utf8')) as Expected;
    for (const [form, records] of Object.entries(expected.forms)) {
      const page = await api.call('data.list', { form, site: siteExport.siteId, limit: 50_000 }, ctx);
      expect(page.records.map(canonical).sort(), `${siteExport.siteId} ${form}`).toEqual(
        records.map((r) => canonical(withUncodedColumns(definition, form, r))).sort(),
      );
    }
  }
}

/** Date cells read from bare numbers over a delivery's imports, by kind. */
function numberDatesOf(items: Awaited<ReturnType<typeof importAndCheck>>['imports'][number]) {
  const sum = { serial: 0, year: 0, yyyymmdd: 0 };
  for (const item of items) {
    if ('error' in item) continue;
    for (const f of item.files) {
      sum.serial += f.numberDates.serial;
      sum.year += f.numberDates.year;
      sum.yyyymmdd += f.numberDates.yyyymmdd;
    }
  }
  return sum;
}

const identity = (d: Pick<AnswerKeyEntry, 'check' | 'site' | 'subject' | 'form' | 'recordKey' | 'field'>) =>
  [d.check, d.site, d.subject, d.form, d.recordKey, d.field].join(' ');
const identityOf = (d: Discrepancy) =>
  identity({
    check: d.checkId,
    site: d.siteId,
    subject: d.subjectId,
    form: d.form,
    recordKey: d.recordKey,
    field: d.field,
  });

describe('planted errors (120 subjects, 8 sites, every check planted 3 times)', () => {
  let out: string;
  let manifest: GeneratedStudyManifest;
  let answerKey: AnswerKeyEntry[];
  let discrepancies: Discrepancy[];
  let api: StudyApi;
  let imports: Awaited<ReturnType<typeof importAndCheck>>['imports'];

  beforeAll(async () => {
    const dir = workDir('all');
    out = path.join(dir, 'gen');
    manifest = await generateStudy({
      outDir: out,
      seed: 7,
      subjects: 120,
      sites: 8,
      rounds: 3,
      definition,
      inject: { checks: 'all', perCheck: PER_CHECK },
    });
    answerKey = JSON.parse(fs.readFileSync(path.join(out, 'answer-key.json'), 'utf8')) as AnswerKeyEntry[];
    api = newStudy({ dir }).api;
    ({ imports, discrepancies } = await importAndCheck(api, out, manifest));
  }, 120_000);

  it('plants every check of the catalog, 3 times each, in the last delivery, spread over sites and subjects', () => {
    expect([...PLANTABLE_CHECKS].sort()).toEqual(CATALOG.map((c) => c.id).sort());
    expect(manifest.inject).toEqual({
      round: 'round-3',
      perCheck: PER_CHECK,
      planted: Object.fromEntries(PLANTABLE_CHECKS.map((c) => [c, PER_CHECK])),
      answerKey: 'answer-key.json',
    });
    for (const check of PLANTABLE_CHECKS) {
      const plants = answerKey.filter((e) => e.check === check && e.kind === 'planted');
      expect(plants, check).toHaveLength(PER_CHECK);
      expect(new Set(plants.map((e) => e.subject)).size, check).toBe(PER_CHECK);
      expect(new Set(plants.map((e) => e.site)).size, check).toBeGreaterThanOrEqual(2);
    }
    expect(new Set(answerKey.map((e) => e.site)).size).toBe(8);
    expect(answerKey.every((e) => e.round === 'round-3' && e.what.length > 0)).toBe(true);
    // Every secondary entry belongs to a plant of the key.
    const plants = new Set(answerKey.filter((e) => e.kind === 'planted').map((e) => e.plant));
    for (const e of answerKey.filter((x) => x.kind === 'secondary'))
      expect(plants.has(e.plant), e.plant).toBe(true);
  });

  it('finds every planted error and nothing else: recall and precision 1 for each check', () => {
    const raised = new Set(discrepancies.map(identityOf));
    const keyed = new Set(answerKey.map(identity));
    const rows = CATALOG.map(({ id }) => {
      const planted = answerKey.filter((e) => e.check === id && e.kind === 'planted');
      const hits = discrepancies.filter((d) => d.checkId === id);
      const expectedHits = hits.filter((d) => keyed.has(identityOf(d)));
      const found = planted.filter((e) => raised.has(identity(e)));
      return {
        check: id,
        planted: planted.length,
        found: found.length,
        recall: planted.length ? found.length / planted.length : 1,
        hits: hits.length,
        secondary: answerKey.filter((e) => e.check === id && e.kind === 'secondary').length,
        precision: hits.length ? expectedHits.length / hits.length : 1,
        missed: planted
          .filter((e) => !raised.has(identity(e)))
          .map((e) => `${e.recordKey} ${e.field}: ${e.what}`),
        unexpected: hits
          .filter((d) => !keyed.has(identityOf(d)))
          .map((d) => `${d.recordKey} ${d.field}: ${d.message}`),
      };
    });
    const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
    console.log(
      [
        'check      planted  found  recall  hits  (secondary)  precision',
        ...rows.map(
          (r) =>
            `${r.check.padEnd(10)} ${String(r.planted).padStart(7)} ${String(r.found).padStart(6)} ${pct(r.recall).padStart(7)} ${String(r.hits).padStart(5)} ${String(r.secondary ? `(${r.secondary})` : '').padStart(12)} ${pct(r.precision).padStart(10)}`,
        ),
      ].join('\n'),
    );
    for (const r of rows) {
      expect(r.missed, `${r.check} missed`).toEqual([]);
      expect(r.recall, r.check).toBe(1);
      expect(r.precision, `${r.check}: ${r.unexpected.join('; ')}`).toBe(1);
    }
    // The secondary hits the key expects are raised too (the key says what a data manager will see).
    const secondaries = answerKey.filter((e) => e.kind === 'secondary');
    expect(
      secondaries
        .filter((e) => !raised.has(identity(e)))
        .map((e) => `${e.plant} -> ${e.check} ${e.recordKey}`),
    ).toEqual([]);
  });

  it("gives every finding named values that fit its check's templates exactly, rendered in English and Korean", async () => {
    const stored = connectionOf(api.database)
      .prepare('SELECT id, check_id AS checkId, message, message_args AS args FROM discrepancies')
      .all() as { id: number; checkId: string; message: string; args: string | null }[];
    expect(new Set(stored.map((d) => d.checkId))).toEqual(new Set(CATALOG.map((c) => c.id)));
    const korean = new Map(
      (await api.call('discrepancies.list', { language: 'ko', limit: 50_000 }, ctx)).rows.map((d) => [
        d.id,
        d.message,
      ]),
    );
    const model = api.database.model;
    for (const d of stored) {
      expect(d.args, `${d.checkId} #${d.id}`).not.toBeNull();
      const args = JSON.parse(d.args!) as MessageArgs;
      expect(messageProblems(model.messages, d.checkId, args), `${d.checkId} #${d.id}`).toEqual([]);
      expect(renderMessage(model.messages, d.checkId, args, 'en')).toBe(d.message);
      const ko = korean.get(d.id)!;
      expect(ko, `${d.checkId}: ${ko}`).toMatch(/[가-힣]/);
      expect(ko, `${d.checkId}: ${ko}`).not.toMatch(/\{[A-Za-z]+\}/);
    }
  });

  it('loads the planted delivery exactly as expected/ and the manifest say', async () => {
    const last = manifest.rounds.at(-1)!;
    const items = imports.at(-1)!;
    for (const siteExport of last.exports) {
      const item = items.find((i) => 'siteId' in i && i.siteId === siteExport.siteId);
      if (!item || 'error' in item) throw new Error(`${siteExport.siteId} was not imported`);
      for (const [form, counts] of Object.entries(siteExport.forms))
        expect(item.forms[form], `${siteExport.siteId} ${form}`).toEqual(counts);
    }
    await expectLoadedAsExpected(api, out, last);
    // The xlsx sites (1900 and 1904 date systems) and a CSV site wrote dates as bare numbers.
    const numberDates = numberDatesOf(items);
    expect(numberDates.serial).toBeGreaterThan(0);
    expect(numberDates.yyyymmdd).toBeGreaterThan(0);
    // What the site wrote is kept: an impossible date is null, with its text in the discrepancy.
    const impossible = discrepancies.filter((d) => d.checkId === 'DATA-01');
    expect(impossible.length).toBeGreaterThan(0);
    for (const d of impossible) expect(d.value, d.recordKey).toMatch(/\d/);
  });

  it('plants the same errors for the same seed, and others for another seed', () => {
    const keyOf = (seed: number) =>
      plantErrors(simulateStudy(definition, { seed, subjects: 120, sites: 8, rounds: 3 }), 2, {
        checks: ['DOSE-04', 'RESP-01', 'DATA-05'],
        perCheck: 2,
      }).answerKey;
    const a = keyOf(7);
    expect(keyOf(7)).toEqual(a);
    expect(keyOf(8)).not.toEqual(a);
    // A subset of checks plants only those.
    expect(new Set(a.filter((e) => e.kind === 'planted').map((e) => e.check))).toEqual(
      new Set(['DOSE-04', 'RESP-01', 'DATA-05']),
    );
  });
});

describe.each([1, 2, 3])(
  'planted errors of another seed (%i: 120 subjects, 8 sites, every check 3 times)',
  (seed) => {
    it('raises exactly the hits the answer key declares, no more, no fewer', async () => {
      const { dir, out, manifest } = await generated(`seed-${seed}`, {
        seed,
        subjects: 120,
        sites: 8,
        inject: { checks: 'all', perCheck: PER_CHECK },
      });
      const answerKey = JSON.parse(
        fs.readFileSync(path.join(out, 'answer-key.json'), 'utf8'),
      ) as AnswerKeyEntry[];
      expect(Object.values(manifest.inject!.planted).every((n) => n === PER_CHECK)).toBe(true);
      const { discrepancies } = await importAndCheck(newStudy({ dir }).api, out, manifest);
      expect(discrepancies.map(identityOf).sort()).toEqual(answerKey.map(identity).sort());
    }, 120_000);
  },
);

describe('a pomalidomide period whose start cannot be read (DATA-01 planted in every way, 8 times)', () => {
  it('raises only what the answer key declares: alone in its cycle, the period may lie anywhere', async () => {
    const { dir, out, manifest } = await generated('exstdat', {
      seed: 21,
      subjects: 80,
      sites: 8,
      inject: { checks: ['DATA-01'], perCheck: 8 },
    });
    const answerKey = JSON.parse(
      fs.readFileSync(path.join(out, 'answer-key.json'), 'utf8'),
    ) as AnswerKeyEntry[];
    expect(answerKey.some((e) => e.kind === 'planted' && e.field === 'EXSTDAT')).toBe(true);
    const { discrepancies } = await importAndCheck(newStudy({ dir }).api, out, manifest);
    expect(discrepancies.map(identityOf).sort()).toEqual(answerKey.map(identity).sort());
  }, 120_000);
});

describe('a clean generated study (600 subjects, 12 sites, no planted errors)', () => {
  it('loads every standardised value as expected/ says, bare-number dates included, and raises nothing', async () => {
    const { dir, out, manifest } = await generated('clean', { seed: 3, subjects: 600, sites: 12 });
    expect(fs.existsSync(path.join(out, 'answer-key.json'))).toBe(false);
    const { api } = newStudy({ dir });
    const { imports, discrepancies } = await importAndCheck(api, out, manifest);
    await expectLoadedAsExpected(api, out, manifest.rounds.at(-1)!);
    const numberDates = numberDatesOf(imports.flat());
    expect(numberDates.serial).toBeGreaterThan(0);
    expect(numberDates.year).toBeGreaterThan(0);
    expect(numberDates.yyyymmdd).toBeGreaterThan(0);
    expect(discrepancies.map((d) => `${d.checkId} ${d.recordKey} ${d.field}: ${d.message}`)).toEqual([]);
  }, 180_000);
});
