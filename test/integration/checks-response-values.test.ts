import { describe, expect, it } from 'vitest';
import { ctx, none, only, run, studyWith } from '../helpers/response-fixtures';

/**
 * The response checks on the reported response itself (edit-checks.md): a response without
 * M-protein data (RESP-04), CR or sCR without a negative serum immunofixation (RESP-06), a value
 * that is not a response category (RESP-08). Each fires and does not fire at its boundaries.
 */
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
