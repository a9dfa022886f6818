import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStudy } from '../../electron/core/api/open-study';
import type { StudyApi } from '../../electron/core/api/study-api';
import { connectionOf } from '../../electron/core/db/connection';
import { migrations } from '../../electron/core/db/migrations';
import { migration0010 } from '../../electron/core/db/migrations/0010-review-marks';
import type { DataRecord } from '../../shared/api/data';
import { aeRow } from '../helpers/ae-data-fixtures';
import { databaseHash } from '../helpers/database-hash';
import { dmRow, loadRows, newStudy, testContext, type RawRows } from '../helpers/study-builder';

/**
 * Review marks on a hand-made history: two persons, records that change, change back, are rewritten
 * in another format only, deleted and restored, new ones; the audit trail and the lock.
 */
const alice = testContext('alice', '2026-02-01T09:00:00.000Z');
const bob = testContext('bob', '2026-02-02T09:00:00.000Z');

const dm = [dmRow('S01-001', 'S01'), dmRow('S01-002', 'S01')];
const dm2 = [dmRow('S02-001', 'S02')];

function load(api: StudyApi, site: string, exportDate: string, forms: Record<string, RawRows>) {
  loadRows(api, { site, exportDate, forms });
}

async function records(api: StudyApi, ctx: typeof alice, state: string, extra: object = {}) {
  const page = await api.call('data.list', { form: 'AE', review: state, ...extra }, ctx);
  return page;
}
const keys = (rows: DataRecord[]) => rows.map((r) => `${r.SUBJID}|${r.AESEQ}`);

async function status(api: StudyApi, ctx: typeof alice) {
  const s = await api.call('review.status', { form: 'AE' }, ctx);
  return Object.fromEntries(s.rows.map(({ siteId, form: _form, ...counts }) => [siteId, counts]));
}

/** Round 1: S01 with three AEs, S02 with one. */
function studyAtRound1() {
  const study = newStudy();
  load(study.api, 'S01', '2019-01-31', {
    DM: dm,
    AE: [aeRow('S01-001', 1, { AETOXGR: '2' }), aeRow('S01-001', 2), aeRow('S01-002', 1)],
  });
  load(study.api, 'S02', '2019-01-31', { DM: dm2, AE: [aeRow('S02-001', 1)] });
  return study;
}

describe('review marks', () => {
  it('go stale by themselves exactly where the standardised values changed, per person', async () => {
    const { api } = studyAtRound1();
    const marked = await api.call('review.mark', { form: 'AE' }, alice);
    expect(marked).toEqual({ user: 'alice', form: 'AE', matched: 4, marked: 4, alreadyReviewed: 0 });
    // Marking again changes nothing.
    expect((await api.call('review.mark', { form: 'ae', site: 'S01' }, alice)).marked).toBe(0);
    expect(await status(api, alice)).toEqual({
      S01: { records: 3, reviewed: 3, changed: 0, new: 0, unreviewed: 0 },
      S02: { records: 1, reviewed: 1, changed: 0, new: 0, unreviewed: 0 },
    });
    // Bob marks one record only: Alice's marks are not his.
    await api.call('review.mark', { form: 'AE', recordKeys: ['S01-002|1'] }, bob);
    expect(await status(api, bob)).toEqual({
      S01: { records: 3, reviewed: 1, changed: 0, new: 0, unreviewed: 2 },
      S02: { records: 1, reviewed: 0, changed: 0, new: 0, unreviewed: 1 },
    });

    // Round 2 of S01: a grade corrected, a date only rewritten in another format, S01-002|1 deleted,
    // a new AE. S02 sends nothing.
    load(api, 'S01', '2019-02-28', {
      DM: dm,
      AE: [
        aeRow('S01-001', 1, { AETOXGR: '3' }),
        aeRow('S01-001', 2, { AESTDAT: '2018.01.15' }),
        aeRow('S01-001', 3, { AETERM: '발진', AEDECOD: 'Rash' }),
      ],
    });
    expect(await status(api, alice)).toEqual({
      S01: { records: 3, reviewed: 1, changed: 1, new: 1, unreviewed: 0 },
      S02: { records: 1, reviewed: 1, changed: 0, new: 0, unreviewed: 0 },
    });
    const changed = await records(api, alice, 'changed');
    expect(keys(changed.records)).toEqual(['S01-001|1']);
    expect(changed.records[0]!._changed).toEqual([{ field: 'AETOXGR', old: 2, new: 3 }]);
    expect(changed.records[0]!._review).toBe('changed');
    expect(keys((await records(api, alice, 'reviewed')).records)).toEqual(['S01-001|2', 'S02-001|1']);
    expect(keys((await records(api, alice, 'new')).records)).toEqual(['S01-001|3']);
    expect((await records(api, alice, 'unreviewed')).total).toBe(0);
    // Bob's only record was deleted at the source: it leaves his review. The new one arrived after
    // his first mark at S01: new since his review; the others were there then: never reviewed.
    expect(await status(api, bob)).toEqual({
      S01: { records: 3, reviewed: 0, changed: 0, new: 1, unreviewed: 2 },
      S02: { records: 1, reviewed: 0, changed: 0, new: 0, unreviewed: 1 },
    });
    // The record view says the same, with everyone's marks.
    const [changedRecord] = (
      await api.call('data.list', { form: 'AE', withIds: true, review: 'changed' }, alice)
    ).records;
    const view = await api.call(
      'review.record',
      { form: 'AE', recordId: changedRecord!._recordId as number },
      alice,
    );
    expect(view.state).toBe('changed');
    expect(view.changed).toEqual([{ field: 'AETOXGR', old: 2, new: 3 }]);
    expect(view.marks).toEqual([{ user: 'alice', at: alice.now().toISOString(), current: false }]);

    // Round 3: the grade goes back to what Alice saw, and S01-002|1 comes back unchanged.
    load(api, 'S01', '2019-03-31', {
      DM: dm,
      AE: [
        aeRow('S01-001', 1, { AETOXGR: '2' }),
        aeRow('S01-001', 2),
        aeRow('S01-001', 3, { AETERM: '발진', AEDECOD: 'Rash' }),
        aeRow('S01-002', 1),
      ],
    });
    expect(await status(api, alice)).toEqual({
      S01: { records: 4, reviewed: 3, changed: 0, new: 1, unreviewed: 0 },
      S02: { records: 1, reviewed: 1, changed: 0, new: 0, unreviewed: 0 },
    });
    expect((await status(api, bob)).S01).toEqual({
      records: 4,
      reviewed: 1,
      changed: 0,
      new: 1,
      unreviewed: 2,
    });
  });

  it('lists what changed against the version reviewed, over several imports, and new records since', async () => {
    const { api } = studyAtRound1();
    await api.call('review.mark', { form: 'AE', site: 'S01' }, alice);
    load(api, 'S01', '2019-02-28', {
      DM: dm,
      AE: [
        aeRow('S01-001', 1, { AETOXGR: '3', AEENDAT: '2018-01-25' }),
        aeRow('S01-001', 2),
        aeRow('S01-002', 1),
      ],
    });
    load(api, 'S01', '2019-03-31', {
      DM: dm,
      AE: [
        aeRow('S01-001', 1, { AETOXGR: '4', AEENDAT: '2018-01-20', AEOUT: 'FATAL' }),
        aeRow('S01-001', 2, { AEENDAT: '', AEONGO: 'Y' }),
        aeRow('S01-002', 1),
        aeRow('S01-002', 2),
      ],
    });
    const changed = (await records(api, alice, 'changed')).records;
    expect(keys(changed)).toEqual(['S01-001|1', 'S01-001|2']);
    // AEENDAT went 20 -> 25 -> 20: what Alice saw, so it is not listed.
    expect(changed[0]!._changed).toEqual([
      { field: 'AETOXGR', old: 2, new: 4 },
      { field: 'AEOUT', old: 'RECOVERED/RESOLVED', new: 'FATAL' },
    ]);
    expect(changed[1]!._changed).toEqual([
      { field: 'AEENDAT', old: '2018-01-20', new: null },
      { field: 'AEONGO', old: 'N', new: 'Y' },
    ]);
    expect(keys((await records(api, alice, 'new')).records)).toEqual(['S01-002|2']);
    // S02 was never reviewed by Alice: its record is not new, it is unreviewed.
    expect(keys((await records(api, alice, 'unreviewed')).records)).toEqual(['S02-001|1']);
    expect((await records(api, alice, 'unreviewed', { site: 'S02' })).total).toBe(1);
    expect((await records(api, alice, 'changed', { subject: 'S01-001' })).total).toBe(2);
    expect((await records(api, alice, 'changed', { site: 'S02' })).total).toBe(0);
    // "Mark all shown" of a review filter: only the records in that state.
    expect(await api.call('review.mark', { form: 'AE', state: 'new' }, alice)).toMatchObject({
      matched: 1,
      marked: 1,
    });
    expect((await records(api, alice, 'new')).total).toBe(0);
    expect((await records(api, alice, 'changed')).total).toBe(2);
    // Marking again moves the marks on: nothing is changed any more.
    const again = await api.call('review.mark', { form: 'AE', subject: 'S01-001' }, alice);
    expect(again).toMatchObject({ matched: 2, marked: 2, alreadyReviewed: 0 });
    expect((await records(api, alice, 'changed')).total).toBe(0);
  });

  it('finds subjects by review state, and shows a subject what changed since the review', async () => {
    const { api } = studyAtRound1();
    await api.call('review.mark', { form: 'AE' }, alice);
    await api.call('review.mark', { form: 'DM', site: 'S01' }, alice);
    load(api, 'S01', '2019-02-28', {
      DM: dm,
      AE: [
        aeRow('S01-001', 1, { AETOXGR: '3' }),
        aeRow('S01-001', 2),
        aeRow('S01-002', 1),
        aeRow('S01-002', 2),
      ],
    });
    const subjects = async (review?: 'reviewed' | 'changed' | 'new' | 'unreviewed') =>
      (await api.call('subjects.list', { ...(review ? { review } : {}), withReview: true }, alice)).rows.map(
        (r) => [r.subjectId, r.review],
      );
    expect(await subjects()).toEqual([
      ['S01-001', { records: 3, reviewed: 2, changed: 1, new: 0, unreviewed: 0 }],
      ['S01-002', { records: 3, reviewed: 2, changed: 0, new: 1, unreviewed: 0 }],
      // S02's DM was never reviewed by Alice.
      ['S02-001', { records: 2, reviewed: 1, changed: 0, new: 0, unreviewed: 1 }],
    ]);
    expect((await subjects('changed')).map(([s]) => s)).toEqual(['S01-001']);
    expect((await subjects('new')).map(([s]) => s)).toEqual(['S01-002']);
    expect((await subjects('unreviewed')).map(([s]) => s)).toEqual(['S02-001']);
    expect(await subjects('reviewed')).toEqual([]);
    await api.call('review.mark', { form: 'AE', subject: 'S01-001' }, alice);
    expect((await subjects('reviewed')).map(([s]) => s)).toEqual(['S01-001']);
    expect((await api.call('subjects.list', { review: 'unreviewed' }, bob)).total).toBe(3);

    const profile = await api.call('subjects.profile', { subjectId: 'S01-002' }, alice);
    expect(profile.review.counts).toEqual({ records: 3, reviewed: 2, changed: 0, new: 1, unreviewed: 0 });
    expect(profile.review.records).toEqual([
      expect.objectContaining({
        form: 'AE',
        recordKey: 'S01-002|2',
        state: 'new',
        date: '2018-01-15',
        changed: [],
      }),
    ]);
    load(api, 'S01', '2019-03-31', {
      DM: dm,
      AE: [
        aeRow('S01-001', 1, { AETOXGR: '3' }),
        aeRow('S01-001', 2),
        aeRow('S01-002', 1, { AESER: 'Y' }),
        aeRow('S01-002', 2),
      ],
    });
    const later = await api.call('subjects.profile', { subjectId: 'S01-002' }, alice);
    expect(later.review.records.map((r) => [r.recordKey, r.state, r.changed])).toEqual([
      ['S01-002|1', 'changed', [{ field: 'AESER', old: 'N', new: 'Y' }]],
      ['S01-002|2', 'new', []],
    ]);
  });

  it('removes marks, and keeps every mark and removal in the audit trail', async () => {
    const { api, file } = studyAtRound1();
    await api.call('review.mark', { form: 'AE', site: 'S01' }, alice);
    const removed = await api.call('review.unmark', { form: 'AE', recordKeys: ['S01-001|2'] }, bob);
    expect(removed.removed).toBe(0); // Bob cannot remove Alice's mark
    const own = await api.call('review.unmark', { form: 'AE', recordKeys: ['S01-001|2'] }, alice);
    expect(own).toEqual({ user: 'alice', form: 'AE', matched: 1, removed: 1 });
    expect((await status(api, alice)).S01).toEqual({
      records: 3,
      reviewed: 2,
      changed: 0,
      new: 0,
      unreviewed: 1,
    });
    const [record] = (
      await api.call('data.list', { form: 'AE', subject: 'S01-001', withIds: true }, alice)
    ).records.filter((r) => r.AESEQ === 2);
    const view = await api.call(
      'review.record',
      { form: 'AE', recordId: record!._recordId as number },
      alice,
    );
    expect(view.state).toBe('unreviewed');
    expect(view.history.map((h) => `${h.user} ${h.action}`)).toEqual(['alice marked', 'alice unmarked']);
    const trail = await api.call('audit.list', { limit: 100 }, alice);
    const events = trail.rows.filter((r) => r.entity === 'review');
    expect(events.map((e) => [e.action, e.user])).toEqual(
      expect.arrayContaining([
        ['REVIEW', 'alice'],
        ['UNREVIEW', 'alice'],
      ]),
    );
    const raw = new Database(file);
    expect(() => raw.prepare('DELETE FROM review_mark_history').run()).toThrow(/append-only/);
    expect(() => raw.prepare('UPDATE review_mark_history SET std_hash = 1').run()).toThrow(/append-only/);
    expect(() => raw.prepare('DELETE FROM review_marks').run()).toThrow(/never deleted/);
    raw.close();
  });

  it('refuses a key that matches no live record, and changes nothing', async () => {
    const { api, file } = studyAtRound1();
    const before = databaseHash(file);
    await expect(
      api.call('review.mark', { form: 'AE', recordKeys: ['S01-001|1', 'S01-001|9'] }, alice),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('S01-001|9') });
    await expect(api.call('review.mark', { form: 'XX' }, alice)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(api.call('review.mark', { form: 'AE', site: 'S09' }, alice)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(databaseHash(file)).toBe(before);
  });

  it('is refused while the study is locked, by the API and by the database itself', async () => {
    const { api, dir, file } = studyAtRound1();
    await api.call('review.mark', { form: 'AE', site: 'S02' }, alice);
    await api.call(
      'cuts.lock',
      { name: 'cut 1', reason: 'interim', snapshotDir: path.join(dir, 'snap'), force: true },
      alice,
    );
    const before = databaseHash(file);
    await expect(api.call('review.mark', { form: 'AE' }, alice)).rejects.toMatchObject({ code: 'LOCKED' });
    await expect(api.call('review.unmark', { form: 'AE' }, alice)).rejects.toMatchObject({ code: 'LOCKED' });
    // Reading goes on.
    expect((await status(api, alice)).S02!.reviewed).toBe(1);
    const raw = new Database(file);
    expect(() =>
      raw
        .prepare(
          `INSERT INTO review_marks (form, record_id, user_name, site_id, subject_id, first_import_id, std_hash,
             seen_import_id, event_id, record_hash, live) VALUES ('AE', 1, 'x', 'S01', 'S01-001', 1, 1, 1, 1, 1, 1)`,
        )
        .run(),
    ).toThrow(/locked/);
    expect(() => raw.prepare('UPDATE review_marks SET std_hash = NULL').run()).toThrow(/locked/);
    expect(() =>
      raw
        .prepare(
          "INSERT INTO review_mark_history (event_id, user_name, form, record_id, seen_import_id) VALUES (1, 'x', 'AE', 1, 1)",
        )
        .run(),
    ).toThrow(/locked/);
    raw.close();
    expect(databaseHash(file)).toBe(before);
    await api.call('cuts.unlock', { reason: 'cleaning goes on' }, alice);
    expect((await api.call('review.mark', { form: 'AE' }, alice)).marked).toBe(3);
  });

  it('come to a study made before them (migrations 7 and 8): every form table gets its index and trigger', async () => {
    const { api, file } = studyAtRound1();
    api.close();
    // The study as the version before review marks left it: no review tables, no review index or
    // trigger on the forms.
    const raw = new Database(file);
    const forms = (
      raw
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'form\\_%' ESCAPE '\\'")
        .all() as { name: string }[]
    ).map((r) => r.name);
    expect(forms.length).toBe(7);
    for (const table of forms) raw.exec(`DROP TRIGGER ${table}_review_marks; DROP INDEX ${table}_review;`);
    raw.exec('DROP TABLE review_marks; DROP TABLE review_horizons; DROP TABLE review_mark_history;');
    raw.exec('DROP TABLE signatures;'); // nor signatures (migration 13)
    raw.pragma(`user_version = ${migrations.indexOf(migration0010)}`);
    raw.close();

    const reopened = openStudy(file, { validateOutputs: true });
    const schema = connectionOf(reopened.database) as unknown as Database.Database;
    expect(schema.pragma('user_version', { simple: true })).toBe(migrations.length);
    for (const table of forms) {
      const objects = schema
        .prepare('SELECT type, name FROM sqlite_master WHERE tbl_name = ? AND name LIKE ?')
        .all(table, '%review%');
      expect(objects, table).toEqual(
        expect.arrayContaining([
          { type: 'index', name: `${table}_review` },
          { type: 'trigger', name: `${table}_review_marks` },
        ]),
      );
    }
    await reopened.call('review.mark', { form: 'AE' }, alice);
    load(reopened, 'S02', '2019-02-28', { DM: dm2, AE: [aeRow('S02-001', 1, { AETOXGR: '2' })] });
    expect((await records(reopened, alice, 'changed')).records[0]!._changed).toEqual([
      { field: 'AETOXGR', old: 1, new: 2 },
    ]);
    reopened.close();
  });
});
