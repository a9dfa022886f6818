import { describe, expect, it } from 'vitest';
import { C1D1, plusDays, pomKey, pomRow } from '../helpers/dose-rows';
import { cleanSubject, S1, S2, S3, subjects, withPeriods } from '../helpers/dose-subjects';
import { findings, relatedOf, studyWith } from '../helpers/dose-fixtures';

/**
 * The dose checks on the cycle calendar (edit-checks.md): pomalidomide taken on a rest day, after
 * CnD1 + 20 days (DOSE-03), and a cycle started less than 28 days after the one before (DOSE-04).
 * Each fires and does not fire at its boundaries, partial dates included.
 */
describe('DOSE-03 pomalidomide on a rest day', () => {
  it('fires for a period ending on cycle day 22, not day 21', async () => {
    const api = studyWith(
      subjects(
        withPeriods(S1, [pomRow(S1, 1, { EXENDAT: plusDays(C1D1, 21) }), pomRow(S1, 2)]),
        // Cycle 2 interrupted: its second period ends on day 22 of cycle 2; CnD1 comes from the first.
        withPeriods(S2, [
          pomRow(S2, 1),
          pomRow(S2, 2, { EXENDAT: plusDays(C1D1, 35) }),
          pomRow(S2, 3, {
            CYCLE: '2',
            EXSTDAT: plusDays(C1D1, 40),
            EXENDAT: plusDays(C1D1, 28 + 21),
            EXDOSE: '3',
          }),
        ]),
        cleanSubject(S3),
      ),
    );
    const found = await findings(api, ['DOSE-03']);
    expect([...found.keys()].sort()).toEqual([pomKey(S1, 1), pomKey(S2, 3)]);
    const d = found.get(pomKey(S1, 1))!;
    expect(d).toMatchObject({
      checkId: 'DOSE-03',
      form: 'EX',
      field: 'EXENDAT',
      value: '2018-01-31',
      severity: 'major',
    });
    expect(d.message).toContain('ends 2018-01-31');
    expect(d.message).toContain('C1D1 2018-01-10 + 20 days = 2018-01-30');
    expect(d.message).toContain('cycle days 22-28 are rest days');
    expect(await relatedOf(api, found.get(pomKey(S2, 3))!)).toEqual([
      { form: 'EX', recordKey: pomKey(S2, 2) },
    ]);
  });

  it('fires for a partial EXENDAT only when every day it may stand for is a rest day', async () => {
    const api = studyWith(
      subjects(
        withPeriods(S1, [pomRow(S1, 1, { EXENDAT: '2018-02' })]),
        withPeriods(S2, [pomRow(S2, 1, { EXENDAT: '2018-01' })]),
      ),
    );
    const found = await findings(api, ['DOSE-03']);
    expect([...found.keys()]).toEqual([pomKey(S1, 1)]);
    expect(found.get(pomKey(S1, 1))).toMatchObject({ value: '2018-02' });
  });
});

describe('DOSE-04 cycle started early', () => {
  it('fires when CnD1 - C(n-1)D1 is 27 days, not 28', async () => {
    const api = studyWith(
      subjects(
        withPeriods(S1, [
          pomRow(S1, 1),
          pomRow(S1, 2, { EXSTDAT: plusDays(C1D1, 27), EXENDAT: plusDays(C1D1, 47) }),
        ]),
        withPeriods(S2, [pomRow(S2, 1), pomRow(S2, 2), pomRow(S2, 3)]),
      ),
    );
    const found = await findings(api, ['DOSE-04']);
    expect([...found.keys()]).toEqual([pomKey(S1, 2)]);
    const d = found.get(pomKey(S1, 2))!;
    expect(d).toMatchObject({
      checkId: 'DOSE-04',
      form: 'EX',
      field: 'EXSTDAT',
      value: '2018-02-06',
      severity: 'major',
    });
    expect(d.message).toContain('Cycle 2 starts 2018-02-06');
    expect(d.message).toContain('27 days after cycle 1 started (C1D1 2018-01-10)');
    expect(d.message).toContain('28 days');
    expect(await relatedOf(api, d)).toEqual([{ form: 'EX', recordKey: pomKey(S1, 1) }]);
  });

  it('fires for a partial CnD1 only when every day it may stand for is too early', async () => {
    const api = studyWith(
      subjects(
        // January: at most 2018-01-31, 26 days after 2018-01-05.
        withPeriods(S1, [
          pomRow(S1, 1, { EXSTDAT: '2018-01-05', EXENDAT: '2018-01-25' }),
          pomRow(S1, 2, { EXSTDAT: '2018-01', EXENDAT: '2018-02-20' }),
        ]),
        // February: may be 2018-02-07 or later, 28 days after 2018-01-10.
        withPeriods(S2, [pomRow(S2, 1), pomRow(S2, 2, { EXSTDAT: '2018-02' })]),
      ),
    );
    const found = await findings(api, ['DOSE-04']);
    expect([...found.keys()]).toEqual([pomKey(S1, 2)]);
    expect(found.get(pomKey(S1, 2))!.message).toContain('at most 26 days');
  });
});
