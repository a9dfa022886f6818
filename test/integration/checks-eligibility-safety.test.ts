import { describe, expect, it } from 'vitest';
import {
  cleanSubject,
  cmRow,
  exRow,
  findings,
  relatedOf,
  SITE,
  studyWith,
} from '../helpers/ae-data-fixtures';
import { dmRow, testContext } from '../helpers/study-builder';

const subject = (n: number) => `S01-${String(n).padStart(3, '0')}`;

function byKey<T extends { recordKey: string }>(rows: T[]): Map<string, T> {
  return new Map(rows.map((r) => [r.recordKey, r]));
}

describe('ELIG-01 Younger than 19 at enrollment', () => {
  it('fires below the minimum age, not at it', async () => {
    const api = studyWith({
      DM: [dmRow(subject(1), SITE, { AGE: '18' }), dmRow(subject(2), SITE, { AGE: '19' })],
    });
    const found = await findings(api, ['ELIG-01']);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      checkId: 'ELIG-01',
      form: 'DM',
      recordKey: subject(1),
      field: 'AGE',
      value: '18',
    });
    expect(found[0]!.message).toBe('Age at enrollment 18 is below the minimum age of 19 years');
  });
});

describe('ELIG-02 Fewer than 2 prior regimens', () => {
  it('fires below the minimum number, not at it', async () => {
    const api = studyWith({
      DM: [dmRow(subject(1), SITE, { PRIORREG: '1' }), dmRow(subject(2), SITE, { PRIORREG: '2' })],
    });
    const found = await findings(api, ['ELIG-02']);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ form: 'DM', recordKey: subject(1), field: 'PRIORREG', value: '1' });
    expect(found[0]!.message).toBe('Number of prior regimens 1 is below the required 2');
  });
});

describe('ELIG-03 No prior lenalidomide or bortezomib', () => {
  it('fires once a subject, on the first treatment that is N, naming every one', async () => {
    const api = studyWith({
      DM: [
        dmRow(subject(1), SITE, { PRIORLEN: 'N' }),
        dmRow(subject(2), SITE, { PRIORBOR: '아니오' }),
        dmRow(subject(3), SITE, { PRIORLEN: 'no', PRIORBOR: '0' }),
        dmRow(subject(4), SITE, { PRIORLEN: 'yes', PRIORBOR: '1' }),
        // Unknown is not "no": DATA-02 reports the blank.
        dmRow(subject(5), SITE, { PRIORLEN: '' }),
      ],
    });
    const found = byKey(await findings(api, ['ELIG-03']));
    expect([...found.keys()].sort()).toEqual([subject(1), subject(2), subject(3)]);
    expect(found.get(subject(1))).toMatchObject({ form: 'DM', field: 'PRIORLEN', value: 'N' });
    expect(found.get(subject(2))).toMatchObject({ field: 'PRIORBOR', value: '아니오' });
    const both = found.get(subject(3))!;
    expect(both).toMatchObject({ field: 'PRIORLEN', value: 'no' });
    expect(both.message).toContain('Prior lenalidomide (PRIORLEN) N, Prior bortezomib (PRIORBOR) N');
    expect(both.message).toContain(
      'requires Prior lenalidomide (PRIORLEN) Y and Prior bortezomib (PRIORBOR) Y',
    );
  });
});

describe('ELIG-04 Enrollment or first dose before informed consent', () => {
  it('fires when enrollment or C1D1 is certainly before consent', async () => {
    const api = studyWith({
      DM: [
        dmRow(subject(1), SITE, { RFICDAT: '2018-01-02', ENRLDAT: '2018-01-01' }),
        dmRow(subject(2), SITE, { RFICDAT: '2018-01-12', ENRLDAT: '2018-01-12' }),
        dmRow(subject(3), SITE, { RFICDAT: '2018-01', ENRLDAT: '2018-01-03' }),
        dmRow(subject(4), SITE, { RFICDAT: '2018-01-10', ENRLDAT: '2018-01-10' }),
      ],
      // C1D1 2018-01-10 for everyone.
      EX: [1, 2, 3, 4].map((n) => exRow(subject(n))),
    });
    const found = byKey(await findings(api, ['ELIG-04']));
    expect([...found.keys()].sort()).toEqual([subject(1), subject(2)]);
    const enrolled = found.get(subject(1))!;
    expect(enrolled).toMatchObject({
      checkId: 'ELIG-04',
      form: 'DM',
      field: 'RFICDAT',
      value: '2018-01-02',
      severity: 'critical',
    });
    expect(enrolled.message).toBe(
      'Informed consent 2018-01-02 is after the enrollment date (ENRLDAT 2018-01-01)',
    );
    const dosed = found.get(subject(2))!;
    expect(dosed.message).toBe('Informed consent 2018-01-12 is after the first dose (C1D1 2018-01-10)');
    expect(await relatedOf(api, dosed)).toEqual([{ form: 'EX', recordKey: `${subject(2)}|POMALIDOMIDE|1` }]);
  });
});

describe('SAFE-01 No thromboprophylaxis', () => {
  // C1D1 2018-01-10: an antithrombotic must start by 2018-01-17 and not end before 2018-01-10.
  const treated = (n: number, cm: Record<string, string>[] = []) => ({
    dm: dmRow(subject(n), SITE),
    ex: exRow(subject(n)),
    cm,
  });
  const load = (subjects: ReturnType<typeof treated>[], exportDate?: string) => {
    const cm = subjects.flatMap((s) => s.cm);
    return studyWith(
      { DM: subjects.map((s) => s.dm), EX: subjects.map((s) => s.ex), ...(cm.length ? { CM: cm } : {}) },
      exportDate,
    );
  };

  it('fires for a treated subject with no antithrombotic in the window', async () => {
    const api = load([
      treated(1),
      treated(2, [cmRow(subject(2), { CMTRT: '와파린정 2mg', CMSTDAT: '2018-01-17' })]),
      treated(3, [cmRow(subject(3), { CMTRT: 'Clexane (ENOXAPARIN)', CMSTDAT: '2018-01-18' })]),
      treated(4, [cmRow(subject(4), { CMSTDAT: '2017-06-01', CMENDAT: '2018-01-09', CMONGO: 'N' })]),
      treated(5, [cmRow(subject(5), { CMSTDAT: '2017-06-01', CMENDAT: '2018-01-10', CMONGO: 'N' })]),
      treated(6, [cmRow(subject(6), { CMTRT: 'ELIQUIS (apixaban)', CMSTDAT: '2018-01' })]),
      treated(7, [cmRow(subject(7), { CMTRT: 'Tylenol' })]),
      treated(8, [cmRow(subject(8), { CMTRT: '아스피린프로텍트정', CMSTDAT: '' })]),
      treated(9, [cmRow(subject(9), { CMSTDAT: '2017-06-01', CMENDAT: '2018-01', CMONGO: 'N' })]),
    ]);
    const found = byKey(await findings(api, ['SAFE-01']));
    expect([...found.keys()].sort()).toEqual(
      [subject(1), subject(3), subject(4), subject(7)].map((s) => `${s}|VTE-PROPHYLAXIS`),
    );
    const d = found.get(`${subject(1)}|VTE-PROPHYLAXIS`)!;
    expect(d).toMatchObject({
      checkId: 'SAFE-01',
      form: 'CM',
      field: 'CMTRT',
      value: null,
      recordId: null,
      siteId: SITE,
      subjectId: subject(1),
    });
    expect(d.message).toContain('2018-01-10');
    expect(d.message).toContain('2018-01-17');
    expect(await relatedOf(api, d)).toEqual([
      { form: 'EX', recordKey: `${subject(1)}|POMALIDOMIDE|1` },
      { form: 'DM', recordKey: subject(1) },
    ]);
  });

  it('waits until the window has closed by the cut-off, and ignores untreated subjects', async () => {
    expect(await findings(load([treated(1)], '2018-01-16'), ['SAFE-01'])).toEqual([]);
    const closed = load([treated(1)], '2018-01-17');
    expect(await findings(closed, ['SAFE-01'])).toHaveLength(1);
    // The missing record's identity is stable: a re-run finds the same discrepancy.
    const again = await closed.call('checks.run', { checkIds: ['SAFE-01'] }, testContext());
    expect(again.checks[0]).toMatchObject({ found: 1, new: 0, stillOpen: 1 });
    const untreated = studyWith({ DM: [dmRow(subject(1), SITE)] });
    expect(await findings(untreated, ['SAFE-01'])).toEqual([]);
  });

  it('a clean subject raises none of the eligibility and safety checks', async () => {
    const api = studyWith(cleanSubject(subject(1)));
    expect(await findings(api, ['ELIG-01', 'ELIG-02', 'ELIG-03', 'ELIG-04', 'SAFE-01'])).toEqual([]);
  });
});
