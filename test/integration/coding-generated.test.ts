import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StudyApi } from '../../electron/core/api/study-api';
import { generateStudy, type GeneratedStudyManifest } from '../../tools/generator/compose/generate-study';
import { loadStudyDefinition } from '../../electron/core/study/load-definition';
import type { CodingQueueRow } from '../../shared/api/coding';
import type { MeddraKeyTerm, UpgradeKey, WhodrugKeyTerm } from '../../tools/generator/coding/coding-key';
import { newStudy, tempDir, testContext } from '../helpers/study-builder';

/**
 * Coding on a generated study and its synthetic dictionaries (coding-key.json is the answer the
 * generator worked out on its own): every verbatim equal to a term is auto-coded to the right PT
 * and primary SOC (or drug and ATC), the synonym list codes the repeats, the rest wait; an upgrade
 * to the second version lists exactly the records whose coded terms moved.
 */

interface CodingKey {
  meddra: { version: string; terms: MeddraKeyTerm[] };
  meddraNext: { version: string; terms: MeddraKeyTerm[] };
  upgrade: UpgradeKey;
  whodrug: { version: string; terms: WhodrugKeyTerm[] };
}

const ctx = testContext();
let dir: string;
let manifest: GeneratedStudyManifest;
let key: CodingKey;
let api: StudyApi;

const gen = (relative: string) => path.join(dir, 'gen', relative);
const dictionary = (version: string, language: string) =>
  gen(manifest.dictionaries!.meddra.find((m) => m.version === version && m.language === language)!.path);

async function all(api: StudyApi, form: string, status: 'WAITING' | 'CODED'): Promise<CodingQueueRow[]> {
  const page = await api.call('coding.queue', { form, status, limit: 5_000 }, ctx);
  expect(page.truncated).toBe(false);
  return page.rows;
}

async function importRound(name: string) {
  const items = await api.call('imports.batch', { dir: gen(name), dryRun: false }, ctx);
  for (const item of items) expect('error' in item ? item.error : null).toBeNull();
  return items;
}

beforeAll(async () => {
  dir = tempDir('cdm-coding-');
  manifest = await generateStudy({
    outDir: path.join(dir, 'gen'),
    subjects: 160,
    sites: 4,
    seed: 7,
    definition: loadStudyDefinition(),
  });
  key = JSON.parse(fs.readFileSync(gen('coding-key.json'), 'utf8')) as CodingKey;
  api = newStudy({ dir }).api;
}, 120_000);

/** AE records of the last delivery that the first did not have (by site and key). */
function newAesOfLaterRounds(): Record<string, string>[] {
  type Expected = { forms: Record<string, Record<string, string>[]> };
  const [first, last] = [manifest.rounds[0]!, manifest.rounds.at(-1)!];
  const keys = new Set(
    first.exports.flatMap((e) =>
      (JSON.parse(fs.readFileSync(gen(e.expected), 'utf8')) as Expected).forms.AE!.map(
        (r) => `${e.siteId}|${r.SUBJID}|${r.AESEQ}`,
      ),
    ),
  );
  return last.exports.flatMap((e) =>
    (JSON.parse(fs.readFileSync(gen(e.expected), 'utf8')) as Expected).forms.AE!.filter(
      (r) => !keys.has(`${e.siteId}|${r.SUBJID}|${r.AESEQ}`),
    ),
  );
}

describe('medical coding of a generated study', () => {
  let variant: CodingQueueRow;
  let codedBySynonymNow: Set<number>;

  it('keeps every verbatim of the first delivery waiting until a dictionary is loaded, then auto-codes the exact ones', async () => {
    const first = await importRound('round-1');
    expect(first.some((i) => 'coding' in i && i.coding!.some((c) => c.waiting > 0))).toBe(true);
    let status = await api.call('coding.status', {}, ctx);
    expect(status.forms.map((f) => [f.form, f.coded, f.version])).toEqual([
      ['AE', 0, null],
      ['CM', 0, null],
    ]);
    const english = await api.call(
      'dictionaries.load',
      { path: dictionary('90.0', 'English'), type: 'meddra' },
      ctx,
    );
    expect(english).toMatchObject({ added: 'version', language: 'English', dictionary: { active: true } });
    const korean = await api.call(
      'dictionaries.load',
      { path: dictionary('90.0', 'Korean'), type: 'meddra' },
      ctx,
    );
    expect(korean).toMatchObject({ added: 'language', language: 'Korean' });
    expect(korean.dictionary.languages).toEqual(['English', 'Korean']);
    expect(english.autoCoded + korean.autoCoded).toBeGreaterThan(0);
    await api.call(
      'dictionaries.load',
      { path: gen(manifest.dictionaries!.whodrug[0]!.path), type: 'whodrug' },
      ctx,
    );
    status = await api.call('coding.status', {}, ctx);
    expect(status.forms.map((f) => f.version)).toEqual(['90.0', key.whodrug.version]);
  });

  it('codes one spelling variant by hand: its repeats follow through the synonym list', async () => {
    // A variant waiting now that later deliveries bring again in new records (expected/ says which).
    const laterTerms = new Set(newAesOfLaterRounds().map((r) => r.AETERM));
    const variants = new Set(
      key.meddra.terms
        .filter((t) => t.match === 'variant' && laterTerms.has(t.verbatim))
        .map((t) => t.verbatim),
    );
    const waiting = await all(api, 'AE', 'WAITING');
    const candidates = waiting.filter((r) => variants.has(r.verbatim));
    variant = candidates.sort((a, b) => b.sameVerbatim - a.sameVerbatim)[0]!;
    expect(variant, 'the generated study holds a spelling variant in every delivery').toBeDefined();
    codedBySynonymNow = new Set(
      candidates.filter((r) => r.verbatim === variant.verbatim).map((r) => r.recordId),
    );
    const intended = key.meddra.terms.find((t) => t.verbatim === variant.verbatim)!;
    const result = await api.call(
      'coding.set',
      { form: 'AE', recordIds: [variant.recordId], llt: intended.ptCode },
      ctx,
    );
    expect(result.coded).toBe(1);
    expect(result.bySynonym).toBe(variant.sameVerbatim - 1);
    expect(result.coding).toMatchObject({ ptCode: intended.ptCode, socCode: intended.socCode });
  });

  it('codes every exact verbatim of later deliveries to the PT and primary SOC of the key, repeats of the variant by the synonym list, and leaves the rest waiting', async () => {
    await importRound('round-2');
    await importRound('round-3');
    const byVerbatim = new Map(key.meddra.terms.map((t) => [t.verbatim, t]));
    const coded = await all(api, 'AE', 'CODED');
    const waiting = await all(api, 'AE', 'WAITING');
    const data = await api.call('data.list', { form: 'AE', limit: 50_000, withIds: true }, ctx);
    expect(coded.length + waiting.length).toBe(data.records.filter((r) => r.AETERM !== null).length);
    for (const row of coded) {
      const term = byVerbatim.get(row.verbatim)!;
      if (row.verbatim === variant.verbatim) {
        expect(row.method).toBe(row.recordId === variant.recordId ? 'MANUAL' : 'SYNONYM');
      } else {
        expect(term.match, row.verbatim).toBe('exact');
        expect(row.method).toBe('AUTO');
        expect(row.coded!.lltCode).toBe(term.lltCode);
      }
      expect(row.coded).toMatchObject({ ptCode: term.ptCode, ptName: term.ptName, socCode: term.socCode });
    }
    for (const row of waiting) {
      expect(byVerbatim.get(row.verbatim)?.match ?? 'none', row.verbatim).not.toBe('exact');
      expect(row.verbatim).not.toBe(variant.verbatim);
    }
    const laterSynonyms = coded.filter((r) => r.method === 'SYNONYM' && !codedBySynonymNow.has(r.recordId));
    expect(laterSynonyms.length, 'later deliveries brought the variant again').toBeGreaterThan(0);
    // The coded columns of the standardised data.
    const records = new Map(data.records.map((r) => [r._recordId, r]));
    for (const row of coded) {
      const record = records.get(row.recordId)!;
      expect(record).toMatchObject({
        AEDECOD: row.coded!.ptName,
        AEPTCD: row.coded!.ptCode,
        AELLTCD: row.coded!.lltCode,
        AESOC: row.coded!.socName,
        AESOCCD: row.coded!.socCode,
      });
    }
  }, 120_000);

  it('auto-codes a medication only where its name and its ATC class are unambiguous', async () => {
    const byVerbatim = new Map(key.whodrug.terms.map((t) => [t.verbatim, t]));
    for (const row of await all(api, 'CM', 'CODED')) {
      const term = byVerbatim.get(row.verbatim)!;
      expect(term.match).toBe('exact');
      expect(term.atc).toHaveLength(1);
      expect(row.coded).toMatchObject({
        drugCode: term.drugCode,
        drugName: term.drugName,
        atcCode: term.atc[0],
      });
    }
    const waiting = await all(api, 'CM', 'WAITING');
    for (const row of waiting) {
      const term = byVerbatim.get(row.verbatim);
      if (term?.match === 'exact')
        expect(row.reason).toEqual({ kind: 'several-atc', terms: term.atc.join(', ') });
      else expect(row.reason).toBeNull();
    }
    expect(waiting.some((r) => r.reason?.kind === 'several-atc')).toBe(true);
  });

  it('an upgrade to 90.1 lists exactly the records whose coded terms moved, and applies them in one step', async () => {
    await api.call('dictionaries.load', { path: dictionary('90.1', 'English'), type: 'meddra' }, ctx);
    await api.call('dictionaries.load', { path: dictionary('90.1', 'Korean'), type: 'meddra' }, ctx);
    const before = await all(api, 'AE', 'CODED');
    const waitingBefore = await all(api, 'AE', 'WAITING');
    const impact = await api.call('coding.upgrade', { to: '90.1', dryRun: true }, ctx);
    const u = key.upgrade;
    const expected = before
      .map((r) => {
        const kinds: string[] = [];
        const llt = Number(r.coded!.lltCode);
        const ptChange = u.ptChanged.find((c) => c.llt === llt);
        if (u.nonCurrent.includes(llt)) kinds.push('LLT_NON_CURRENT');
        if (ptChange) kinds.push('PT_CHANGED');
        const pt = ptChange?.to ?? Number(r.coded!.ptCode);
        if (u.primarySocChanged.some((c) => c.pt === pt)) kinds.push('PRIMARY_SOC_CHANGED');
        if (kinds.length === 0 && u.renamed.some((c) => c.pt === pt)) kinds.push('RENAMED');
        return { recordId: r.recordId, kinds };
      })
      .filter((c) => c.kinds.length > 0);
    expect(
      impact.changes
        .map((c) => ({ recordId: c.recordId, kinds: c.kinds }))
        .sort((a, b) => a.recordId - b.recordId),
    ).toEqual(expected.sort((a, b) => a.recordId - b.recordId));
    for (const kind of ['LLT_NON_CURRENT', 'PT_CHANGED', 'PRIMARY_SOC_CHANGED', 'RENAMED'])
      expect(
        impact.changes.some((c) => c.kinds.includes(kind as never)),
        kind,
      ).toBe(true);
    const nextExact = new Set(key.meddraNext.terms.filter((t) => t.match === 'exact').map((t) => t.verbatim));
    expect(impact.newlyCoded.map((n) => n.recordId).sort()).toEqual(
      waitingBefore
        .filter((w) => nextExact.has(w.verbatim))
        .map((w) => w.recordId)
        .sort(),
    );
    expect(impact.newlyCoded.length).toBeGreaterThan(0);
    expect(impact.counts).toMatchObject({ coded: before.length, recoded: expected.length, uncoded: 0 });
    // The dry run changed nothing.
    expect((await api.call('coding.status', {}, ctx)).forms[0]!.version).toBe('90.0');

    const applied = await api.call('coding.upgrade', { to: '90.1' }, ctx);
    expect(applied.changes).toEqual(impact.changes);
    const after = new Map((await all(api, 'AE', 'CODED')).map((r) => [r.recordId, r]));
    for (const change of impact.changes) expect(after.get(change.recordId)!.coded).toEqual(change.after);
    for (const n of impact.newlyCoded) expect(after.get(n.recordId)!.coded).toEqual(n.after);
    const renamed = impact.changes.find((c) => c.kinds.includes('RENAMED'))!;
    const record = (
      await api.call('data.list', { form: 'AE', limit: 50_000, withIds: true }, ctx)
    ).records.find((r) => r._recordId === renamed.recordId)!;
    expect(record.AEDECOD).toBe('Peripheral oedema');
    expect((await api.call('coding.status', {}, ctx)).forms[0]!.version).toBe('90.1');
    const trail = await api.call('audit.list', { entity: ['dictionary'], limit: 100 }, ctx);
    expect(trail.rows.filter((e) => e.action === 'UPGRADE')).toHaveLength(1);
    const recodes = await api.call(
      'audit.list',
      { entity: ['coding'], search: 'upgrade 90.0 -> 90.1', limit: 1000 },
      ctx,
    );
    expect(recodes.total).toBe(impact.changes.length);
    expect(recodes.rows[0]).toMatchObject({ action: 'RECODE', form: 'AE' });
    expect(recodes.rows[0]!.subjectId).toMatch(/^S0\d-\d{3}$/);
  }, 120_000);
});
