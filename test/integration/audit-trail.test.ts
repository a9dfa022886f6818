import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { answerQueryList, queryListRows } from '../helpers/query-list-files';
import { dmRow, loadRows, newStudy, testContext } from '../helpers/study-builder';
import { connectionOf } from '../../electron/core/db/connection';

const ex = (dose: string) => ({
  SUBJID: 'S01-001',
  EXSEQ: '1',
  EXTRT: 'POMALIDOMIDE',
  CYCLE: '1',
  EXSTDAT: '2018-01-10',
  EXENDAT: '2018-01-30',
  EXDOSE: dose,
  EXADJ: '',
});

/** A small history by three people over four days: import, check, send, answer, corrected import, re-check, close. */
async function studyWithHistory() {
  const { api, dir } = newStudy();
  const kim = (day: string) => testContext('dm.kim', `2019-01-${day}T01:00:00.000Z`);
  loadRows(
    api,
    {
      site: 'S01',
      exportDate: '2019-01-10',
      forms: { DM: [dmRow('S01-001', 'S01'), dmRow('S01-002', 'S01')], EX: [ex('5')] },
    },
    kim('11'),
  );
  await api.call('checks.run', { checkIds: ['DOSE-01'] }, kim('11'));
  const sent = await api.call('queries.export', { outDir: path.join(dir, 'out') }, kim('12'));
  const [queryId] = [...(await queryListRows(sent.files[0]!.path)).keys()];
  await answerQueryList(sent.files[0]!.path, { [queryId!]: '=HYPERLINK("http://x","4 mg")' });
  await api.call(
    'queries.import',
    { files: [sent.files[0]!.path] },
    testContext('dm.lee', '2019-01-13T01:00:00.000Z'),
  );
  loadRows(
    api,
    {
      site: 'S01',
      exportDate: '2019-01-14',
      forms: { DM: [dmRow('S01-001', 'S01', { AGE: '66' })], EX: [ex('4')] },
    },
    testContext('loader', '2019-01-14T01:00:00.000Z'),
  );
  await api.call('checks.run', { checkIds: ['DOSE-01'] }, kim('14'));
  const [d] = (await api.call('discrepancies.list', {}, kim('14'))).rows;
  await api.call(
    'discrepancies.setStatus',
    { ids: [d!.id], status: 'CLOSED', reason: 'corrected data verified' },
    kim('14'),
  );
  return { api, dir, queryId: queryId!, discrepancyId: d!.id };
}

describe('the audit trail', () => {
  it('lists every change of data and every event in time order, with who, when, why and which import', async () => {
    const { api, queryId, discrepancyId } = await studyWithHistory();
    const { rows, total, truncated } = await api.call('audit.list', { limit: 1000 }, testContext());
    expect(truncated).toBe(false);
    expect(rows).toHaveLength(total);
    expect(rows.map((r) => r.at)).toEqual([...rows.map((r) => r.at)].sort());

    // The first import: its event, then a "new" entry per record, with site, subject and record key.
    expect(rows[0]).toMatchObject({
      action: 'IMPORT',
      entity: 'import',
      user: 'dm.kim',
      importId: 1,
      siteId: 'S01',
    });
    expect(rows.slice(1, 4).map((r) => [r.action, r.form, r.recordKey, r.importId])).toEqual([
      ['NEW', 'DM', 'S01-001', 1],
      ['NEW', 'DM', 'S01-002', 1],
      ['NEW', 'EX', 'S01-001|POMALIDOMIDE|1', 1],
    ]);
    // The corrected import: changed values (old and new as the site wrote them), a deleted record.
    const second = rows.filter((r) => r.importId === 2 && r.entity === 'record');
    expect(
      second.map((r) => [r.action, r.subjectId, r.form, r.field, r.oldValue, r.newValue, r.user, r.at]),
    ).toEqual([
      ['CHANGED', 'S01-001', 'DM', 'AGE', '65', '66', 'loader', '2019-01-14T01:00:00.000Z'],
      ['DELETED', 'S01-002', 'DM', null, null, null, 'loader', '2019-01-14T01:00:00.000Z'],
      ['CHANGED', 'S01-001', 'EX', 'EXDOSE', '5', '4', 'loader', '2019-01-14T01:00:00.000Z'],
    ]);
    expect(second[0]!.reason).toBe('import #2: site S01 export of 2019-01-14');

    // The discrepancy's life, with its query.
    const life = rows.filter(
      (r) => (r.entity === 'discrepancy' && r.entityId === String(discrepancyId)) || r.entityId === queryId,
    );
    expect(life.map((r) => [r.action, r.oldValue, r.newValue, r.user])).toEqual([
      ['STATUS', null, 'OPEN', 'dm.kim'],
      ['STATUS', 'OPEN', 'QUERIED', 'dm.kim'],
      ['QUERY', null, `${queryId}: ${life[2]!.newValue!.slice(queryId.length + 2)}`, 'dm.kim'],
      ['SEND', null, 'queries_S01_2019-01-12_L0001.xlsx', 'dm.kim'],
      ['STATUS', 'QUERIED', 'ANSWERED', 'dm.lee'],
      ['ANSWER', null, '=HYPERLINK("http://x","4 mg")', 'dm.lee'],
      ['STATUS', 'ANSWERED', 'RESOLVED', 'dm.kim'],
      ['STATUS', 'RESOLVED', 'CLOSED', 'dm.kim'],
    ]);
    expect(
      life.every(
        (r) => r.subjectId === 'S01-001' && r.form === 'EX' && r.recordKey === 'S01-001|POMALIDOMIDE|1',
      ),
    ).toBe(true);
    expect(life.at(-1)!.reason).toBe('corrected data verified');
    expect(
      rows.filter((r) => r.entity === 'query_list').map((r) => [r.action, r.entityId, r.siteId]),
    ).toEqual([
      ['EXPORT', 'L0001', 'S01'],
      ['ANSWERS', 'L0001', 'S01'],
    ]);
  });

  it('filters by time, entity, user and text, pages, and runs newest first', async () => {
    const { api } = await studyWithHistory();
    const ctx = testContext();
    const all = await api.call('audit.list', { limit: 1000 }, ctx);
    const day13 = await api.call('audit.list', { since: '2019-01-13', until: '2019-01-13' }, ctx);
    expect(day13.rows.length).toBeGreaterThan(0);
    expect(day13.rows.every((r) => r.at.startsWith('2019-01-13'))).toBe(true);
    const since = await api.call('audit.list', { since: '2019-01-14T01:00:00Z' }, ctx);
    expect(since.rows.every((r) => r.at >= '2019-01-14T01:00:00.000Z')).toBe(true);
    expect(since.total).toBe(all.rows.filter((r) => r.at >= '2019-01-14').length);
    await expect(api.call('audit.list', { since: 'last tuesday' }, ctx)).rejects.toThrow(
      /since last tuesday: not a date or time/,
    );

    const records = await api.call('audit.list', { entity: ['record'] }, ctx);
    expect(records.rows.every((r) => r.entity === 'record')).toBe(true);
    expect(records.total).toBe(6);
    const lee = await api.call('audit.list', { user: 'DM.LEE' }, ctx);
    expect(new Set(lee.rows.map((r) => r.user))).toEqual(new Set(['dm.lee']));
    const search = await api.call('audit.list', { search: 'HYPERLINK' }, ctx);
    expect(search.rows.map((r) => r.action)).toEqual(['ANSWER']);
    const bySubject = await api.call('audit.list', { search: 'S01-002' }, ctx);
    expect(bySubject.rows.map((r) => r.action)).toEqual(['NEW', 'DELETED']);

    const page1 = await api.call('audit.list', { limit: 5 }, ctx);
    const page2 = await api.call('audit.list', { limit: 5, offset: 5 }, ctx);
    expect(page1).toMatchObject({ total: all.total, offset: 0, truncated: true });
    expect([...page1.rows, ...page2.rows]).toEqual(all.rows.slice(0, 10));
    const newest = await api.call('audit.list', { order: 'desc', limit: 1000 }, ctx);
    expect(newest.rows).toEqual([...all.rows].reverse());
  });

  it('exports the whole trail to one file in one pass: the same entries in the same order, formula-safe', async () => {
    const { api, dir } = await studyWithHistory();
    const ctx = testContext();
    const all = await api.call('audit.list', { limit: 1000 }, ctx);

    const json = await api.call('audit.export', { out: path.join(dir, 'trail.json'), format: 'json' }, ctx);
    expect(json.rows).toBe(all.total);
    expect(JSON.parse(fs.readFileSync(json.path, 'utf8'))).toEqual(all.rows);

    const csv = await api.call('audit.export', { out: path.join(dir, 'trail.csv') }, ctx);
    const text = fs.readFileSync(csv.path, 'utf8');
    expect(csv.bytes).toBe(Buffer.byteLength(text));
    expect(
      text.startsWith('\uFEFFid,at,user,action,entity,entityId,siteId,subjectId,form,recordKey,field'),
    ).toBe(true);
    const sheet = XLSX.read(text.slice(1), { type: 'string', raw: true }).Sheets.Sheet1!;
    const cells = XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1, raw: false });
    expect(cells).toHaveLength(all.total + 1);
    expect(cells.slice(1).map((r) => r[0])).toEqual(all.rows.map((r) => r.id));
    // The site's answer was a formula: written as text, never as a formula.
    expect(text).toContain(`'=HYPERLINK(""http://x"",""4 mg"")`);
    for (const row of cells) for (const cell of row) expect(String(cell ?? '')).not.toMatch(/^[=+@\t\r]/);

    // Filtered, the same as the list; nothing matching gives a header alone; a missing folder is refused.
    const lee = await api.call(
      'audit.export',
      { out: path.join(dir, 'lee.json'), user: 'dm.lee', format: 'json' },
      ctx,
    );
    expect(JSON.parse(fs.readFileSync(lee.path, 'utf8'))).toEqual(
      (await api.call('audit.list', { user: 'dm.lee' }, ctx)).rows,
    );
    const none = await api.call('audit.export', { out: path.join(dir, 'none.csv'), user: 'nobody' }, ctx);
    expect(none.rows).toBe(0);
    expect(fs.readFileSync(none.path, 'utf8').split('\r\n').filter(Boolean)).toHaveLength(1);
    await expect(
      api.call('audit.export', { out: path.join(dir, 'no-such-folder', 'x.csv') }, ctx),
    ).rejects.toThrow(/no-such-folder.*does not exist/);
    expect(fs.readdirSync(dir).filter((f) => f.includes('.writing-'))).toEqual([]);
  });

  it('cannot be changed or deleted, even with raw SQL; neither can the query history', async () => {
    const { api, dir, queryId } = await studyWithHistory();
    const db = connectionOf(api.database);
    const refused = (sql: string) => expect(() => db.prepare(sql).run(), sql).toThrow(/append-only/);
    refused("UPDATE audit_events SET user_name = 'someone else'");
    refused('DELETE FROM audit_events');
    refused("UPDATE record_changes SET new_raw = '5'");
    refused('DELETE FROM record_changes');
    refused("UPDATE query_lists SET file = 'x'");
    refused('DELETE FROM query_lists');
    refused("UPDATE query_list_rows SET message = 'x'");
    refused('DELETE FROM query_list_rows');
    refused('DELETE FROM queries');
    refused(`UPDATE queries SET message = 'a different question' WHERE id = '${queryId}'`);
    refused(`UPDATE queries SET answer = 'a different answer' WHERE id = '${queryId}'`);
    refused(
      `UPDATE queries SET answered_at = NULL, answer = NULL, answer_file = NULL WHERE id = '${queryId}'`,
    );
    refused(`UPDATE queries SET sent_at = '2000-01-01' WHERE id = '${queryId}'`);
    const answer = db.prepare('SELECT answer FROM queries WHERE id = ?').pluck().get(queryId);
    expect(answer).toBe('=HYPERLINK("http://x","4 mg")');

    // While a cut is locked, not even a query-list row can be added.
    await api.call(
      'cuts.lock',
      { name: 'cut 1', reason: 'test', snapshotDir: path.join(dir, 'snap'), force: true },
      testContext(),
    );
    const listId = db.prepare("SELECT id FROM query_lists WHERE kind = 'export'").pluck().get();
    expect(() =>
      db
        .prepare(
          "INSERT INTO query_list_rows (list_id, query_id, row_number, subject_id, form, record_key, field, value, message, date_sent) VALUES (?, ?, 99, 'S', 'EX', 'k', 'f', NULL, 'm', 'd')",
        )
        .run(listId, queryId),
    ).toThrow(/locked/);
  });
});
