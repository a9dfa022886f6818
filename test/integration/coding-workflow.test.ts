import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StudyApi } from '../../electron/core/api/study-api';
import {
  writeDictionaries,
  type GeneratedDictionaries,
} from '../../tools/generator/coding/write-dictionaries';
import { aeRow, cleanSubject, EXPORT_DATE, SITE } from '../helpers/ae-data-fixtures';
import { runCli } from '../helpers/run-cli';
import { loadRows, newStudy, tempDir, testContext } from '../helpers/study-builder';

/**
 * The coding workflow on hand-made adverse events: exact matching (trimmed, any case, any width,
 * English or Korean), non-current LLTs, a changed verbatim uncodes its record, recoding needs a
 * reason, the lock refuses every coding decision (even from the sqlite3 shell's point of view),
 * an old waiting verbatim blocks the lock, AEDT-09 reads the coded PT, and the coded columns
 * reach the snapshot.
 */

let dicts: GeneratedDictionaries;
let dictDir: string;
const meddra = (language: string) =>
  path.join(dictDir, dicts.meddra.find((m) => m.version === '90.0' && m.language === language)!.path);

beforeAll(async () => {
  dictDir = tempDir('cdm-dicts-');
  dicts = await writeDictionaries(dictDir);
});

const S1 = 'S01-001';
const january = testContext('coder', '2019-01-05T09:00:00.000Z');

async function studyWith(
  aes: Record<string, string>[],
): Promise<{ api: StudyApi; file: string; dir: string }> {
  const study = newStudy();
  for (const language of ['English', 'Korean'])
    await study.api.call('dictionaries.load', { path: meddra(language), type: 'meddra' }, january);
  loadRows(
    study.api,
    { site: SITE, exportDate: EXPORT_DATE, forms: { ...cleanSubject(S1), AE: aes } },
    january,
  );
  return study;
}

async function codingOf(api: StudyApi, status: 'WAITING' | 'CODED') {
  return (await api.call('coding.queue', { form: 'AE', status, limit: 1000 }, january)).rows;
}

describe('auto-coding of adverse events', () => {
  it('codes a verbatim equal to a current LLT, trimmed, in any case and width, in English or Korean', async () => {
    const { api } = await studyWith([
      aeRow(S1, 1, { AETERM: 'Neutropenia' }),
      aeRow(S1, 2, { AETERM: '  ＮＥＵＴＲＯＰＥＮＩＡ ' }),
      aeRow(S1, 3, { AETERM: '호중구감소증' }),
      aeRow(S1, 4, { AETERM: 'anemia' }),
      aeRow(S1, 5, { AETERM: '호중구 감소증' }),
      aeRow(S1, 6, { AETERM: 'Chest infection NOS' }),
      aeRow(S1, 7, { AETERM: '두통이 심함' }),
    ]);
    const coded = await codingOf(api, 'CODED');
    expect(coded.map((r) => [r.recordKey, r.coded!.ptName, r.coded!.lltName, r.method])).toEqual([
      [`${S1}|4`, 'Anaemia', 'Anemia', 'AUTO'],
      [`${S1}|1`, 'Neutropenia', 'Neutropenia', 'AUTO'],
      [`${S1}|2`, 'Neutropenia', 'Neutropenia', 'AUTO'],
      [`${S1}|3`, 'Neutropenia', 'Neutropenia', 'AUTO'],
    ]);
    const waiting = await codingOf(api, 'WAITING');
    expect(waiting.map((r) => [r.recordKey, r.reason?.kind ?? null])).toEqual([
      [`${S1}|6`, 'non-current-llt'],
      [`${S1}|7`, null],
      [`${S1}|5`, null],
    ]);
    expect(waiting[0]!.siteTerm).toBe('Fatigue');
    const data = await api.call('data.list', { form: 'AE' }, january);
    expect(data.columns).toEqual(expect.arrayContaining(['AEDECOD', 'AEPTCD', 'AELLT', 'AESOC', 'AESOCCD']));
    // AEDECOD: the coded PT once coded, the site's own until then; the site's value stays raw.
    expect(data.records.map((r) => r.AEDECOD)).toEqual([
      'Neutropenia',
      'Neutropenia',
      'Neutropenia',
      'Anaemia',
      'Fatigue',
      'Fatigue',
      'Fatigue',
    ]);
    const raw = await api.call('data.list', { form: 'AE', raw: true }, january);
    expect(raw.records[0]!.AEDECOD).toBe('Fatigue');
    expect(raw.columns).not.toContain('AEPTCD');
    // The record panel: the site's term as written beside the coded PT; the coded columns are derived.
    const detail = await api.call('data.record', { form: 'AE', recordId: coded[1]!.recordId }, january);
    expect(detail.fields.find((f) => f.name === 'AEDECOD')).toMatchObject({
      raw: 'Fatigue',
      value: 'Neutropenia',
      derived: false,
    });
    expect(detail.fields.find((f) => f.name === 'AESOC')).toMatchObject({
      raw: null,
      value: 'Blood and lymphatic system disorders',
      derived: true,
      label: 'Primary system organ class',
    });
  });

  it('uncodes a record whose verbatim the site changed (audited), not one whose case or width changed', async () => {
    const { api } = await studyWith([
      aeRow(S1, 1, { AETERM: 'Neutropenia' }),
      aeRow(S1, 2, { AETERM: 'Rash' }),
    ]);
    const later = testContext('coder', '2019-02-05T09:00:00.000Z');
    const report = loadRows(
      api,
      {
        site: SITE,
        exportDate: '2019-02-01',
        forms: {
          ...cleanSubject(S1),
          AE: [aeRow(S1, 1, { AETERM: '발열' }), aeRow(S1, 2, { AETERM: 'RASH' })],
        },
      },
      later,
    );
    expect(report.coding).toEqual([{ form: 'AE', autoCoded: 1, waiting: 0, uncoded: 1 }]);
    const coded = await codingOf(api, 'CODED');
    expect(coded.map((r) => [r.recordKey, r.verbatim, r.coded!.ptName])).toEqual([
      [`${S1}|2`, 'Rash', 'Rash'],
      [`${S1}|1`, '발열', 'Pyrexia'],
    ]);
    const trail = await api.call('audit.list', { entity: ['coding'] }, later);
    const uncode = trail.rows.find((e) => e.action === 'UNCODE')!;
    expect(uncode).toMatchObject({
      form: 'AE',
      subjectId: S1,
      siteId: SITE,
      recordKey: `${S1}|1`,
      field: 'AETERM',
    });
    expect(uncode.reason).toBe(
      'the verbatim changed from "Neutropenia" to "발열" (was LLT 94000001 Neutropenia > PT 94000001 Neutropenia > SOC 91000001 Blood and lymphatic system disorders)',
    );
  });
});

describe('coding by hand', () => {
  it('refuses a non-current LLT, asks a reason to recode, and keeps every decision in the audit trail', async () => {
    const { api } = await studyWith([
      aeRow(S1, 1, { AETERM: 'Neutropenia' }),
      aeRow(S1, 2, { AETERM: '열이 남' }),
    ]);
    await expect(
      api.call('coding.set', { form: 'AE', recordKeys: [`${S1}|2`], llt: 95000013 }, january),
    ).rejects.toThrow(/LLT 95000013 \(Chest infection NOS\) is not current in MedDRA 90\.0/);
    await expect(
      api.call('coding.set', { form: 'AE', recordKeys: [`${S1}|1`], llt: 94000006 }, january),
    ).rejects.toThrow(/AE S01-001\|1 is coded \(LLT 94000001 Neutropenia .*\): give a reason to recode it/);
    await expect(
      api.call('coding.set', { form: 'CM', recordKeys: [`${S1}|1`], llt: 94000006 }, january),
    ).rejects.toThrow(/CM is coded with WHODrug: give a drug code/);
    const pyrexia = await api.call(
      'coding.set',
      { form: 'AE', recordKeys: [`${S1}|2`], llt: 95000006 },
      january,
    );
    expect(pyrexia.coding).toMatchObject({ lltName: 'Fever', ptName: 'Pyrexia' });
    await api.call(
      'coding.set',
      { form: 'AE', recordKeys: [`${S1}|1`], llt: 94000002, reason: 'febrile episode per the narrative' },
      january,
    );
    const events = (await api.call('audit.list', { entity: ['coding', 'synonym'] }, january)).rows;
    expect(events.map((e) => e.action)).toEqual(['CODE', 'CODE', 'SYNONYM', 'RECODE', 'SYNONYM']);
    expect(events[3]).toMatchObject({ user: 'coder', reason: 'febrile episode per the narrative' });
    expect(events[3]!.newValue).toContain('PT 94000002 Febrile neutropenia');
    const status = await api.call('coding.status', {}, january);
    expect(status.forms[0]).toMatchObject({ coded: 2, auto: 0, manual: 2, waiting: 0 });
    expect(status.synonyms).toBe(2);
  });
});

describe('coding, checks and the lock', () => {
  it('AEDT-09 compares the coded PT: two verbatims of one event coded alike are a duplicate (found by an incremental run)', async () => {
    const { api } = await studyWith([
      aeRow(S1, 1, { AETERM: 'Neutropenia', AEDECOD: '', AESTDAT: '2018-02-01', AEENDAT: '2018-02-10' }),
      aeRow(S1, 2, { AETERM: '중성구 수치 감소', AEDECOD: '', AESTDAT: '2018-02-03', AEENDAT: '2018-02-12' }),
    ]);
    const first = await api.call('checks.run', { checkIds: undefined }, january);
    expect(first.checks.find((c) => c.checkId === 'AEDT-09')!.found).toBe(0);
    await api.call('coding.set', { form: 'AE', recordKeys: [`${S1}|2`], llt: 94000001 }, january);
    const again = await api.call('checks.run', {}, january);
    expect(again.scope.kind).toBe('sites');
    const aedt09 = await api.call('discrepancies.list', { checkId: ['AEDT-09'] }, january);
    expect(aedt09.rows.map((d) => [d.recordKey, d.message])).toEqual([
      [
        `${S1}|2`,
        'AE 2 (중성구 수치 감소), 2018-02-03 to 2018-02-12, overlaps AE 1 (Neutropenia), 2018-02-01 to 2018-02-10: the same event (Neutropenia) recorded twice?',
      ],
    ]);
  });

  it('a verbatim waiting longer than 30 days blocks the lock; coding it clears the blocker; locked, nothing codes', async () => {
    const { api, file, dir } = await studyWith([
      aeRow(S1, 1, { AETERM: 'Neutropenia' }),
      aeRow(S1, 2, { AETERM: '두통이 심함' }),
    ]);
    const march = testContext('coder', '2019-03-01T09:00:00.000Z');
    const blockers = await api.call('cuts.blockers', {}, march);
    // The AE no LLT matches, and the medication (no WHODrug loaded).
    expect(blockers.uncodedVerbatims).toEqual({
      days: 30,
      total: 2,
      byForm: [
        { key: 'AE', count: 1 },
        { key: 'CM', count: 1 },
      ],
      bySite: [{ key: SITE, count: 2 }],
    });
    expect(blockers.canLock).toBe(false);
    expect((await api.call('cuts.blockers', {}, january)).uncodedVerbatims.total).toBe(0);
    await api.call('coding.set', { form: 'AE', recordKeys: [`${S1}|2`], llt: 94000012 }, march);
    const cleared = await api.call('cuts.blockers', {}, march);
    expect(cleared.uncodedVerbatims.byForm).toEqual([{ key: 'CM', count: 1 }]);

    const snapshot = path.join(dir, 'snapshot');
    await api.call('cuts.lock', { name: 'cut 1', reason: 'test', snapshotDir: snapshot, force: true }, march);
    const csv = fs.readFileSync(path.join(snapshot, 'forms/AE.csv'), 'utf8').split('\r\n');
    expect(csv[0]).toContain('AEDECOD');
    expect(csv[0]).toContain('AESOC');
    expect(csv[2]).toContain('Headache');
    expect(csv[2]).toContain('Nervous system disorders');

    await expect(
      api.call('coding.set', { form: 'AE', recordKeys: [`${S1}|1`], llt: 94000002, reason: 'x' }, march),
    ).rejects.toMatchObject({
      code: 'LOCKED',
    });
    await expect(
      api.call('dictionaries.load', { path: meddra('English'), type: 'meddra' }, march),
    ).rejects.toMatchObject({
      code: 'LOCKED',
    });
    // The database itself refuses, whatever writes to it.
    const raw = new Database(file);
    for (const sql of [
      "UPDATE coding SET pt_name = 'x'",
      'DELETE FROM coding_synonyms',
      "INSERT INTO meddra_terms VALUES (1, 'LLT', 1, 'English', 'x', 'x')",
    ])
      expect(() => raw.exec(sql), sql).toThrow(/the study is locked/);
    raw.close();
  });
});

describe('the command line', () => {
  it('loads, lists, shows the queue, codes by hand and refuses a broken release in one line', async () => {
    const { file, dir } = newStudy();
    const load = await runCli(['dictionary', 'load', file, meddra('English'), '--type', 'meddra']);
    expect(load.code).toBe(0);
    expect(load.stdout).toMatch(/^Loaded MedDRA 90\.0 \(English\): 48 LLTs \(45 current\), 30 PTs/);
    const broken = path.join(dir, 'broken');
    fs.cpSync(meddra('Korean'), broken, { recursive: true });
    fs.rmSync(path.join(broken, 'MedAscii/mdhier.asc'));
    const refused = await runCli(['dictionary', 'load', file, broken, '--type', 'meddra']);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toEqual([
      `error: ${path.join(broken, 'MedAscii')}: not a MedDRA release (ASCII files): mdhier.asc is missing`,
    ]);
    const usage = await runCli(['dictionary', 'load', file, broken, '--type', 'snomed']);
    expect(usage.code).toBe(2);
    // The core says what is missing; the command line adds its own way out.
    const unversioned = path.join(dir, 'unversioned');
    fs.cpSync(meddra('English'), unversioned, { recursive: true });
    fs.rmSync(path.join(unversioned, 'MedAscii/meddra_release.asc'));
    const noVersion = await runCli(['dictionary', 'load', file, unversioned, '--type', 'meddra']);
    expect(noVersion.stderr).toBe(
      `error: ${path.join(unversioned, 'MedAscii')}: meddra_release.asc is missing, so the release does not say its version: give it with --version\n`,
    );
    const list = await runCli(['dictionary', 'list', file, '--json']);
    expect(JSON.parse(list.stdout)).toMatchObject([
      { type: 'meddra', version: '90.0', languages: ['English'] },
    ]);
    const status = await runCli(['coding', 'status', file]);
    expect(status.stdout).toContain('MedDRA 90.0');
    const queue = await runCli(['coding', 'queue', file, '--form', 'AE', '--format', 'csv']);
    expect(queue.code).toBe(0);
    expect(queue.stdout.split('\r\n')[0]).toBe(
      'form,recordId,siteId,subjectId,recordKey,verbatim,siteTerm,status,since,waitingDays,sameVerbatim,reason,queryStatus,method,coded',
    );
    const set = await runCli([
      'coding',
      'set',
      file,
      '--form',
      'AE',
      '--record',
      'S01-001|1',
      '--llt',
      '94000001',
    ]);
    expect(set.code).toBe(1);
    expect(set.stderr).toBe('error: AE has no live record S01-001|1\n');
    const noWhodrug = await runCli(['coding', 'upgrade', file, '--to', '2090 Mar']);
    expect(noWhodrug.stderr).toBe(
      'error: no dictionary version 2090 Mar is loaded (loaded: MedDRA 90.0): load it with dictionary load\n',
    );
  });
});
