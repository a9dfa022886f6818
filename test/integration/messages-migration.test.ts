import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { connectionOf } from '../../electron/core/db/connection';
import { createStudyApi } from '../../electron/core/api/study-api';
import { migrations } from '../../electron/core/db/migrations';
import { openStudyDatabase } from '../../electron/core/db/opening/open-study-database';
import { pomRow } from '../helpers/dose-rows';
import { dmRow, loadRows, newStudy, testContext } from '../helpers/study-builder';

/**
 * Migrations 8 and 9 on a database written before messages had named values: its stored definition gains
 * the templates, its discrepancies keep their English text until a check run finds them again,
 * and an ACCEPTED or CLOSED one stays silent while the check finds the same thing.
 */

const ctx = testContext();

const dmWithBadDate = () => [dmRow('S01-001', 'S01', { ENRLDAT: '2018-02-30' })];

/** A study checked by this version, then taken back to what the version before migration 8 wrote. */
async function studyBeforeMessages() {
  const { api, file } = newStudy();
  loadRows(api, {
    site: 'S01',
    exportDate: '2019-01-10',
    forms: { DM: dmWithBadDate(), EX: [pomRow('S01-001', 1, { EXDOSE: '5' })] },
  });
  await api.call('checks.run', { checkIds: ['DOSE-01', 'DATA-01'] }, ctx);
  const rows = (await api.call('discrepancies.list', {}, ctx)).rows;
  await api.call(
    'discrepancies.setStatus',
    {
      ids: rows.filter((d) => d.checkId === 'DOSE-01').map((d) => d.id),
      status: 'ACCEPTED',
      reason: 'per protocol',
    },
    ctx,
  );
  const c = connectionOf(api.database);
  const definition = JSON.parse(
    (c.prepare('SELECT definition FROM study').get() as { definition: string }).definition,
  );
  delete definition.messages;
  delete definition.siteLanguage;
  for (const settings of Object.values(definition.checks) as { messages?: unknown }[])
    delete settings.messages;
  for (const form of definition.forms)
    for (const column of [...form.columns, ...(form.coding?.columns ?? [])]) delete column.labelKo;
  const issues = c.prepare('SELECT record_id AS id, issues FROM form_dm WHERE issues IS NOT NULL').all() as {
    id: number;
    issues: string;
  }[];
  c.transaction(() => {
    c.prepare('UPDATE study SET definition = ?').run(JSON.stringify(definition));
    // Before, a discrepancy kept its English text, and what it was silenced on was that text.
    c.exec(`
      UPDATE discrepancies SET fingerprint = message || char(1) || coalesce(value, ''),
        silenced_fingerprint = CASE WHEN silenced_fingerprint IS NOT NULL THEN message || char(1) || coalesce(value, '') END;
      DROP TABLE site_settings;
      ALTER TABLE discrepancies DROP COLUMN message_args;`);
    // Nor had it signatures (migration 13).
    c.exec('DROP TABLE signatures;');
    // Nor had it review marks (migrations 10 and 11: the marks, and each form table's review index and trigger).
    for (const { name } of c
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'form\\_%' ESCAPE '\\'")
      .all() as { name: string }[])
      c.exec(`DROP TRIGGER ${name}_review_marks; DROP INDEX ${name}_review;`);
    c.exec('DROP TABLE review_mark_history; DROP TABLE review_horizons; DROP TABLE review_marks;');
    // Nor had it medical coding (migration 9, which remakes the coded forms' views itself).
    c.exec(`
      ALTER TABLE check_runs DROP COLUMN last_coding_event_id;
      DROP VIEW ae; DROP VIEW cm;
      DROP TABLE coding_synonyms; DROP TABLE coding;
      DROP TABLE whodrug_ingredients; DROP TABLE whodrug_atc_text; DROP TABLE whodrug_atc; DROP TABLE whodrug_drugs;
      DROP TABLE meddra_paths; DROP TABLE meddra_llts; DROP TABLE meddra_terms;
      DROP TABLE dictionary_sources; DROP TABLE dictionaries;`);
    // And a value's problem on the record, as text only.
    for (const r of issues) {
      const parsed = JSON.parse(r.issues) as Record<string, { args?: unknown }>;
      for (const issue of Object.values(parsed)) delete issue.args;
      c.prepare('UPDATE form_dm SET issues = ? WHERE record_id = ?').run(JSON.stringify(parsed), r.id);
    }
  })();
  // The version before migration 8 (what such a database carried).
  (c as unknown as Database.Database).pragma('user_version = 7');
  api.close();
  return file;
}

describe('migration 8: messages with named values, in English and Korean', () => {
  it('keeps what old discrepancies say, keeps them silent on the same finding, and renders them in Korean once found again', async () => {
    const file = await studyBeforeMessages();
    const database = openStudyDatabase(file);
    expect(
      (connectionOf(database) as unknown as Database.Database).pragma('user_version', { simple: true }),
    ).toBe(migrations.length);
    expect(database.model.definition.siteLanguage).toBe('ko');
    expect(Object.keys(database.model.messages.checks['DOSE-01'] ?? {})).toEqual(['default']);
    // The Korean labels come back from the shipped definition, the coded columns' too.
    const ae = database.model.formByCode.get('AE')!;
    expect(ae.columnByName.get('AETERM')?.labelKo).toBe('이상반응명(보고 용어)');
    expect(ae.dataColumns.find((col) => col.name === 'AESOC')?.labelKo).toBe('주 기관계 분류');
    const api = createStudyApi(database, { validateOutputs: true });

    // Before a check run: the stored English text, in either language.
    const before = (await api.call('discrepancies.list', { language: 'ko' }, ctx)).rows;
    expect(before.map((d) => [d.checkId, d.status, d.message])).toEqual([
      [
        'DOSE-01',
        'ACCEPTED',
        'POMALIDOMIDE dose 5 mg (cycle 1) is not a dose level of the label (4, 3, 2, 1 mg)',
      ],
      ['DATA-01', 'OPEN', 'ENRLDAT "2018-02-30" is not a valid date (2018-02 has no day 30)'],
    ]);

    // Found again on the same values: still ACCEPTED (silent), now with named values.
    const run = await api.call('checks.run', { checkIds: ['DOSE-01', 'DATA-01'] }, ctx);
    expect(run.totals).toMatchObject({ found: 2, new: 0, reopened: 0, resolved: 0 });
    const after = (await api.call('discrepancies.list', { language: 'ko' }, ctx)).rows;
    expect(after.map((d) => [d.checkId, d.status, d.message])).toEqual([
      [
        'DOSE-01',
        'ACCEPTED',
        'POMALIDOMIDE 용량 5 mg(1주기): 허가사항의 용량 단계(4, 3, 2, 1 mg)가 아닙니다',
      ],
      // The record was imported before: its problem has only its English text, which stays as it was.
      ['DATA-01', 'OPEN', 'ENRLDAT "2018-02-30" is not a valid date (2018-02 has no day 30)'],
    ]);

    // A changed dose is a new decision to take: it reopens. A re-import gives the record its named values.
    loadRows(api, {
      site: 'S01',
      exportDate: '2019-02-10',
      forms: { DM: dmWithBadDate(), EX: [pomRow('S01-001', 1, { EXDOSE: '6' })] },
    });
    const again = await api.call('checks.run', { checkIds: ['DOSE-01', 'DATA-01'] }, ctx);
    expect(again.totals).toMatchObject({ found: 2, reopened: 1 });
    const reopened = (await api.call('discrepancies.list', { language: 'ko' }, ctx)).rows;
    expect(reopened.map((d) => [d.checkId, d.status, d.message])).toEqual([
      ['DOSE-01', 'OPEN', 'POMALIDOMIDE 용량 6 mg(1주기): 허가사항의 용량 단계(4, 3, 2, 1 mg)가 아닙니다'],
      ['DATA-01', 'OPEN', 'ENRLDAT "2018-02-30": 올바른 날짜가 아닙니다(2018-02에는 30일이 없음)'],
    ]);
    api.close();
  });
});
