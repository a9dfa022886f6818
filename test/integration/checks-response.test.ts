import { describe, expect, it } from 'vitest';
import type { StudyApi } from '../../electron/core/api/study-api';
import { CATALOG } from '../../electron/core/checks/catalog';
import { checkParams, commonParams } from '../../electron/core/checks/check-params';
import { derivedFactsSql } from '../../electron/core/checks/derived-facts';
import { checkSql } from '../../electron/core/checks/catalog/check-definition';
import { SQLITE_DIALECT } from '../../electron/core/db/sql-dialect';
import { runStatements } from '../../electron/core/db/check-runs-repo';
import type { Discrepancy } from '../../shared/api/discrepancies';
import { dmRow, loadRows, newStudy, testContext, type RawRows } from '../helpers/study-builder';
import { connectionOf } from '../../electron/core/db/connection';

// ---------------------------------------------------------------------------------------------
// A small clean-subject factory for the response checks: pomalidomide cycles every 28 days from
// C1D1 (2018-01-10 unless said otherwise), plus whatever RS, LB and DS rows a case needs.
// ---------------------------------------------------------------------------------------------

const site = 'S01';
const ctx = testContext();
const C1D1 = '2018-01-10';

/** ISO date + n days. */
function plus(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Cycle n day 1 of a subject whose cycles are 28 days apart. */
const cycleDay1 = (n: number, c1d1 = C1D1) => plus(c1d1, 28 * (n - 1));

const UNITS: Record<string, string> = {
  SPEP: 'g/dL',
  UPEP: 'mg/24h',
  KAPPA: 'mg/L',
  LAMBDA: 'mg/L',
  SIFE: '',
};

interface SubjectSpec {
  /** Subject number within the site: 1 -> S01-001. */
  n: number;
  c1d1?: string | null;
  cycles?: number;
  rs?: [date: string, response: string][];
  lb?: [test: string, date: string, result: string, unit?: string][];
  ds?: Record<string, string>;
}

const subjectId = (n: number) => `${site}-${String(n).padStart(3, '0')}`;

function formsOf(subjects: SubjectSpec[]): Record<string, RawRows> {
  const forms: Record<string, RawRows> = { DM: [], EX: [], RS: [], LB: [], DS: [] };
  for (const s of subjects) {
    const id = subjectId(s.n);
    forms.DM!.push(dmRow(id, site));
    const c1d1 = s.c1d1 === undefined ? C1D1 : s.c1d1;
    if (c1d1 !== null) {
      for (let cycle = 1; cycle <= (s.cycles ?? 1); cycle++) {
        const start = cycleDay1(cycle, c1d1);
        forms.EX!.push({
          SUBJID: id,
          EXSEQ: String(cycle),
          EXTRT: 'POMALIDOMIDE',
          CYCLE: String(cycle),
          EXSTDAT: start,
          EXENDAT: plus(start, 20),
          EXDOSE: '4',
          EXADJ: '',
        });
      }
    }
    for (const [date, response] of s.rs ?? [])
      forms.RS!.push({ SUBJID: id, RSDAT: date, VISIT: '', RSORRES: response, RSNDREAS: '' });
    for (const [test, date, result, unit] of s.lb ?? []) {
      forms.LB!.push({
        SUBJID: id,
        LBTESTCD: test,
        LBDAT: date,
        LBORRES: result,
        LBORRESU: unit ?? UNITS[test] ?? '',
      });
    }
    if (s.ds) forms.DS!.push({ SUBJID: id, EOTDAT: '', EOTREAS: '', DTHDAT: '', LSTCNDAT: '', ...s.ds });
  }
  // A form without rows is not in the export (an empty file would have no header).
  return Object.fromEntries(Object.entries(forms).filter(([, rows]) => rows.length > 0));
}

/** A study with these subjects in one export of site S01 (the export date is the cut-off). */
function studyWith(subjects: SubjectSpec[], exportDate = '2018-12-31'): StudyApi {
  const { api } = newStudy();
  loadRows(api, { site, exportDate, forms: formsOf(subjects) });
  return api;
}

/** Runs one check; its open discrepancies by subject. */
async function run(api: StudyApi, checkId: string): Promise<Map<string, Discrepancy[]>> {
  const result = await api.call('checks.run', { checkIds: [checkId] }, ctx);
  expect(result.errors).toEqual([]);
  const list = await api.call(
    'discrepancies.list',
    { checkId: [checkId], status: ['OPEN'], limit: 1000 },
    ctx,
  );
  const bySubject = new Map<string, Discrepancy[]>();
  for (const d of list.rows) bySubject.set(d.subjectId, [...(bySubject.get(d.subjectId) ?? []), d]);
  return bySubject;
}

/** The only discrepancy of a subject (fails if there is none or more than one). */
function only(hits: Map<string, Discrepancy[]>, n: number): Discrepancy {
  const list = hits.get(subjectId(n)) ?? [];
  expect(list, `discrepancies of ${subjectId(n)}`).toHaveLength(1);
  return list[0]!;
}

function none(hits: Map<string, Discrepancy[]>, n: number): void {
  expect(hits.get(subjectId(n)) ?? [], `discrepancies of ${subjectId(n)}`).toEqual([]);
}

// ---------------------------------------------------------------------------------------------

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

describe('RESP-04 response without M-protein data', () => {
  const rsdat = '2018-03-07'; // window 2018-02-21 .. 2018-03-21

  it('fires for a response with no SPEP, UPEP, KAPPA or LAMBDA result within ±14 days', async () => {
    const hits = await run(
      studyWith([
        { n: 1, rs: [[rsdat, 'PR']], lb: [['SPEP', '2018-03-22', '1']] },
        { n: 2, rs: [[rsdat, 'PR']], lb: [['SPEP', '2018-03-21', '1']] },
        { n: 3, rs: [[rsdat, 'VGPR']], lb: [['KAPPA', '2018-02-21', '12']] },
        // SD and NE are not in the list of responses that need M-protein data.
        { n: 4, rs: [[rsdat, 'SD']] },
        // an SPEP result that could not be used (no unit) is no data.
        { n: 5, rs: [[rsdat, 'PD']], lb: [['SPEP', rsdat, '1.5', '']] },
        // a partial lab date that may lie in the window counts.
        { n: 6, rs: [[rsdat, 'MR']], lb: [['UPEP', '2018-03', '200']] },
        // a test that is not M-protein data does not count.
        { n: 7, rs: [[rsdat, 'CR']], lb: [['HGB', rsdat, '12']] },
      ]),
      'RESP-04',
    );
    const d = only(hits, 1);
    expect(d).toMatchObject({
      checkId: 'RESP-04',
      form: 'RS',
      recordKey: 'S01-001|2018-03-07',
      field: 'RSORRES',
      value: 'PR',
    });
    expect(d.message).toBe(
      'Response PR on 2018-03-07 has no SPEP, UPEP, KAPPA, LAMBDA result from 2018-02-21 to 2018-03-21',
    );
    none(hits, 2);
    none(hits, 3);
    none(hits, 4);
    expect(only(hits, 5).value).toBe('PD');
    none(hits, 6);
    expect(only(hits, 7).value).toBe('CR');
  });

  it('waits until RSDAT + 14 days is on or before the cut-off', async () => {
    none(await run(studyWith([{ n: 1, rs: [[rsdat, 'PR']] }], '2018-03-20'), 'RESP-04'), 1);
    only(await run(studyWith([{ n: 1, rs: [[rsdat, 'PR']] }], '2018-03-21'), 'RESP-04'), 1);
  });
});

describe('RESP-05 reported response disagrees with serum M-protein', () => {
  // Baseline SPEP 2 g/dL five days before C1D1 (2018-01-10); assessments at C2D1 / C3D1.
  const baseline: [string, string, string] = ['SPEP', '2018-01-05', '2'];
  const c2 = cycleDay1(2); // 2018-02-07
  const c3 = cycleDay1(3); // 2018-03-07
  /** One assessment at C2D1 with an SPEP on the same day. */
  const atC2 = (n: number, response: string, spep: string): SubjectSpec => ({
    n,
    cycles: 2,
    rs: [[c2, response]],
    lb: [baseline, ['SPEP', c2, spep]],
  });

  it('checks the reduction needed by sCR/CR/VGPR, PR and MR, boundaries included', async () => {
    const api = studyWith([
      atC2(1, 'PR', '1.1'), // r = 0.45 < 0.50
      atC2(2, 'PR', '1'), // r = 0.50: PR
      atC2(3, 'VGPR', '0.3'), // r = 0.85 < 0.90
      atC2(4, 'VGPR', '0.2'), // r = 0.90: VGPR
      atC2(5, 'CR', '0.3'), // CR needs VGPR's reduction too
      atC2(6, 'sCR', '0.2'),
      atC2(7, 'MR', '1.6'), // r = 0.20 < 0.25
      atC2(8, 'MR', '1.5'), // r = 0.25: MR
      atC2(9, 'SD', '1.9'), // SD: no reduction rule
      { n: 10, cycles: 2, rs: [[c2, 'PR']], lb: [baseline, ['SPEP', c2, '11', 'g/L']] }, // 11 g/L = 1.1 g/dL: r = 0.45
    ]);
    const hits = await run(api, 'RESP-05');
    const pr = only(hits, 1);
    expect(pr).toMatchObject({
      checkId: 'RESP-05',
      form: 'RS',
      recordKey: 'S01-001|2018-02-07',
      field: 'RSORRES',
      value: 'PR',
      severity: 'critical',
    });
    expect(pr.message).toBe(
      'Response PR on 2018-02-07 disagrees with serum M-protein: PR needs a reduction of at least 50% ' +
        '(baseline 2 g/dL on 2018-01-05; SPEP 1.1 g/dL on 2018-02-07, reduction 45%; nadir 2 g/dL on 2018-01-05)',
    );
    none(hits, 2);
    expect(only(hits, 3).message).toContain(
      'VGPR needs a reduction of at least 90% (baseline 2 g/dL on 2018-01-05; SPEP 0.3 g/dL on 2018-02-07, reduction 85%',
    );
    none(hits, 4);
    expect(only(hits, 5).message).toContain('CR needs a reduction of at least 90%');
    none(hits, 6);
    expect(only(hits, 7).message).toContain('MR needs a reduction of at least 25%');
    expect(only(hits, 7).message).toContain('reduction 20%');
    none(hits, 8);
    none(hits, 9);
    expect(only(hits, 10).message).toContain('SPEP 1.1 g/dL on 2018-02-07, reduction 45%');
    // related: the baseline, the SPEP compared and the nadir.
    const detail = await api.call('discrepancies.get', { id: pr.id }, ctx);
    expect(detail.related.map((r) => r.recordKey)).toEqual([
      'S01-001|SPEP|2018-01-05',
      'S01-001|SPEP|2018-02-07',
      'S01-001|SPEP|2018-01-05',
    ]);
  });

  it('finds progression from the nadir (>= 0.5 g/dL and >= 1.25 x nadir) and compares it with PD', async () => {
    // Nadir 1.2 g/dL at C2D1 (MR, r = 0.40), then the C3D1 value.
    const twoVisits = (n: number, response: string, spep: string, base = baseline): SubjectSpec => ({
      n,
      cycles: 3,
      rs: [
        [c2, 'MR'],
        [c3, response],
      ],
      lb: [base, ['SPEP', c2, '1.2'], ['SPEP', c3, spep]],
    });
    const hits = await run(
      studyWith([
        twoVisits(1, 'SD', '1.7'), // +0.5 and 1.7 >= 1.5: progression, not reported as PD
        twoVisits(2, 'PD', '1.7'), // agrees
        twoVisits(3, 'SD', '1.69'), // +0.49: no progression
        twoVisits(4, 'PD', '1.69'), // PD without progression
        twoVisits(5, 'NE', '1.8'), // progression but not PD
        // Baseline 3 is the nadir; 3.6 is +0.6 but < 1.25 x 3 = 3.75: no progression.
        {
          n: 6,
          cycles: 2,
          rs: [[c2, 'PD']],
          lb: [
            ['SPEP', '2018-01-05', '3'],
            ['SPEP', c2, '3.6'],
          ],
        },
        {
          n: 7,
          cycles: 2,
          rs: [[c2, 'SD']],
          lb: [
            ['SPEP', '2018-01-05', '3'],
            ['SPEP', c2, '3.6'],
          ],
        },
        // Baseline 2 is the nadir; 2.5 is +0.5 and 1.25 x 2: progression.
        { n: 8, cycles: 2, rs: [[c2, 'SD']], lb: [baseline, ['SPEP', c2, '2.5']] },
        // An SPEP before the baseline (1.0) is not a nadir: from the baseline 2, 2.4 is no progression.
        {
          n: 9,
          cycles: 2,
          rs: [[c2, 'SD']],
          lb: [['SPEP', plus(C1D1, -20), '1'], baseline, ['SPEP', c2, '2.4']],
        },
        // Nor is an SPEP after the current one (0.8, 20 days after C3D1): 1.69 from the nadir 1.2 is no progression.
        {
          ...twoVisits(10, 'SD', '1.69'),
          lb: [baseline, ['SPEP', c2, '1.2'], ['SPEP', c3, '1.69'], ['SPEP', plus(c3, 20), '0.8']],
        },
      ]),
      'RESP-05',
    );
    const sd = only(hits, 1);
    expect(sd).toMatchObject({ recordKey: 'S01-001|2018-03-07', field: 'RSORRES', value: 'SD' });
    expect(sd.message).toBe(
      'Response SD on 2018-03-07 disagrees with serum M-protein: the M-protein shows progression (0.5 g/dL above the nadir; ' +
        'progression is an increase of at least 0.5 g/dL to at least 1.25 x the nadir) but the response is not PD ' +
        '(baseline 2 g/dL on 2018-01-05; SPEP 1.7 g/dL on 2018-03-07, reduction 15%; nadir 1.2 g/dL on 2018-02-07)',
    );
    none(hits, 2);
    none(hits, 3);
    const pd = only(hits, 4);
    expect(pd.value).toBe('PD');
    expect(pd.message).toContain('the response is PD but the M-protein does not show progression');
    expect(pd.message).toContain(
      'SPEP 1.69 g/dL on 2018-03-07, reduction 15.5%; nadir 1.2 g/dL on 2018-02-07',
    );
    expect(only(hits, 5).value).toBe('NE');
    const relative = only(hits, 6);
    expect(relative.message).toContain('the response is PD but the M-protein does not show progression');
    expect(relative.message).toContain(
      'SPEP 3.6 g/dL on 2018-02-07, increase 20%; nadir 3 g/dL on 2018-01-05',
    );
    none(hits, 7);
    expect(only(hits, 8).message).toContain('the M-protein shows progression (0.5 g/dL above the nadir');
    none(hits, 9);
    none(hits, 10);
  });

  it('takes the SPEP closest to RSDAT within ±14 days, the earlier on a tie', async () => {
    const rsdat = '2018-02-10';
    const hits = await run(
      studyWith([
        // tie at -3 / +3: the earlier (1.0, PR) is used -> agrees.
        {
          n: 1,
          cycles: 2,
          rs: [[rsdat, 'PR']],
          lb: [baseline, ['SPEP', plus(rsdat, -3), '1'], ['SPEP', plus(rsdat, 3), '1.5']],
        },
        // tie the other way round: the earlier (1.5) is used -> PR disagrees.
        {
          n: 2,
          cycles: 2,
          rs: [[rsdat, 'PR']],
          lb: [baseline, ['SPEP', plus(rsdat, -3), '1.5'], ['SPEP', plus(rsdat, 3), '1']],
        },
        // the closest (+2) wins over a farther one (-5).
        {
          n: 3,
          cycles: 2,
          rs: [[rsdat, 'PR']],
          lb: [baseline, ['SPEP', plus(rsdat, -5), '1'], ['SPEP', plus(rsdat, 2), '1.5']],
        },
        // only SPEP at +14: inside the window -> evaluated.
        { n: 4, cycles: 2, rs: [[rsdat, 'PR']], lb: [baseline, ['SPEP', plus(rsdat, 14), '1.5']] },
        // only SPEP at +15 or -15: outside -> not evaluated.
        {
          n: 5,
          cycles: 2,
          rs: [[rsdat, 'PR']],
          lb: [baseline, ['SPEP', plus(rsdat, 15), '1.5'], ['SPEP', plus(rsdat, -15), '1.5']],
        },
        // only SPEP at -14: inside.
        { n: 6, cycles: 2, rs: [[rsdat, 'PR']], lb: [baseline, ['SPEP', plus(rsdat, -14), '1.5']] },
      ]),
      'RESP-05',
    );
    none(hits, 1);
    expect(only(hits, 2).message).toContain('SPEP 1.5 g/dL on 2018-02-07');
    expect(only(hits, 3).message).toContain('SPEP 1.5 g/dL on 2018-02-12');
    expect(only(hits, 4).message).toContain('SPEP 1.5 g/dL on 2018-02-24');
    none(hits, 5);
    expect(only(hits, 6).message).toContain('SPEP 1.5 g/dL on 2018-01-27');
  });

  it('needs a measurable baseline no older than 30 days, and an assessment on or after C1D1', async () => {
    const api = studyWith([
      // no SPEP before C1D1: no baseline.
      { n: 1, cycles: 2, rs: [[c2, 'PR']], lb: [['SPEP', c2, '1.9']] },
      // the last SPEP before C1D1 is 31 days old: no baseline.
      {
        n: 2,
        cycles: 2,
        rs: [[c2, 'PR']],
        lb: [
          ['SPEP', plus(C1D1, -31), '2'],
          ['SPEP', c2, '1.9'],
        ],
      },
      // 30 days old: a baseline.
      {
        n: 3,
        cycles: 2,
        rs: [[c2, 'PR']],
        lb: [
          ['SPEP', plus(C1D1, -30), '2'],
          ['SPEP', c2, '1.9'],
        ],
      },
      // baseline 0.4 g/dL: not measurable.
      {
        n: 4,
        cycles: 2,
        rs: [[c2, 'PR']],
        lb: [
          ['SPEP', '2018-01-05', '0.4'],
          ['SPEP', c2, '0.39'],
        ],
      },
      // baseline 0.5 g/dL: measurable.
      {
        n: 5,
        cycles: 2,
        rs: [[c2, 'PR']],
        lb: [
          ['SPEP', '2018-01-05', '0.5'],
          ['SPEP', c2, '0.4'],
        ],
      },
      // an assessment before C1D1 is not evaluated (RESP-07 reports it).
      { n: 6, cycles: 2, rs: [[plus(C1D1, -1), 'PR']], lb: [baseline] },
      // an assessment with a partial RSDAT is not evaluated: the SPEP closest to it is uncertain.
      { n: 7, cycles: 2, rs: [['2018-02', 'PR']], lb: [baseline, ['SPEP', c2, '1.9']] },
      // on C1D1 + 3 the only SPEP is the baseline itself: r = 0, and there is no nadir before it.
      { n: 8, cycles: 2, rs: [[plus(C1D1, 3), 'PR']], lb: [baseline] },
      // a partial SPEP date between the baseline and the window: the closest value is uncertain.
      {
        n: 9,
        cycles: 2,
        rs: [[c2, 'PR']],
        lb: [baseline, ['SPEP', '2018-01', '1.9'], ['SPEP', c2, '1.9']],
      },
      // no RSORRES (not done): nothing to compare.
      { n: 10, cycles: 2, lb: [baseline, ['SPEP', c2, '1.9']] },
    ]);
    const hits = await run(api, 'RESP-05');
    none(hits, 1);
    none(hits, 2);
    expect(only(hits, 3).message).toContain(
      '(baseline 2 g/dL on 2017-12-11; SPEP 1.9 g/dL on 2018-02-07, reduction 5%',
    );
    none(hits, 4);
    expect(only(hits, 5).message).toContain(
      '(baseline 0.5 g/dL on 2018-01-05; SPEP 0.4 g/dL on 2018-02-07, reduction 20%',
    );
    none(hits, 6);
    none(hits, 7);
    expect(only(hits, 8).message).toBe(
      'Response PR on 2018-01-13 disagrees with serum M-protein: PR needs a reduction of at least 50% ' +
        '(baseline 2 g/dL on 2018-01-05; SPEP 2 g/dL on 2018-01-05, reduction 0%; no earlier SPEP since the baseline)',
    );
    const detail = await api.call('discrepancies.get', { id: only(hits, 8).id }, ctx);
    expect(detail.related.map((r) => r.recordKey)).toEqual([
      'S01-008|SPEP|2018-01-05',
      'S01-008|SPEP|2018-01-05',
    ]);
    none(hits, 9);
    none(hits, 10);
  });
});

describe('RESP-06 CR or sCR without negative serum immunofixation', () => {
  const rsdat = '2018-05-01'; // window 2018-04-01 .. 2018-05-31

  it('fires for CR/sCR without SIFE = NEGATIVE within ±30 days', async () => {
    const api = studyWith([
      { n: 1, rs: [[rsdat, 'CR']], lb: [['SIFE', '2018-06-01', 'NEGATIVE']] },
      { n: 2, rs: [[rsdat, 'CR']], lb: [['SIFE', '2018-05-31', 'NEGATIVE']] },
      { n: 3, rs: [[rsdat, 'sCR']], lb: [['SIFE', '2018-04-01', 'negative']] },
      { n: 4, rs: [[rsdat, 'sCR']], lb: [['SIFE', '2018-04-20', 'POSITIVE']] },
      // a partial SIFE date that may lie in the window counts.
      {
        n: 5,
        rs: [[rsdat, 'CR']],
        lb: [
          ['SIFE', '2018-03', 'NEGATIVE'],
          ['SIFE', '2018-05', 'NEGATIVE'],
        ],
      },
      // VGPR needs no immunofixation.
      { n: 6, rs: [[rsdat, 'VGPR']] },
      // a negative urine immunofixation is not a serum one.
      { n: 7, rs: [[rsdat, 'CR']], lb: [['UIFE', rsdat, 'NEGATIVE']] },
    ]);
    const hits = await run(api, 'RESP-06');
    const d = only(hits, 1);
    expect(d).toMatchObject({
      checkId: 'RESP-06',
      form: 'RS',
      recordKey: 'S01-001|2018-05-01',
      field: 'RSORRES',
      value: 'CR',
    });
    expect(d.message).toBe('Response CR on 2018-05-01 without SIFE = NEGATIVE from 2018-04-01 to 2018-05-31');
    none(hits, 2);
    none(hits, 3);
    const positive = only(hits, 4);
    expect(positive.message).toBe(
      'Response sCR on 2018-05-01 without SIFE = NEGATIVE from 2018-04-01 to 2018-05-31 (SIFE found: POSITIVE on 2018-04-20)',
    );
    const detail = await api.call('discrepancies.get', { id: positive.id }, ctx);
    expect(detail.related).toEqual([
      expect.objectContaining({ form: 'LB', recordKey: 'S01-004|SIFE|2018-04-20' }),
    ]);
    none(hits, 5);
    none(hits, 6);
    only(hits, 7);
  });

  it('waits until RSDAT + 30 days is on or before the cut-off', async () => {
    none(await run(studyWith([{ n: 1, rs: [[rsdat, 'CR']] }], '2018-05-30'), 'RESP-06'), 1);
    only(await run(studyWith([{ n: 1, rs: [[rsdat, 'CR']] }], '2018-05-31'), 'RESP-06'), 1);
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

describe('RESP-08 unknown response value', () => {
  it('fires for an RSORRES that is not a category or a synonym', async () => {
    const api = studyWith([
      { n: 1, rs: [['2018-02-07', 'PRR']] },
      { n: 2, rs: [['2018-02-07', 'partial response']] },
      { n: 3, rs: [['2018-02-07', 'stringent cr']] },
      { n: 4, rs: [['2018-02-07', '']] },
    ]);
    const hits = await run(api, 'RESP-08');
    const d = only(hits, 1);
    expect(d).toMatchObject({
      checkId: 'RESP-08',
      form: 'RS',
      recordKey: 'S01-001|2018-02-07',
      field: 'RSORRES',
      value: 'PRR',
      severity: 'major',
    });
    expect(d.message).toBe(
      'RSORRES "PRR" is not an allowed value; use one of sCR, CR, VGPR, PR, MR, SD, PD, NE (or a synonym such as STRINGENT CR)',
    );
    none(hits, 2);
    none(hits, 3);
    none(hits, 4);
  });
});

describe('response checks: query plans', () => {
  it('scan only their driving table; every correlated subquery searches an index', () => {
    const { api } = newStudy();
    loadRows(api, {
      site,
      exportDate: '2018-12-31',
      forms: formsOf([{ n: 1, cycles: 2, rs: [['2018-02-07', 'PR']], lb: [['SPEP', '2018-01-05', '2']] }]),
    });
    const database = api.database;
    const model = database.model;
    runStatements(database, derivedFactsSql(SQLITE_DIALECT), {
      ...commonParams(model),
      ...checkParams(model, { id: 'RESP-05', params: ['spepTest', 'baselineMaxAgeDays'] }),
    });
    for (const check of CATALOG.filter((c) => c.id.startsWith('RESP-'))) {
      const sql = checkSql(check, model, SQLITE_DIALECT);
      const params = { ...commonParams(model), ...checkParams(model, check) };
      const statement = connectionOf(database).prepare(`EXPLAIN QUERY PLAN ${sql}`);
      const plan = (sql.includes('@') ? statement.all(params) : statement.all()) as {
        id: number;
        parent: number;
        detail: string;
      }[];
      const byId = new Map(plan.map((p) => [p.id, p]));
      const underCorrelated = (p: { parent: number }): boolean => {
        for (let up = byId.get(p.parent); up; up = byId.get(up.parent))
          if (up.detail.startsWith('CORRELATED')) return true;
        return false;
      };
      const scans = plan.filter(
        (p) => p.detail.startsWith('SCAN ') && !/json_each|VIRTUAL TABLE/.test(p.detail),
      );
      const text = plan.map((p) => p.detail).join('; ');
      expect(scans.filter(underCorrelated), `${check.id}: ${text}`).toEqual([]);
      const formScans = scans.filter((p) => /form_/.test(p.detail));
      if (check.id === 'RESP-08') {
        // One branch a form, each reading only the records with issues (a partial index).
        expect(
          formScans.every((p) => /USING INDEX form_\w+_with_issues/.test(p.detail)),
          `${check.id}: ${text}`,
        ).toBe(true);
      } else {
        expect(formScans.length, `${check.id}: ${text}`).toBeLessThanOrEqual(1);
      }
    }
  });
});
