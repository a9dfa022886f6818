import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../electron/core/checks/catalog';
import { checkSql } from '../../electron/core/checks/catalog/check-definition';
import { SQLITE_DIALECT } from '../../electron/core/db/sql-dialect';
import { loadStudyDefinition } from '../../electron/core/study/load-definition';
import { pomKey, pomRow } from '../helpers/dose-rows';
import { cleanSubject, S1, S2, S3, S4, subjects, withPeriods } from '../helpers/dose-subjects';
import { findings, relatedOf, studyWith } from '../helpers/dose-fixtures';

/**
 * DOSE-02 (edit-checks.md): the starting dose, the dose of the first pomalidomide period, is 4 mg
 * unless a label rule of the study definition allows less for what DM records (dialysis, hepatic
 * impairment). Which period is first when dates are partial, blank DM columns, rules the study
 * definition changes, and a rule that names no DM column.
 */
describe('DOSE-02 starting dose other than 4 mg without a label reason', () => {
  it('fires for 3 mg without dialysis or hepatic impairment, and for 2 mg with only mild hepatic impairment', async () => {
    const api = studyWith(
      subjects(
        withPeriods(S1, [pomRow(S1, 1, { EXDOSE: '3' }), pomRow(S1, 2, { EXDOSE: '3' })]),
        withPeriods(S2, [pomRow(S2, 1, { EXDOSE: '2' })], { HEPIMP: 'MILD' }),
      ),
    );
    const found = await findings(api, ['DOSE-02']);
    expect([...found.keys()].sort()).toEqual([pomKey(S1, 1), pomKey(S2, 1)]);
    const d = found.get(pomKey(S1, 1))!;
    expect(d).toMatchObject({
      checkId: 'DOSE-02',
      form: 'EX',
      field: 'EXDOSE',
      value: '3',
      severity: 'major',
    });
    expect(d.message).toContain('is 3 mg');
    expect(d.message).toContain("label's 4 mg");
    expect(d.message).toContain('2018-01-10');
    expect(d.message).toContain('severe renal impairment on dialysis (DIALYSIS Y)');
    expect(d.message).toContain('DIALYSIS N, HEPIMP NONE');
    expect(await relatedOf(api, d)).toEqual([{ form: 'DM', recordKey: S1 }]);
    const d2 = found.get(pomKey(S2, 1))!;
    expect(d2.message).toContain('severe hepatic impairment (HEPIMP SEVERE)');
    expect(d2.message).toContain('HEPIMP MILD');
  });

  it('does not fire for a label reason in DM, for 4 mg, or when the first period is uncertain', async () => {
    const api = studyWith(
      subjects(
        withPeriods(S1, [pomRow(S1, 1, { EXDOSE: '3' })], { DIALYSIS: 'Y' }),
        withPeriods(S2, [pomRow(S2, 1, { EXDOSE: '3' })], { HEPIMP: 'MODERATE' }),
        withPeriods(S3, [pomRow(S3, 1, { EXDOSE: '2' })], { HEPIMP: 'SEVERE' }),
        // A partial EXSTDAT (January) may be after the other period's 2018-01-20: which is first is uncertain.
        withPeriods(S4, [
          pomRow(S4, 1, { EXDOSE: '3', EXSTDAT: '2018-01' }),
          pomRow(S4, 2, { EXDOSE: '3', EXSTDAT: '2018-01-20', CYCLE: '1' }),
        ]),
        cleanSubject('S01-005'),
      ),
    );
    expect([...(await findings(api, ['DOSE-02'])).keys()]).toEqual([]);
  });

  it('fires when the label reason columns are blank in DM (a blank DIALYSIS is no dialysis)', async () => {
    const api = studyWith(
      subjects(
        withPeriods(S1, [pomRow(S1, 1, { EXDOSE: '3' })], { DIALYSIS: '', HEPIMP: 'NONE' }),
        withPeriods(S2, [pomRow(S2, 1, { EXDOSE: '3' })], { DIALYSIS: 'N', HEPIMP: '' }),
        withPeriods(S3, [pomRow(S3, 1, { EXDOSE: '2' })], { DIALYSIS: '', HEPIMP: '' }),
        // A blank column does not hide a reason another column gives.
        withPeriods(S4, [pomRow(S4, 1, { EXDOSE: '3' })], { DIALYSIS: '', HEPIMP: 'MILD' }),
      ),
    );
    const found = await findings(api, ['DOSE-02']);
    expect([...found.keys()].sort()).toEqual([pomKey(S1, 1), pomKey(S2, 1), pomKey(S3, 1)]);
    expect(found.get(pomKey(S1, 1))!.message).toContain('DIALYSIS blank, HEPIMP NONE');
  });

  it('takes a partial first EXSTDAT that is certainly first', async () => {
    const api = studyWith(
      withPeriods(S1, [pomRow(S1, 1, { EXDOSE: '3', EXSTDAT: '2018-01' }), pomRow(S1, 2, { EXDOSE: '3' })]),
    );
    expect([...(await findings(api, ['DOSE-02'])).keys()]).toEqual([pomKey(S1, 1)]);
  });

  it('reads the label rules from the study definition, whatever DM columns they name', async () => {
    const definition = structuredClone(loadStudyDefinition());
    definition.treatment.labelStartDoses = [
      { dose: 2, when: { ECOG: ['3', '4'], DIALYSIS: ['Y'] }, reason: 'frail patient on dialysis' },
    ];
    const api = studyWith(
      subjects(
        withPeriods(S1, [pomRow(S1, 1, { EXDOSE: '2' })], { ECOG: '3', DIALYSIS: 'Y' }),
        withPeriods(S2, [pomRow(S2, 1, { EXDOSE: '2' })], { ECOG: '1', DIALYSIS: 'Y' }),
        withPeriods(S3, [pomRow(S3, 1, { EXDOSE: '3' })], { HEPIMP: 'MILD' }),
      ),
      { definition },
    );
    const found = await findings(api, ['DOSE-02']);
    expect([...found.keys()].sort()).toEqual([pomKey(S2, 1), pomKey(S3, 1)]);
    expect(found.get(pomKey(S2, 1))!.message).toContain(
      'frail patient on dialysis (ECOG 3/4 and DIALYSIS Y)',
    );
    expect(found.get(pomKey(S2, 1))!.message).toContain('ECOG 1, DIALYSIS Y');
    expect(found.get(pomKey(S3, 1))!.message).toContain('the label allows no starting dose of 3 mg');
  });

  it('refuses a label rule that names no DM column', () => {
    const definition = structuredClone(loadStudyDefinition());
    definition.treatment.labelStartDoses = [{ dose: 3, when: { RENALX: ['Y'] }, reason: 'x' }];
    const api = studyWith(cleanSubject(S1), { definition });
    const check = CATALOG.find((c) => c.id === 'DOSE-02')!;
    expect(() => checkSql(check, api.database.model, SQLITE_DIALECT)).toThrow(
      /RENALX, which is not a column of DM/,
    );
  });
});
