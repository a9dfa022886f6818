import { describe, expect, it } from 'vitest';
import {
  C1D1,
  ctx,
  cycleDay1,
  none,
  only,
  plus,
  run,
  studyWith,
  type SubjectSpec,
} from '../helpers/response-fixtures';

/**
 * RESP-05 (edit-checks.md): a reported response that disagrees with the serum M-protein, judged
 * from the baseline, the SPEP closest to the assessment and the nadir: the reduction each response
 * needs, progression from the nadir, the choice of SPEP, and when there is nothing to judge.
 */
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
