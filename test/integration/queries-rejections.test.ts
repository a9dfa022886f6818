import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StudyApi } from '../../electron/core/api/study-api';
import { answerQueryList, queryListRows } from '../helpers/query-list-files';
import { ex, sentStudy } from '../helpers/sent-study';
import { dmRow, loadRows, newStudy, tempDir, testContext } from '../helpers/study-builder';
import { connectionOf } from '../../electron/core/db/connection';

const ctx = testContext();
async function statuses(api: StudyApi): Promise<string[]> {
  return (await api.call('discrepancies.list', {}, ctx)).rows.map((d) => `${d.queryId}:${d.status}`);
}

describe('answered lists: what is reported and not applied', () => {
  it('rejects a whole file of another study or of another site, and changes nothing', async () => {
    const { api, dir, s01 } = await sentStudy();
    const other = await sentStudy({ code: 'OTHER-STUDY-001' });
    const otherFile = await answerQueryList(
      other.s01,
      Object.fromEntries(other.s01Ids.map((id) => [id, 'ok'])),
    );
    const before = await statuses(api);

    const trailBefore = (await api.call('audit.list', { limit: 1000 }, ctx)).total;
    const foreign = await api.call('queries.import', { files: [otherFile] }, ctx);
    expect(foreign.applied).toEqual([]);
    expect(foreign.rejected).toEqual([]);
    expect(foreign.refused).toEqual([
      {
        file: otherFile,
        reason: 'a query list of study OTHER-STUDY-001, not of this study (NIPMS-POM-KR-001)',
      },
    ]);

    // S01's list, relabelled as S02's (in the visible block and in the hidden sheet).
    const s01Ids = [...(await queryListRows(s01)).keys()];
    const relabelled = await answerQueryList(s01, Object.fromEntries(s01Ids.map((id) => [id, 'ok'])), {
      out: path.join(dir, 'relabelled.xlsx'),
      edit: (sheet, _rowOf, _columns, workbook) => {
        sheet.getCell('B2').value = 'S02';
        workbook.getWorksheet('cdm')!.eachRow((row) => {
          if (row.getCell(1).text === 'siteId') row.getCell(2).value = 'S02';
        });
      },
    });
    const wrongSite = await api.call('queries.import', { files: [relabelled] }, ctx);
    expect(wrongSite.applied).toEqual([]);
    expect(wrongSite.refused).toEqual([
      { file: relabelled, reason: 'the file says site S02, but query list L0001 was written for site S01' },
    ]);

    // Not a query list at all; a file that is not there.
    const notAList = path.join(dir, 'notes.csv');
    fs.writeFileSync(notAList, 'subject,answer\nS01-001,ok\n');
    const unreadable = await api.call('queries.import', { files: [notAList] }, ctx);
    expect(unreadable.refused).toEqual([
      { file: notAList, reason: 'not a query list: no header row with Query ID and Answer' },
    ]);
    const pdf = path.join(dir, 'answers.pdf');
    fs.writeFileSync(pdf, '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n');
    expect((await api.call('queries.import', { files: [pdf] }, ctx)).refused).toEqual([
      { file: pdf, reason: 'not a query list: no header row with Query ID and Answer' },
    ]);
    await expect(
      api.call('queries.import', { files: [path.join(dir, 'missing.xlsx')] }, ctx),
    ).rejects.toThrow(/missing\.xlsx: no such file/);

    // A refused file answered nothing: nothing is recorded, neither in the list history nor in the audit trail.
    expect(await statuses(api)).toEqual(before);
    const history = await api.call('queries.history', {}, ctx);
    expect(history.filter((h) => h.kind === 'import')).toEqual([]);
    expect((await api.call('audit.list', { limit: 1000 }, ctx)).total).toBe(trailBefore);
  });

  it("reports rows with an unknown query, another site's query, or edited read-only cells, and applies the rest", async () => {
    const { api, dir, s01, s01Ids, s02Ids } = await sentStudy();
    const [q1, q2, q3] = s01Ids as [string, string, string];
    const answered = await answerQueryList(
      s01,
      { [q1]: 'dose was 4 mg', [q2]: 'dose was 4 mg', [q3]: 'dose was 4 mg' },
      {
        out: path.join(dir, 'answered.xlsx'),
        edit: (sheet, rowOf, columns) => {
          sheet.getRow(rowOf(q2)).getCell(columns.get('Value')!).value = '4';
          sheet.getRow(rowOf(q3)).getCell(columns.get('Message')!).value = 'a different question';
          // Two more rows: an unknown query ID and a query of site S02, both answered.
          const last = sheet.rowCount;
          const unknown = sheet.getRow(last + 1);
          unknown.getCell(1).value = 'Q-999999';
          unknown.getCell(columns.get('Answer')!).value = 'ok';
          const foreign = sheet.getRow(last + 2);
          foreign.getCell(1).value = s02Ids[0];
          foreign.getCell(columns.get('Answer')!).value = 'ok';
          // A row with no answer at all is skipped.
          sheet.getRow(last + 3).getCell(1).value = 'Q-000001';
        },
      },
    );
    const result = await api.call('queries.import', { files: [answered] }, ctx);
    expect(result.applied.map((a) => a.queryId)).toEqual([q1]);
    // Each reason is one short sentence; what exactly changed is its detail.
    expect(result.rejected.map((r) => [r.queryId, r.reason, r.detail])).toEqual([
      [q2, 'the read-only cell Value was changed, so the answer is not applied.', 'Value was "6", is "4"'],
      [
        q3,
        'the read-only cell Message was changed, so the answer is not applied.',
        expect.stringMatching(/^Message was ".*", is "a different question"$/),
      ],
      ['Q-999999', 'no query Q-999999 in this study.', null],
      [s02Ids[0], `query ${s02Ids[0]} is of site S02, not of site S01.`, null],
    ]);
    for (const r of result.rejected) expect(r.reason).toMatch(/^[^;\n]{10,90}\.$/);
    expect(result.rejected.every((r) => r.row > 7)).toBe(true);
    expect(result.blank).toBe(1);
    const rows = (await api.call('discrepancies.list', {}, ctx)).rows;
    expect(rows.map((d) => [d.queryId, d.status])).toEqual([
      [q1, 'ANSWERED'],
      [q2, 'QUERIED'],
      [q3, 'QUERIED'],
      [s02Ids[0], 'QUERIED'],
    ]);
  });

  it('refuses answers to queries no longer awaiting one: resolved meanwhile, or answered differently before', async () => {
    const { api, dir, s01, s01Ids } = await sentStudy();
    const [q1, q2] = s01Ids as [string, string, string];
    const first = await answerQueryList(
      s01,
      { [q1]: 'typo: 4 mg', [q2]: 'typo: 4 mg' },
      { out: path.join(dir, 'first.xlsx') },
    );
    const second = await answerQueryList(
      s01,
      { [q1]: 'no, it was 3 mg', [q2]: 'typo: 4 mg' },
      { out: path.join(dir, 'second.xlsx') },
    );
    expect((await api.call('queries.import', { files: [first] }, ctx)).applied).toHaveLength(2);

    const again = await api.call('queries.import', { files: [second] }, ctx);
    expect(again.unchanged).toBe(1);
    expect(again.rejected).toEqual([
      expect.objectContaining({
        queryId: q1,
        reason: `query ${q1} was answered already, with another answer; re-query to ask again.`,
        detail: expect.stringMatching(/^answered on \d{4}-\d{2}-\d{2} in first\.xlsx$/),
      }),
    ]);

    // The third dose is corrected at the site before its answer arrives: RESOLVED, the late answer is refused.
    loadRows(api, {
      site: 'S01',
      exportDate: '2019-02-01',
      forms: {
        DM: [dmRow('S01-001', 'S01')],
        EX: [ex('S01-001', 1, '5'), ex('S01-001', 2, '6'), ex('S01-001', 3, '3')],
      },
    });
    await api.call('checks.run', { checkIds: ['DOSE-01'] }, ctx);
    const q3 = s01Ids[2]!;
    const late = await answerQueryList(
      s01,
      { [q3]: 'corrected to 3 mg' },
      { out: path.join(dir, 'late.xlsx') },
    );
    const lateResult = await api.call('queries.import', { files: [late] }, ctx);
    expect(lateResult.rejected).toEqual([
      expect.objectContaining({
        queryId: q3,
        reason: expect.stringMatching(/is not awaiting an answer: its discrepancy #\d+ is RESOLVED/),
      }),
    ]);

    // A re-query replaces the query: an answer to the old one is refused, the new one is sent.
    const d1 = (await api.call('discrepancies.list', { search: q1 }, ctx)).rows[0]!;
    await api.call(
      'discrepancies.setStatus',
      {
        ids: [d1.id],
        status: 'QUERIED',
        reason: 'conflicting answers',
        message: 'Please confirm the dose of cycle 1 from the source',
      },
      ctx,
    );
    const stale = await answerQueryList(
      s01,
      { [q1]: 'it was 4 mg after all' },
      { out: path.join(dir, 'stale.xlsx') },
    );
    const staleResult = await api.call('queries.import', { files: [stale] }, ctx);
    expect(staleResult.rejected[0]!.reason).toMatch(/was answered already/);
  });

  it('refuses manual queries on what does not exist, and keeps two queries on one field apart', async () => {
    const { api } = newStudy();
    loadRows(api, {
      site: 'S01',
      exportDate: '2019-01-10',
      forms: { DM: [dmRow('S01-001', 'S01')], EX: [ex('S01-001', 1, '4'), ex('S01-001', 1, '4')] },
    });
    const raise = (recordKey: string, field = 'EXDOSE', form = 'EX', subjectId = 'S01-001') =>
      api.call('queries.raise', { subjectId, form, recordKey, field, message: 'please check' }, ctx);
    await expect(raise('S01-001|POMALIDOMIDE|1', 'EXDOSE', 'XX')).rejects.toThrow(/no form XX in this study/);
    await expect(raise('S01-001|POMALIDOMIDE|1', 'NOPE')).rejects.toThrow(/form EX has no field NOPE/);
    await expect(raise('S01-001|POMALIDOMIDE|9')).rejects.toThrow(
      /subject S01-001 has no live EX record S01-001\|POMALIDOMIDE\|9/,
    );
    await expect(raise('S01-009|POMALIDOMIDE|1', 'EXDOSE', 'EX', 'S01-009')).rejects.toThrow(
      /subject S01-009 has no live EX records/,
    );

    // The second record with the same key is #2.
    const a = await raise('S01-001|POMALIDOMIDE|1#2');
    const b = await raise('S01-001|POMALIDOMIDE|1#2');
    expect([a.recordKey, b.recordKey]).toEqual(['S01-001|POMALIDOMIDE|1#2', 'S01-001|POMALIDOMIDE|1#2']);
    expect(a.id).not.toBe(b.id);
    const identities = connectionOf(api.database)
      .prepare("SELECT identity FROM discrepancies WHERE check_id = 'MANUAL' ORDER BY id")
      .pluck()
      .all();
    expect(identities).toEqual([
      'MANUAL|EX|S01-001|POMALIDOMIDE|1#2|EXDOSE|1',
      'MANUAL|EX|S01-001|POMALIDOMIDE|1#2|EXDOSE|2',
    ]);
    await api.call('checks.run', {}, ctx);
    const after = (await api.call('discrepancies.list', { checkId: ['MANUAL'] }, ctx)).rows;
    expect(after.map((d) => d.status)).toEqual(['OPEN', 'OPEN']);
  });

  it('sends nothing when nothing is outstanding, and refuses an unknown site or a locked study', async () => {
    const { api, dir } = await sentStudy();
    const out = tempDir();
    expect(await api.call('queries.export', { outDir: out }, ctx)).toMatchObject({
      files: [expect.objectContaining({ siteId: 'S01' }), expect.objectContaining({ siteId: 'S02' })],
      newlyQueried: 0,
    });
    await expect(api.call('queries.export', { outDir: out, site: 'S99' }, ctx)).rejects.toThrow(
      /no site S99 in this study \(sites: S01, S02\)/,
    );
    const empty = newStudy();
    expect(await empty.api.call('queries.export', { outDir: tempDir() }, ctx)).toEqual({
      files: [],
      newlyQueried: 0,
      withoutSite: 0,
    });

    await api.call(
      'cuts.lock',
      { name: 'cut 1', reason: 'test', snapshotDir: path.join(dir, 'snap'), force: true },
      ctx,
    );
    await expect(api.call('queries.export', { outDir: tempDir() }, ctx)).rejects.toMatchObject({
      code: 'LOCKED',
    });
    await expect(
      api.call(
        'queries.raise',
        { subjectId: 'S01-001', form: 'DM', recordKey: 'S01-001', field: 'AGE', message: 'x' },
        ctx,
      ),
    ).rejects.toMatchObject({ code: 'LOCKED' });
  });
});
