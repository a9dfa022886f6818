import { describe, expect, it } from 'vitest';
import { standardiseTable } from '../../electron/core/import/standardise-table';
import type { SourceTable } from '../../electron/core/import/source-table';
import { loadStudyDefinition } from '../../electron/core/study/load-definition';
import { buildStudyModel } from '../../electron/core/study/study-model';

/**
 * Records with the same key in one file are told apart by their occurrence (1, 2, ...), in file
 * order, whether the file lists each subject's records together or not.
 */
const model = buildStudyModel(loadStudyDefinition());

function table(form: string, header: string[], rows: string[][]): SourceTable {
  return {
    path: `S01/${form}.csv`,
    fileName: `${form}.csv`,
    sheet: null,
    form,
    header,
    headerLine: 1,
    rows: rows.map((cells, i) => ({ line: i + 2, cells })),
    encoding: 'utf-8',
    sha256: '0'.repeat(64),
    bytes: 0,
  };
}

describe('occurrences of a record key', () => {
  it('count repeats of a key in file order, subjects grouped or interleaved', () => {
    const lb = model.formByCode.get('LB')!;
    const header = lb.columns.map((c) => c.name);
    const row = (subject: string, test: string) =>
      header.map((name) =>
        name === 'SUBJID' ? subject : name === 'LBTESTCD' ? test : name === 'LBDAT' ? '2021-03-04' : '',
      );
    const rows = [
      row('S01-001', 'HGB'),
      row('S01-002', 'HGB'),
      row('S01-001', 'HGB'),
      row('S01-001', 'PLT'),
      row('S01-002', 'HGB'),
      row('S01-001', 'HGB'),
      row('S01-003', 'HGB'),
    ];
    const { records } = standardiseTable(model, table('LB', header, rows));
    expect(records.map((r) => [r.subjectId, r.occurrence])).toEqual([
      ['S01-001', 1],
      ['S01-002', 1],
      ['S01-001', 2],
      ['S01-001', 1],
      ['S01-002', 2],
      ['S01-001', 3],
      ['S01-003', 1],
    ]);
    expect(new Set(records.map((r) => r.recordKey)).size).toBe(4);
  });
});
