import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../electron/core/checks/catalog';
import { checkParams, commonParams } from '../../electron/core/checks/check-params';
import { derivedFactsSql } from '../../electron/core/checks/derived-facts';
import { checkSql } from '../../electron/core/checks/catalog/check-definition';
import { SQLITE_DIALECT } from '../../electron/core/db/sql-dialect';
import { runStatements } from '../../electron/core/db/check-runs-repo';
import { loadStudyDefinition } from '../../electron/core/study/load-definition';
import { loadRows, testContext } from '../helpers/study-builder';
import {
  aeRow,
  C1D1,
  cleanSubject,
  dexRow,
  dsRow,
  findings,
  lbRow,
  plusDays,
  pomKey,
  pomRow,
  relatedOf,
  studyWith,
  subjects,
  withPeriods,
} from '../helpers/dose-fixtures';
import { connectionOf } from '../../electron/core/db/connection';

const S1 = 'S01-001';
const S2 = 'S01-002';
const S3 = 'S01-003';
const S4 = 'S01-004';
const dexKey = (subject: string, seq: number) => `${subject}|DEXAMETHASONE|${seq}`;

describe('a clean subject', () => {
  it('raises no dose deviation', async () => {
    const api = studyWith({
      ...cleanSubject(S1, { cycles: 3 }),
      LB: [lbRow(S1, 'ANC', '2018-01-15', '1.8'), lbRow(S1, 'PLAT', '2018-01-15', '150')],
      AE: [aeRow(S1, 1, { AEACN: 'DOSE NOT CHANGED' })],
    });
    const ids = [
      'DOSE-01',
      'DOSE-02',
      'DOSE-03',
      'DOSE-04',
      'DOSE-05',
      'DOSE-06',
      'DOSE-07',
      'DOSE-08',
      'DOSE-09',
      'DOSE-10',
    ];
    expect([...(await findings(api, ids)).values()]).toEqual([]);
  });
});

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

describe('dose checks: query plans', () => {
  it('scan only their driving table; every join and correlated subquery searches an index', () => {
    const api = studyWith({
      ...cleanSubject(S1),
      AE: [aeRow(S1, 1)],
      LB: [lbRow(S1, 'ANC', '2018-01-15', '0.3')],
      DS: [dsRow(S1)],
    });
    const database = api.database;
    const model = database.model;
    const common = {
      ...commonParams(model),
      ...checkParams(model, { id: 'RESP-05', params: ['spepTest', 'baselineMaxAgeDays'] }),
    };
    runStatements(database, derivedFactsSql(SQLITE_DIALECT), common);
    const pomStep = derivedFactsSql(SQLITE_DIALECT)
      .find((sql) => sql.includes('CREATE TEMP TABLE pom_step'))!
      .replace(/^\s*CREATE TEMP TABLE \w+ AS/, '');
    const queries = [
      { id: 'pom_step', sql: pomStep, params: {} },
      ...CATALOG.filter((c) => c.id.startsWith('DOSE-')).map((check) => ({
        id: check.id,
        sql: checkSql(check, model, SQLITE_DIALECT),
        params: { ...common, ...checkParams(model, check) },
      })),
    ];
    for (const { id, sql, params } of queries) {
      const statement = connectionOf(database).prepare(`EXPLAIN QUERY PLAN ${sql}`);
      const plan = (sql.includes('@') ? statement.all(params) : statement.all()) as {
        id: number;
        parent: number;
        detail: string;
      }[];
      const text = plan.map((p) => p.detail).join('; ');
      const scans = plan.filter(
        (p) => p.detail.startsWith('SCAN ') && !/VIRTUAL TABLE|SCAN w$/.test(p.detail),
      );
      // One scan (the driving table, at the top level); everything else is a SEARCH.
      expect(scans.length, `${id}: ${text}`).toBe(1);
      expect(scans[0]!.parent, `${id}: ${text}`).toBe(0);
    }
  });
});
