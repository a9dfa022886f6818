import { describe, expect, it } from 'vitest';
import { loadRows, testContext } from '../helpers/study-builder';
import { C1D1, dexKey, dexRow, dsRow, lbRow, pomKey, pomRow } from '../helpers/dose-rows';
import { cleanSubject, S1, S2, S3, S4, subjects, withPeriods } from '../helpers/dose-subjects';
import { findings, relatedOf, studyWith } from '../helpers/dose-fixtures';

/**
 * The dose checks on doses that should not have been given (edit-checks.md): dexamethasone above
 * the age-appropriate dose (DOSE-08), dosing after the end of treatment or death (DOSE-09), and
 * pomalidomide through severe neutropenia or thrombocytopenia (DOSE-10), whose finding keeps its
 * identity across re-runs and resolves once the site records the interruption.
 */
describe('DOSE-08 dexamethasone above the age-appropriate dose', () => {
  it('fires for 40 mg at 76, 50 mg at 65, and above both limits when AGE is blank', async () => {
    const withDex = (subject: string, dose: string, age: string) => {
      const clean = cleanSubject(subject, { dm: { AGE: age } });
      return {
        DM: clean.DM,
        EX: [
          ...clean.EX.filter((r) => r.EXTRT === 'POMALIDOMIDE'),
          dexRow(subject, 1, C1D1, { EXDOSE: dose }),
        ],
      };
    };
    const api = studyWith(
      subjects(
        withDex(S1, '40', '76'),
        withDex(S2, '50', '65'),
        withDex(S3, '45', ''),
        withDex(S4, '40', '75'),
        withDex('S01-005', '20', '80'),
        withDex('S01-006', '30', ''),
      ),
    );
    const found = await findings(api, ['DOSE-08']);
    expect([...found.keys()].sort()).toEqual([dexKey(S1, 1), dexKey(S2, 1), dexKey(S3, 1)]);
    const d = found.get(dexKey(S1, 1))!;
    expect(d).toMatchObject({
      checkId: 'DOSE-08',
      form: 'EX',
      field: 'EXDOSE',
      value: '40',
      severity: 'major',
    });
    expect(d.message).toContain('DEXAMETHASONE dose 40 mg');
    expect(d.message).toContain('the 20 mg for patients older than 75 (DM.AGE 76)');
    expect(found.get(dexKey(S2, 1))!.message).toContain(
      'the 40 mg for patients aged 75 or younger (DM.AGE 65)',
    );
    expect(found.get(dexKey(S3, 1))!.message).toContain('40 mg at any age (DM.AGE blank)');
    expect(await relatedOf(api, d)).toEqual([{ form: 'DM', recordKey: S1 }]);
  });
});

describe('DOSE-09 dosing after end of treatment or death', () => {
  it('fires for pomalidomide after EOTDAT and any EX date after death', async () => {
    const api = studyWith(
      subjects(
        { ...cleanSubject(S1), DS: [dsRow(S1, { EOTDAT: '2018-02-26', EOTREAS: 'PROGRESSION' })] },
        { ...cleanSubject(S2), DS: [dsRow(S2, { EOTDAT: '2018-01-30', DTHDAT: '2018-01-30' })] },
        { ...cleanSubject(S3), DS: [dsRow(S3, { EOTDAT: '2018-02-27' })] },
      ),
    );
    const found = await findings(api, ['DOSE-09']);
    // S2 died on 2018-01-30: cycle 2 starts after it, and so do the dexamethasone doses of 01-31.
    expect([...found.keys()].sort()).toEqual([pomKey(S1, 2), dexKey(S2, 4), pomKey(S2, 2)]);
    const d = found.get(pomKey(S1, 2))!;
    expect(d).toMatchObject({
      checkId: 'DOSE-09',
      form: 'EX',
      field: 'EXENDAT',
      value: '2018-02-27',
      severity: 'critical',
    });
    expect(d.message).toContain('ends 2018-02-27, after the end of treatment (DS.EOTDAT 2018-02-26');
    expect(await relatedOf(api, d)).toEqual([{ form: 'DS', recordKey: S1 }]);
    expect(found.get(pomKey(S2, 2))).toMatchObject({ field: 'EXSTDAT', value: '2018-02-07' });
    expect(found.get(pomKey(S2, 2))!.message).toContain(
      'starts 2018-02-07, after the date of death (DS.DTHDAT 2018-01-30)',
    );
    expect(found.get(dexKey(S2, 4))!.message).toContain('DEXAMETHASONE 40 mg');
  });

  it('does not fire for a partial death date the doses may precede', async () => {
    const api = studyWith({
      ...cleanSubject(S1, { cycles: 1 }),
      DS: [dsRow(S1, { EOTDAT: '2018-01', DTHDAT: '2018-01' })],
    });
    expect([...(await findings(api, ['DOSE-09'])).keys()]).toEqual([]);
  });
});

describe('DOSE-10 dosing through severe myelosuppression', () => {
  it('fires once per lab record below the limit when a period covers the next day', async () => {
    const api = studyWith({
      ...withPeriods(S1, [pomRow(S1, 1), pomRow(S1, 1, { EXSEQ: '9', EXDOSE: '3' })]), // two periods cover the day: still one hit
      LB: [
        lbRow(S1, 'ANC', '2018-01-15', '400', '/uL'),
        lbRow(S1, 'ANC', '2018-01-16', '0.5'),
        lbRow(S1, 'PLAT', '2018-01-15', '24'),
        lbRow(S1, 'PLAT', '2018-01-16', '25'),
        lbRow(S1, 'ANC', '2018-01-30', '0.2'), // last dosing day: the next day is not covered
        lbRow(S1, 'ANC', '2018-01-09', '0.2'), // the day before C1D1: the next day is covered
        lbRow(S1, 'ANC', '2018-01', '0.1'), // January: 2018-01-02 is not covered
      ],
    });
    const found = await findings(api, ['DOSE-10']);
    expect([...found.keys()].sort()).toEqual([
      `${S1}|ANC|2018-01-09`,
      `${S1}|ANC|2018-01-15`,
      `${S1}|PLAT|2018-01-15`,
    ]);
    const d = found.get(`${S1}|ANC|2018-01-15`)!;
    expect(d).toMatchObject({
      checkId: 'DOSE-10',
      form: 'LB',
      field: 'LBORRES',
      value: '400',
      severity: 'critical',
    });
    expect(d.message).toContain('ANC 0.4 10^9/L on 2018-01-15 is below 0.5 10^9/L');
    expect(d.message).toContain('POMALIDOMIDE 4 mg (EXSEQ 1, cycle 1, 2018-01-10 to 2018-01-30)');
    expect(d.message).toContain('POMALIDOMIDE 3 mg (EXSEQ 9');
    expect(d.message).toContain('the next day, 2018-01-16');
    expect((await relatedOf(api, d)).sort((a, b) => a.recordKey.localeCompare(b.recordKey))).toEqual([
      { form: 'EX', recordKey: pomKey(S1, 1) },
      { form: 'EX', recordKey: pomKey(S1, 9) },
    ]);
    expect(found.get(`${S1}|PLAT|2018-01-15`)!.message).toContain(
      'PLAT 24 10^9/L on 2018-01-15 is below 25 10^9/L (severe thrombocytopenia)',
    );
  });

  it('keeps its identity across re-runs and resolves when the site records the interruption', async () => {
    const api = studyWith({
      ...withPeriods(S1, [pomRow(S1, 1)]),
      LB: [lbRow(S1, 'ANC', '2018-01-15', '0.3')],
    });
    const first = await findings(api, ['DOSE-10']);
    const again = await api.call('checks.run', { checkIds: ['DOSE-10'] }, testContext());
    expect(again.checks[0]).toMatchObject({ found: 1, new: 0, stillOpen: 1 });
    // The site splits the period: dosing stopped after 2018-01-15 and resumed at 3 mg on 2018-01-22.
    loadRows(api, {
      site: 'S01',
      exportDate: '2019-01-31',
      forms: {
        EX: [
          pomRow(S1, 1, { EXENDAT: '2018-01-15' }),
          pomRow(S1, 2, { CYCLE: '1', EXSTDAT: '2018-01-22', EXENDAT: '2018-01-30', EXDOSE: '3' }),
        ],
      },
    });
    const fixed = await api.call('checks.run', { checkIds: ['DOSE-10'] }, testContext());
    expect(fixed.checks[0]).toMatchObject({ found: 0, resolved: 1 });
    expect(first.size).toBe(1);
  });
});
