import { describe, expect, it } from 'vitest';
import {
  C1D1,
  ctx,
  cycleDay1,
  formsOf,
  none,
  only,
  plus,
  run,
  site,
  studyWith,
  type SubjectSpec,
} from '../helpers/response-fixtures';
import { loadRows } from '../helpers/study-builder';

/**
 * The response checks on when tumour assessments are made (edit-checks.md): a cycle without one
 * (RESP-01), the end of treatment without one (RESP-02), a treated subject never assessed (RESP-03),
 * an assessment before the first dose (RESP-07). Each fires and does not fire at its boundaries.
 */
describe('RESP-01 missing cycle assessment', () => {
  const c2 = cycleDay1(2);
  const c3 = cycleDay1(3);

  it('fires per cycle without an RSDAT within ±7 days of CnD1, only once the window has closed', async () => {
    const api = studyWith(
      [
        // 1: cycle 2 assessed on C2D1 + 7 (inside); cycle 3 assessed on C3D1 + 8 (outside) -> cycle 3 fires.
        {
          n: 1,
          cycles: 3,
          rs: [
            [plus(c2, 7), 'SD'],
            [plus(c3, 8), 'SD'],
          ],
        },
        // 2: assessments on C2D1 - 7 and C3D1 - 7: both inside.
        {
          n: 2,
          cycles: 3,
          rs: [
            [plus(c2, -7), 'SD'],
            [plus(c3, -7), 'SD'],
          ],
        },
        // 3: a partial RSDAT that may lie within the window counts (2018-03 for C3D1 2018-03-07).
        {
          n: 3,
          cycles: 3,
          rs: [
            [plus(c2, 0), 'SD'],
            ['2018-03', 'SD'],
          ],
        },
        // 4: a partial RSDAT certainly outside the window does not count (2018-03 for C2D1 2018-02-07).
        { n: 4, cycles: 2, rs: [['2018-03', 'SD']] },
        // 5: cycle 8 is beyond the last checked cycle (7): only cycles 2..7 fire.
        { n: 5, cycles: 8, rs: [2, 3, 4, 5, 6, 7].map((k) => [cycleDay1(k), 'SD'] as [string, string]) },
        // 6: cycle 1 only: nothing to assess yet.
        { n: 6, cycles: 1 },
      ],
      '2018-12-31',
    );
    const hits = await run(api, 'RESP-01');
    const d = only(hits, 1);
    expect(d).toMatchObject({
      checkId: 'RESP-01',
      form: 'RS',
      recordKey: 'S01-001|cycle 3',
      field: 'RSDAT',
      value: null,
      severity: 'major',
    });
    expect(d.message).toContain('cycle 3 day 1 (2018-03-07)');
    expect(d.message).toContain('from 2018-02-28 to 2018-03-14');
    none(hits, 2);
    none(hits, 3);
    expect(only(hits, 4)).toMatchObject({ recordKey: 'S01-004|cycle 2' });
    none(hits, 5);
    none(hits, 6);
    // The related record is the EX period that starts the cycle.
    const detail = await api.call('discrepancies.get', { id: d.id }, ctx);
    expect(detail.related).toEqual([
      expect.objectContaining({ form: 'EX', recordKey: 'S01-001|POMALIDOMIDE|3' }),
    ]);
  });

  it('waits until CnD1 + 7 days is on or before the cut-off', async () => {
    // C2D1 = 2018-02-07: window closes 2018-02-14.
    const early = await run(studyWith([{ n: 1, cycles: 2 }], '2018-02-13'), 'RESP-01');
    none(early, 1);
    const closed = await run(studyWith([{ n: 1, cycles: 2 }], '2018-02-14'), 'RESP-01');
    expect(only(closed, 1).recordKey).toBe('S01-001|cycle 2');
  });

  it('keeps the same discrepancy across re-runs and resolves it when the assessment arrives', async () => {
    const api = studyWith([{ n: 1, cycles: 2 }], '2018-03-31');
    const first = only(await run(api, 'RESP-01'), 1);
    const again = only(await run(api, 'RESP-01'), 1);
    expect(again.id).toBe(first.id);
    loadRows(api, {
      site,
      exportDate: '2018-04-30',
      forms: { RS: formsOf([{ n: 1, rs: [[c2, 'SD']] }]).RS! },
    });
    const result = await api.call('checks.run', { checkIds: ['RESP-01'] }, ctx);
    expect(result.checks[0]).toMatchObject({ found: 0, resolved: 1 });
  });
});

describe('RESP-02 missing end-of-treatment assessment', () => {
  const eot = '2018-03-01'; // window 2018-02-22 .. 2018-04-05

  it('fires without an RSDAT in [EOTDAT - 7, EOTDAT + 35] unless the subject died by EOTDAT + 35', async () => {
    const api = studyWith([
      { n: 1, ds: { EOTDAT: eot } },
      { n: 2, ds: { EOTDAT: eot }, rs: [['2018-04-05', 'PD']] },
      { n: 3, ds: { EOTDAT: eot }, rs: [['2018-02-22', 'SD']] },
      {
        n: 4,
        ds: { EOTDAT: eot },
        rs: [
          ['2018-02-21', 'SD'],
          ['2018-04-06', 'SD'],
        ],
      },
      { n: 5, ds: { EOTDAT: eot, DTHDAT: '2018-04-05' } },
      { n: 6, ds: { EOTDAT: eot, DTHDAT: '2018-04-06' } },
      // a partial death date that may be on or before EOT + 35 days: not certain the subject was alive.
      { n: 7, ds: { EOTDAT: eot, DTHDAT: '2018-04' } },
      // a partial RSDAT that may lie in the window counts.
      { n: 8, ds: { EOTDAT: eot }, rs: [['2018-04', 'SD']] },
      // no end of treatment: nothing to check.
      { n: 9, ds: { LSTCNDAT: '2018-06-01' } },
    ]);
    const hits = await run(api, 'RESP-02');
    const d = only(hits, 1);
    expect(d).toMatchObject({
      checkId: 'RESP-02',
      form: 'RS',
      recordKey: 'S01-001|end of treatment',
      field: 'RSDAT',
      value: null,
    });
    expect(d.message).toContain('(DS.EOTDAT) 2018-03-01');
    expect(d.message).toContain('from 2018-02-22 to 2018-04-05');
    none(hits, 2);
    none(hits, 3);
    expect(only(hits, 4).recordKey).toBe('S01-004|end of treatment');
    none(hits, 5);
    expect(only(hits, 6).message).toContain('death (DS.DTHDAT) only on 2018-04-06');
    none(hits, 7);
    none(hits, 8);
    none(hits, 9);
    const detail = await api.call('discrepancies.get', { id: d.id }, ctx);
    expect(detail.related).toEqual([expect.objectContaining({ form: 'DS', recordKey: 'S01-001' })]);
  });

  it('waits until EOTDAT + 35 days is on or before the cut-off', async () => {
    none(await run(studyWith([{ n: 1, ds: { EOTDAT: eot } }], '2018-04-04'), 'RESP-02'), 1);
    only(await run(studyWith([{ n: 1, ds: { EOTDAT: eot } }], '2018-04-05'), 'RESP-02'), 1);
  });
});

describe('RESP-03 treated but never assessed', () => {
  it('fires when C1D1 is 35 days before the cut-off and no RSDAT is after C1D1', async () => {
    const subjects: SubjectSpec[] = [
      { n: 1 },
      // an assessment on C1D1 itself is not after it.
      { n: 2, rs: [[C1D1, 'NE']] },
      // one day after C1D1 is.
      { n: 3, rs: [[plus(C1D1, 1), 'SD']] },
      // a partial RSDAT that may be after C1D1 (2018-01) counts.
      { n: 4, rs: [['2018-01', 'SD']] },
      // never treated.
      { n: 5, c1d1: null },
    ];
    const hits = await run(studyWith(subjects, '2018-02-14'), 'RESP-03'); // C1D1 + 35
    const d = only(hits, 1);
    expect(d).toMatchObject({
      checkId: 'RESP-03',
      form: 'RS',
      recordKey: 'S01-001|after first dose',
      field: 'RSDAT',
      value: null,
    });
    expect(d.message).toContain('Treated since 2018-01-10');
    expect(d.message).toContain('cut-off 2018-02-14');
    only(hits, 2);
    none(hits, 3);
    none(hits, 4);
    none(hits, 5);
  });

  it('does not fire before C1D1 + 35 days', async () => {
    none(await run(studyWith([{ n: 1 }], '2018-02-13'), 'RESP-03'), 1);
  });

  it('takes an assessment whose date could not be read as one that may be after C1D1, like RESP-01 and RESP-02', async () => {
    // 2018-02-30 does not exist: DATA-01 reports it; the assessment may well be the cycle 2 one.
    const api = studyWith(
      [
        { n: 1, cycles: 2, rs: [['2018-02-30', 'SD']] },
        { n: 2, cycles: 2 },
      ],
      '2018-06-30',
    );
    none(await run(api, 'RESP-03'), 1);
    none(await run(api, 'RESP-01'), 1);
    only(await run(api, 'RESP-03'), 2);
  });
});
describe('RESP-07 assessment before the first dose', () => {
  it('fires where RSDAT is certainly before C1D1', async () => {
    const hits = await run(
      studyWith([
        { n: 1, rs: [['2018-01-09', 'NE']] },
        { n: 2, rs: [[C1D1, 'NE']] },
        // 2018-01 may be on or after 2018-01-10: not certain.
        { n: 3, rs: [['2018-01', 'SD']] },
        // 2017-12 is certainly before.
        { n: 4, rs: [['2017-12', 'SD']] },
        // never treated: no C1D1 to compare with.
        { n: 5, c1d1: null, rs: [['2018-01-09', 'SD']] },
      ]),
      'RESP-07',
    );
    const d = only(hits, 1);
    expect(d).toMatchObject({
      checkId: 'RESP-07',
      form: 'RS',
      recordKey: 'S01-001|2018-01-09',
      field: 'RSDAT',
      value: '2018-01-09',
    });
    expect(d.message).toBe(
      'Assessment dated 2018-01-09 is before the first dose (cycle 1 day 1, 2018-01-10)',
    );
    none(hits, 2);
    none(hits, 3);
    expect(only(hits, 4)).toMatchObject({ recordKey: 'S01-004|2017-12', value: '2017-12' });
    none(hits, 5);
  });
});
