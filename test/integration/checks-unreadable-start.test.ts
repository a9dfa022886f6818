import { describe, expect, it } from 'vitest';
import { aeRow, C1D1, plusDays, pomKey, pomRow } from '../helpers/dose-rows';
import { S1, S2, S3, subjects, withPeriods } from '../helpers/dose-subjects';
import { findings, studyWith } from '../helpers/dose-fixtures';

/**
 * edit-checks.md, terms: "A pomalidomide period with an unreadable EXSTDAT may be any period of its
 * subject: a finding that depends on the first period, the previous period or the CnD1 of its cycle
 * is raised only if it holds wherever that period lies." The period stays in the course (it is not
 * dropped, which compared its neighbours with the wrong period); each case below would fire (or
 * not) the other way if it were dropped.
 */
/** A period of cycle `cycle` whose start date cannot be read (DATA-01 reports it). */
const unreadableStart = (subject: string, seq: number, cycle: number, dose = '4') =>
  pomRow(subject, cycle, { EXSEQ: String(seq), EXSTDAT: '2018-02-30', EXENDAT: '', EXDOSE: dose });
const keysOf = async (checks: string[], forms: Parameters<typeof studyWith>[0]) =>
  [...(await findings(studyWith(forms), checks)).keys()].sort();

describe('a pomalidomide period whose EXSTDAT cannot be read may lie anywhere', () => {
  it('DOSE-02: it may be the first period; alone, it is the first wherever it lies', async () => {
    expect(
      await keysOf(
        ['DOSE-02'],
        subjects(
          // 3 mg on the first readable date, but the 4 mg period may have come first.
          withPeriods(S1, [pomRow(S1, 1, { EXDOSE: '3' }), unreadableStart(S1, 9, 2)]),
          // The only period: 3 mg is the starting dose wherever it lies.
          withPeriods(S2, [unreadableStart(S2, 1, 1, '3')]),
          // Both periods at 3 mg: which one is first is uncertain, so no record to point at.
          withPeriods(S3, [pomRow(S3, 1, { EXDOSE: '3' }), unreadableStart(S3, 9, 2, '3')]),
        ),
      ),
    ).toEqual([pomKey(S2, 1)]);
  });

  it('DOSE-04: its cycle may start any day up to its earliest readable start', async () => {
    expect(
      await keysOf(
        ['DOSE-04'],
        subjects(
          // Cycle 2 on day 28 but another cycle-2 period may start earlier: not certain, no hit.
          withPeriods(S1, [pomRow(S1, 1), pomRow(S1, 2), unreadableStart(S1, 9, 2)]),
          // Cycle 2 on day 27: early whichever cycle-2 period starts it.
          withPeriods(S2, [
            pomRow(S2, 1),
            pomRow(S2, 2, { EXSTDAT: plusDays(C1D1, 27), EXENDAT: plusDays(C1D1, 47) }),
            unreadableStart(S2, 9, 2),
          ]),
          // Cycle 1 may have started long before: cycle 2 on day 27 of the readable C1D1 is not certainly early.
          withPeriods(S3, [
            pomRow(S3, 1),
            unreadableStart(S3, 9, 1),
            pomRow(S3, 2, { EXSTDAT: plusDays(C1D1, 27), EXENDAT: plusDays(C1D1, 47) }),
          ]),
        ),
      ),
    ).toEqual([pomKey(S2, 2)]);
  });

  it('DOSE-05: it may be the previous period of any period', async () => {
    const course = (subject: string, floatingDose: string) =>
      withPeriods(subject, [
        pomRow(subject, 1),
        pomRow(subject, 2, { EXDOSE: '3' }),
        pomRow(subject, 3),
        unreadableStart(subject, 9, 3, floatingDose),
      ]);
    expect(
      await keysOf(
        ['DOSE-05'],
        subjects(
          // 4 mg after 3 mg; a 4 mg period may lie between them: not certainly a re-escalation.
          course(S1, '4'),
          // 4 mg is higher than 3 mg and than the 2 mg period wherever it lies.
          course(S2, '2'),
          // A period without a dose may lie between: uncertain.
          course(S3, ''),
        ),
      ),
    ).toEqual([pomKey(S2, 3)]);
  });

  it('DOSE-06: a reduction only where it is lower than every period that may come before it', async () => {
    const course = (subject: string, floatingDose: string) =>
      withPeriods(subject, [
        pomRow(subject, 1),
        pomRow(subject, 2, { EXDOSE: '3' }),
        unreadableStart(subject, 9, 2, floatingDose),
      ]);
    expect(
      await keysOf(
        ['DOSE-06'],
        // An AE of an unrelated action: no documented reason for any reduction.
        { ...subjects(course(S1, '3'), course(S2, '4')), AE: [aeRow(S1, 1, { AEACN: 'DOSE NOT CHANGED' })] },
      ),
    ).toEqual([pomKey(S2, 2)]);
  });

  it('RESP-01: the window around its cycle day 1 reaches back to any earlier day', async () => {
    const rs = (subject: string, date: string) => ({
      SUBJID: subject,
      RSDAT: date,
      VISIT: '',
      RSORRES: 'PR',
      RSNDREAS: '',
    });
    const course = (subject: string) =>
      withPeriods(subject, [
        pomRow(subject, 1),
        pomRow(subject, 2),
        pomRow(subject, 3),
        unreadableStart(subject, 9, 3),
      ]);
    const c2d1 = plusDays(C1D1, 28);
    const api = studyWith({
      ...subjects(course(S1), course(S2)),
      // S1 was assessed at C2D1, which may be within 7 days of C3D1; S2 never was.
      RS: [rs(S1, c2d1)],
    });
    const found = await findings(api, ['RESP-01']);
    expect([...found.keys()].sort()).toEqual([`${S2}|cycle 2`, `${S2}|cycle 3`]);
    expect(found.get(`${S2}|cycle 3`)!.message).toBe(
      'No response assessment within ±7 days of cycle 3 day 1 (on or before 2018-03-07): no RSDAT on or before 2018-03-14',
    );
    expect(found.get(`${S2}|cycle 2`)!.message).toContain('no RSDAT from 2018-01-31 to 2018-02-14');
  });
});
