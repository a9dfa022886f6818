import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { databaseHash, tableNames } from '../helpers/database-hash';
import { dmRow, loadRows, newStudy, testContext } from '../helpers/study-builder';

const site = 'S01';
const ctx = testContext();
const pom = (seq: number, dose: string, start: string, end: string) => ({
  SUBJID: 'S01-001',
  EXSEQ: String(seq),
  EXTRT: 'POMALIDOMIDE',
  CYCLE: '1',
  EXSTDAT: start,
  EXENDAT: end,
  EXDOSE: dose,
});

async function studyWithOneDiscrepancy() {
  const study = newStudy();
  loadRows(study.api, {
    site,
    exportDate: '2018-06-30',
    forms: { DM: [dmRow('S01-001', site)], EX: [pom(1, '5', '2018-01-10', '2018-01-30')] },
  });
  await study.api.call('checks.run', { checkIds: ['DOSE-01'] }, ctx);
  return study;
}

describe('data cuts', () => {
  it('refuses to lock while blockers remain, and a forced lock records them', async () => {
    const { api, dir } = await studyWithOneDiscrepancy();
    const blockers = await api.call('cuts.blockers', {}, ctx);
    expect(blockers.canLock).toBe(false);
    expect(blockers.openDiscrepancies.byCheck).toEqual([{ key: 'DOSE-01', count: 1 }]);
    await expect(
      api.call(
        'cuts.lock',
        { name: 'interim 1', reason: 'report', snapshotDir: path.join(dir, 'snap1') },
        ctx,
      ),
    ).rejects.toMatchObject({ code: 'BLOCKED' });
    expect(fs.existsSync(path.join(dir, 'snap1'))).toBe(false);
    const forced = await api.call(
      'cuts.lock',
      { name: 'interim 1', reason: 'report', snapshotDir: path.join(dir, 'snap1'), force: true },
      ctx,
    );
    expect(forced.cut.forced).toBe(true);
    expect(forced.cut.blockers).toContain('1 discrepancies');
    expect((await api.call('study.info', {}, ctx)).locked).toBe(true);
  });

  it('while locked, refuses every write path and leaves the data untouched', async () => {
    const { api, dir, file } = await studyWithOneDiscrepancy();
    const [d] = (await api.call('discrepancies.list', {}, ctx)).rows;
    await api.call(
      'cuts.lock',
      { name: 'c1', reason: 'r', snapshotDir: path.join(dir, 'snap'), force: true },
      ctx,
    );
    const before = databaseHash(file);
    const attempts: [string, () => Promise<unknown>][] = [
      [
        'import',
        async () =>
          loadRows(api, {
            site,
            exportDate: '2018-07-30',
            forms: { EX: [pom(1, '4', '2018-01-10', '2018-01-30')] },
          }),
      ],
      ['checks.run', () => api.call('checks.run', {}, ctx)],
      [
        'discrepancies.setStatus',
        () => api.call('discrepancies.setStatus', { ids: [d!.id], status: 'ACCEPTED', reason: 'x' }, ctx),
      ],
      [
        'cuts.lock',
        () =>
          api.call(
            'cuts.lock',
            { name: 'c2', reason: 'r', snapshotDir: path.join(dir, 'snap2'), force: true },
            ctx,
          ),
      ],
    ];
    for (const [name, attempt] of attempts) {
      await expect(attempt(), name).rejects.toMatchObject({ code: 'LOCKED' });
    }
    // The database itself refuses: raw SQL on every data, discrepancy and query table.
    const raw = new Database(file);
    const protectedTables = tableNames(file).filter(
      (t) =>
        t.startsWith('form_') ||
        [
          'imports',
          'import_sources',
          'import_issues',
          'check_runs',
          'discrepancies',
          'queries',
          'query_lists',
        ].includes(t),
    );
    expect(protectedTables.length).toBeGreaterThan(10);
    for (const table of protectedTables) {
      expect(() => raw.prepare(`INSERT INTO ${table} DEFAULT VALUES`).run(), table).toThrow(/locked/);
      const rows = (raw.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      if (rows === 0) continue;
      expect(() => raw.prepare(`DELETE FROM ${table}`).run(), table).toThrow(/locked/);
      expect(() => raw.prepare(`UPDATE ${table} SET rowid = rowid`).run(), table).toThrow(/locked/);
    }
    expect(() => raw.prepare("INSERT INTO discrepancies (identity) VALUES ('x')").run()).toThrow(/locked/);
    expect(() => raw.prepare('DELETE FROM data_cuts').run()).toThrow(/append-only/);
    expect(() => raw.prepare("UPDATE data_cuts SET name = 'other'").run()).toThrow(/append-only/);
    expect(() => raw.prepare('DELETE FROM audit_events').run()).toThrow(/append-only/);
    expect(() => raw.prepare('DELETE FROM record_changes').run()).toThrow(/append-only/);
    expect(() => raw.prepare("UPDATE record_changes SET new_raw = 'x'").run()).toThrow(/append-only/);
    raw.close();
    expect(databaseHash(file)).toBe(before);
  });

  it('writes a snapshot that verify proves intact, and names each changed, missing or added file', async () => {
    const { api, dir } = await studyWithOneDiscrepancy();
    const snap = path.join(dir, 'snap');
    const locked = await api.call(
      'cuts.lock',
      { name: 'c1', reason: 'r', snapshotDir: snap, force: true },
      ctx,
    );
    const names = locked.snapshot.files.map((f) => f.path).sort();
    expect(names).toContain('study.db');
    expect(names).toContain('forms/AE.csv');
    expect(names).toContain('forms/AE.xlsx');
    expect(names).toContain('discrepancies.csv');
    const manifest = JSON.parse(fs.readFileSync(path.join(snap, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ cut: 'c1', rowCounts: { DM: 1, EX: 1 }, discrepancies: 1 });
    expect(
      fs.readFileSync(path.join(snap, 'forms/DM.csv'), 'utf8').startsWith('\uFEFF_SITE,SITEID,SUBJID'),
    ).toBe(true);
    expect(await api.call('cuts.verify', { dir: snap }, ctx)).toMatchObject({
      ok: true,
      changed: [],
      missing: [],
      added: [],
    });

    const csv = path.join(snap, 'forms/EX.csv');
    const bytes = fs.readFileSync(csv);
    bytes[bytes.length - 3] = bytes[bytes.length - 3]! ^ 1;
    fs.writeFileSync(csv, bytes);
    fs.rmSync(path.join(snap, 'forms/AE.xlsx'));
    fs.writeFileSync(path.join(snap, 'forms/extra.csv'), 'x');
    const result = await api.call('cuts.verify', { dir: snap }, ctx);
    expect(result).toMatchObject({
      ok: false,
      changed: ['forms/EX.csv'],
      missing: ['forms/AE.xlsx'],
      added: ['forms/extra.csv'],
    });
  });

  it('unlocks, goes on cleaning, locks again, and diffs the two cuts', async () => {
    const { api, dir } = await studyWithOneDiscrepancy();
    await api.call(
      'cuts.lock',
      { name: 'c1', reason: 'r', snapshotDir: path.join(dir, 's1'), force: true },
      ctx,
    );
    await expect(api.call('cuts.unlock', { reason: '' }, ctx)).rejects.toThrow();
    await api.call('cuts.unlock', { reason: 'cleaning goes on' }, ctx);
    loadRows(api, {
      site,
      exportDate: '2018-07-31',
      forms: { EX: [pom(1, '4', '2018-01-10', '2018-01-30'), pom(2, '3', '2018-02-07', '2018-02-27')] },
    });
    await api.call('checks.run', { checkIds: ['DOSE-01'] }, ctx);
    const second = await api.call(
      'cuts.lock',
      { name: 'c2', reason: 'r2', snapshotDir: path.join(dir, 's2') },
      ctx,
    );
    expect(second.cut.forced).toBe(false);
    const diff = await api.call('cuts.diff', { from: 'c1', to: 'c2' }, ctx);
    expect(diff.forms.EX!.new.map((r) => r.recordKey)).toEqual(['S01-001|POMALIDOMIDE|2']);
    expect(diff.forms.EX!.changed).toEqual([
      {
        siteId: 'S01',
        subjectId: 'S01-001',
        recordKey: 'S01-001|POMALIDOMIDE|1',
        changes: [{ field: 'EXDOSE', old: '5', new: '4' }],
      },
    ]);
    expect(diff.discrepancies.closed.map((d) => [d.checkId, d.status])).toEqual([['DOSE-01', 'RESOLVED']]);
    const cuts = await api.call('cuts.list', {}, ctx);
    expect(cuts.map((c) => [c.name, c.unlockReason])).toEqual([
      ['c1', 'cleaning goes on'],
      ['c2', null],
    ]);
  });
});
