import { describe, expect, it } from 'vitest';
import { dmRow, loadRows, newStudy } from '../helpers/study-builder';
import { connectionOf } from '../../electron/core/db/connection';

/**
 * Records are written several to a statement (record-writer.ts) and their 'new' history rows are
 * made from the id range they took (records-repo.ts): every record must still land whole, with its
 * own line, and with exactly one history row.
 */
const site = 'S01';
const subjects = Array.from({ length: 37 }, (_, i) => `S01-${String(i + 1).padStart(3, '0')}`);
const cm = (subject: string, seq: number, treatment: string) => ({
  SUBJID: subject,
  CMSEQ: String(seq),
  CMTRT: treatment,
  CMSTDAT: '2018-02-01',
});

describe('writing records in groups', () => {
  it('inserts, touches, changes and deletes every record of groups and their remainder', () => {
    const { api } = newStudy();
    const c = connectionOf(api.database);
    // 37 subjects: two groups of 16 and 5 one by one; CM holds 74 records, with Korean text.
    const first = subjects.flatMap((s) => [cm(s, 1, 'ASPIRIN'), cm(s, 2, '아스피린 "100" mg')]);
    loadRows(api, {
      site,
      exportDate: '2018-06-30',
      forms: { DM: subjects.map((s) => dmRow(s, site)), CM: first },
    });
    const records = () =>
      c
        .prepare(
          'SELECT record_id, subject_id, record_key, line, import_id, source_id, raw, deleted_import_id, CMTRT FROM form_cm ORDER BY record_id',
        )
        .all() as {
        record_id: number;
        record_key: string;
        line: number;
        import_id: number;
        source_id: number;
        raw: string;
        deleted_import_id: number | null;
        CMTRT: string;
      }[];
    const stored = records();
    expect(stored.map((r) => [r.record_key, r.line, JSON.parse(r.raw)[2], r.CMTRT])).toEqual(
      first.map((row, i) => [`${row.SUBJID}|${row.CMSEQ}`, i + 2, row.CMTRT, row.CMTRT]),
    );
    const history = c
      .prepare("SELECT record_id FROM record_changes WHERE form = 'CM' AND change = 'new' ORDER BY id")
      .pluck()
      .all();
    expect(history).toEqual(stored.map((r) => r.record_id));

    // The same records in reverse order, one changed, the last subject's gone: lines and provenance move on.
    const second = [...first].reverse().filter((r) => r.SUBJID !== 'S01-037');
    second[0] = cm(second[0]!.SUBJID, Number(second[0]!.CMSEQ), 'CLOPIDOGREL');
    const report = loadRows(api, {
      site,
      exportDate: '2018-07-30',
      forms: { DM: subjects.map((s) => dmRow(s, site)), CM: second },
    });
    expect(report.forms.CM).toEqual({ rows: 72, new: 0, changed: 1, deleted: 2 });
    const after = records();
    const source = c
      .prepare("SELECT id FROM import_sources WHERE import_id = ? AND form = 'CM'")
      .pluck()
      .get(report.importId) as number;
    for (const r of after) {
      if (r.record_key.startsWith('S01-037|')) {
        expect(r.deleted_import_id).toBe(report.importId);
        continue;
      }
      const at = second.findIndex((row) => `${row.SUBJID}|${row.CMSEQ}` === r.record_key);
      expect([r.line, r.import_id, r.source_id, r.CMTRT]).toEqual([
        at + 2,
        report.importId,
        source,
        second[at]!.CMTRT,
      ]);
    }
  });
});
