import { describe, expect, it } from 'vitest';
import { aeRow, C1D1, plusDays, pomKey, pomRow } from '../helpers/dose-rows';
import { cleanSubject, S1, S2, S3, S4, subjects, withPeriods } from '../helpers/dose-subjects';
import { findings, relatedOf, studyWith } from '../helpers/dose-fixtures';

/**
 * The dose checks on changes of dose level (edit-checks.md): a dose raised again after a reduction
 * (DOSE-05), a reduction without an adverse event or EXADJ to explain it (DOSE-06), and an adverse
 * event whose action says the dose was reduced when no reduced period follows (DOSE-07). Each
 * fires and does not fire at its boundaries (the 56-day windows, partial dates, the cut-off).
 */
describe('DOSE-05 dose re-escalation', () => {
  it('fires for 3 mg -> 4 mg, not 4 -> 3 -> 3, and a repeated record does not hide it', async () => {
    const api = studyWith(
      subjects(
        withPeriods(S1, [
          pomRow(S1, 1),
          pomRow(S1, 2, { EXDOSE: '3' }),
          pomRow(S1, 2, { EXDOSE: '3' }),
          pomRow(S1, 3),
        ]),
        withPeriods(S2, [pomRow(S2, 1), pomRow(S2, 2, { EXDOSE: '3' }), pomRow(S2, 3, { EXDOSE: '3' })]),
      ),
    );
    const found = await findings(api, ['DOSE-05']);
    expect([...found.keys()]).toEqual([pomKey(S1, 3)]);
    const d = found.get(pomKey(S1, 3))!;
    expect(d).toMatchObject({
      checkId: 'DOSE-05',
      form: 'EX',
      field: 'EXDOSE',
      value: '4',
      severity: 'major',
    });
    expect(d.message).toContain('dose 4 mg');
    expect(d.message).toContain("previous period's 3 mg (EXSEQ 2, cycle 2, 2018-02-07 to 2018-02-27)");
    expect(await relatedOf(api, d)).toEqual([{ form: 'EX', recordKey: pomKey(S1, 2) }]);
  });

  it('does not fire when a partial EXSTDAT makes the previous period uncertain', async () => {
    // Period 2 (3 mg, February) may start after period 3 (4 mg, 2018-02-20): the previous period of 3 is uncertain.
    const api = studyWith(
      withPeriods(S1, [
        pomRow(S1, 1),
        pomRow(S1, 2, { EXDOSE: '3', EXSTDAT: '2018-02' }),
        pomRow(S1, 3, { EXSTDAT: '2018-02-20', EXENDAT: '2018-03-05' }),
      ]),
    );
    expect([...(await findings(api, ['DOSE-05'])).keys()]).toEqual([]);
  });
});

describe('DOSE-06 dose reduced without a documented reason', () => {
  const reducedCycle2 = (subject: string, adj = '') => [
    pomRow(subject, 1),
    pomRow(subject, 2, { EXDOSE: '3', EXADJ: adj }),
  ];
  const c2d1 = plusDays(C1D1, 28); // 2018-02-07

  it('fires without an AE of a reducing action in [EXSTDAT - 56, EXSTDAT]', async () => {
    const api = studyWith(
      subjects(
        withPeriods(S1, reducedCycle2(S1)),
        {
          ...withPeriods(S2, reducedCycle2(S2, 'ADVERSE EVENT')),
          AE: [aeRow(S2, 1, { AESTDAT: plusDays(c2d1, -57) }), aeRow(S2, 2, { AESTDAT: plusDays(c2d1, 1) })],
        },
        {
          ...withPeriods(S3, reducedCycle2(S3)),
          AE: [aeRow(S3, 1, { AESTDAT: '2018-01-20', AEACN: 'DOSE NOT CHANGED' })],
        },
      ),
    );
    const found = await findings(api, ['DOSE-06']);
    expect([...found.keys()].sort()).toEqual([pomKey(S1, 2), pomKey(S2, 2), pomKey(S3, 2)]);
    const d = found.get(pomKey(S1, 2))!;
    expect(d).toMatchObject({ checkId: 'DOSE-06', form: 'EX', field: 'EXADJ', value: '', severity: 'major' });
    expect(d.message).toContain('reduced from 4 mg');
    expect(d.message).toContain('to 3 mg (EXSEQ 2, cycle 2, 2018-02-07 to 2018-02-27)');
    expect(d.message).toContain('EXADJ blank');
    expect(d.message).toContain('DOSE REDUCED or DRUG INTERRUPTED');
    expect(d.message).toContain('between 2017-12-13 and 2018-02-07');
    expect(await relatedOf(api, d)).toEqual([{ form: 'EX', recordKey: pomKey(S1, 1) }]);
    expect(found.get(pomKey(S2, 2))).toMatchObject({ value: 'ADVERSE EVENT' });
  });

  it('does not fire with an AE on the window bounds, a partial AE date that may be in it, or EXADJ OTHER', async () => {
    const api = studyWith(
      subjects(
        { ...withPeriods(S1, reducedCycle2(S1)), AE: [aeRow(S1, 1, { AESTDAT: plusDays(c2d1, -56) })] },
        {
          ...withPeriods(S2, reducedCycle2(S2)),
          AE: [aeRow(S2, 1, { AESTDAT: c2d1, AEACN: 'DRUG INTERRUPTED' })],
        },
        { ...withPeriods(S3, reducedCycle2(S3)), AE: [aeRow(S3, 1, { AESTDAT: '2017-12' })] },
        withPeriods(S4, reducedCycle2(S4, 'OTHER')),
      ),
    );
    expect([...(await findings(api, ['DOSE-06'])).keys()]).toEqual([]);
  });
});

describe('DOSE-07 AE says the dose was reduced, but it was not', () => {
  const aeDay = '2018-01-25';

  it('fires when no reduced period starts in [AESTDAT, AESTDAT + 56] once that window has closed', async () => {
    const api = studyWith(
      subjects(
        { ...cleanSubject(S1, { cycles: 3 }), AE: [aeRow(S1, 1, { AESTDAT: aeDay })] },
        // The reduction starts on AESTDAT + 57: one day too late.
        {
          ...withPeriods(S2, [
            pomRow(S2, 1),
            pomRow(S2, 2, { EXSTDAT: plusDays(aeDay, 57), EXENDAT: plusDays(aeDay, 77), EXDOSE: '3' }),
          ]),
          AE: [aeRow(S2, 1, { AESTDAT: aeDay })],
        },
      ),
      { exportDate: plusDays(aeDay, 56) },
    );
    const found = await findings(api, ['DOSE-07']);
    expect([...found.keys()].sort()).toEqual([`${S1}|1`, `${S2}|1`]);
    const d = found.get(`${S1}|1`)!;
    expect(d).toMatchObject({
      checkId: 'DOSE-07',
      form: 'AE',
      field: 'AEACN',
      value: 'DOSE REDUCED',
      severity: 'major',
    });
    expect(d.message).toContain('starting 2018-01-25 has action DOSE REDUCED');
    expect(d.message).toContain('between 2018-01-25 and 2018-03-22');
    expect(d.message).toContain('2018-02-07 4 mg, 2018-03-07 4 mg');
    expect(await relatedOf(api, d)).toEqual([
      { form: 'EX', recordKey: pomKey(S1, 2) },
      { form: 'EX', recordKey: pomKey(S1, 3) },
    ]);
    expect(found.get(`${S2}|1`)!.message).toContain('no period starts then');
  });

  it('does not fire before the window closes, for a reduction on AESTDAT + 56, or a period that may be a reduction', async () => {
    const reducedOn = (subject: string, start: string, extra: Record<string, string> = {}) => [
      pomRow(subject, 1),
      pomRow(subject, 2, { EXSTDAT: start, EXENDAT: plusDays(start, 20), EXDOSE: '3', ...extra }),
    ];
    const forms = subjects(
      { ...withPeriods(S1, reducedOn(S1, plusDays(aeDay, 56))), AE: [aeRow(S1, 1, { AESTDAT: aeDay })] },
      // A partial EXSTDAT (March) may be on or before AESTDAT + 56 = 2018-03-22.
      {
        ...withPeriods(S2, reducedOn(S2, '2018-03', { EXENDAT: '2018-03-28' })),
        AE: [aeRow(S2, 1, { AESTDAT: aeDay })],
      },
      // A dose that could not be read may be lower.
      {
        ...withPeriods(S3, reducedOn(S3, '2018-02-07', { EXDOSE: 'three' })),
        AE: [aeRow(S3, 1, { AESTDAT: aeDay })],
      },
    );
    expect([...(await findings(studyWith(forms, { exportDate: '2018-12-31' }), ['DOSE-07'])).keys()]).toEqual(
      [],
    );
    // Window not closed yet: the cut-off is AESTDAT + 55.
    const early = studyWith(
      { ...cleanSubject(S1, { cycles: 2 }), AE: [aeRow(S1, 1, { AESTDAT: aeDay })] },
      { exportDate: plusDays(aeDay, 55) },
    );
    expect([...(await findings(early, ['DOSE-07'])).keys()]).toEqual([]);
  });
});
