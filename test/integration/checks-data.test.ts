import { describe, expect, it } from 'vitest';
import {
  aeRow,
  cleanSubject,
  cmRow,
  exRow,
  findings,
  relatedOf,
  SITE,
  studyWith,
} from '../helpers/ae-data-fixtures';
import { dmRow, testContext } from '../helpers/study-builder';

const S1 = 'S01-001';

function byKey<T extends { recordKey: string; field: string }>(rows: T[]): Map<string, T> {
  return new Map(rows.map((r) => [`${r.recordKey} ${r.field}`, r]));
}

const rsRow = (date: string, overrides: Record<string, string> = {}) => ({
  SUBJID: S1,
  RSDAT: date,
  VISIT: 'CYCLE 2 DAY 1',
  RSORRES: 'PR',
  RSNDREAS: '',
  ...overrides,
});
const lbRow = (test: string, result: string, unit: string, date = '2018-01-09') => ({
  SUBJID: S1,
  LBDAT: date,
  LBTESTCD: test,
  LBORRES: result,
  LBORRESU: unit,
});

describe('DATA-02 Required value missing', () => {
  it('fires for each required column the site left blank, not for a value it wrote that could not be read', async () => {
    const api = studyWith({
      DM: [dmRow(S1, SITE, { AGE: '' })],
      EX: [exRow(S1, { EXENDAT: '  ' })],
      AE: [
        aeRow(S1, 1, { AETERM: '', AESER: 'N/A' }),
        // Unreadable values are DATA-05's, not missing.
        aeRow(S1, 2, { AETOXGR: 'G9', AESER: 'maybe' }),
        // Optional columns may be blank.
        aeRow(S1, 3, { AEDECOD: '', AEENDAT: '', AEONGO: 'Y', AEREL: '' }),
      ],
      LB: [
        lbRow('ANC', '', '10^9/L'),
        lbRow('XYZ', '5', 'mg', '2018-01-08'),
        lbRow('PLAT', '150', '', '2018-01-07'),
      ],
    });
    const found = byKey(await findings(api, ['DATA-02']));
    expect([...found.keys()].sort()).toEqual([
      'S01-001 AGE',
      'S01-001|1 AESER',
      'S01-001|1 AETERM',
      'S01-001|ANC|2018-01-09 LBORRES',
      'S01-001|POMALIDOMIDE|1 EXENDAT',
    ]);
    expect(found.get('S01-001 AGE')).toMatchObject({ checkId: 'DATA-02', form: 'DM', value: '' });
    expect(found.get('S01-001 AGE')!.message).toBe('DM record: Age at enrollment (years) (AGE) is missing');
    expect(found.get('S01-001|1 AESER')).toMatchObject({ form: 'AE', value: 'N/A' });
    expect(found.get('S01-001|POMALIDOMIDE|1 EXENDAT')).toMatchObject({ form: 'EX', value: '  ' });
  });

  it('RS: fires once, on RSORRES, when both RSORRES and RSNDREAS are blank', async () => {
    const api = studyWith({
      ...cleanSubject(S1),
      RS: [
        rsRow('2018-02-07', { RSORRES: '', RSNDREAS: '' }),
        rsRow('2018-03-07', { RSORRES: '', RSNDREAS: 'patient refused' }),
        rsRow('2018-04-04', { RSORRES: 'ND', RSNDREAS: '.' }),
        // An unknown response is RESP-08's.
        rsRow('2018-05-02', { RSORRES: 'GOOD', RSNDREAS: '' }),
        rsRow('2018-05-30'),
      ],
    });
    const found = byKey(await findings(api, ['DATA-02']));
    expect([...found.keys()].sort()).toEqual(['S01-001|2018-02-07 RSORRES', 'S01-001|2018-04-04 RSORRES']);
    const d = found.get('S01-001|2018-04-04 RSORRES')!;
    expect(d).toMatchObject({ form: 'RS', field: 'RSORRES', value: 'ND' });
    expect(d.message).toBe(
      'RS record: Response (IMWG) (RSORRES) and Reason not done (RSNDREAS) are both blank: one of them is required',
    );
  });

  it('RS: a file without the RSNDREAS column counts it as blank', async () => {
    const api = studyWith({
      ...cleanSubject(S1),
      RS: [
        { SUBJID: S1, RSDAT: '2018-02-07', RSORRES: '' },
        { SUBJID: S1, RSDAT: '2018-03-07', RSORRES: 'SD' },
      ],
    });
    const found = await findings(api, ['DATA-02']);
    expect(found.map((d) => `${d.recordKey} ${d.field}`)).toEqual(['S01-001|2018-02-07 RSORRES']);
  });
});

describe('DATA-03 Orphan record', () => {
  it('fires on every record of a subject not enrolled in DM', async () => {
    const api = studyWith({
      ...cleanSubject(S1),
      AE: [aeRow(S1, 1), aeRow('S01-099', 1), aeRow('S01-099', 2), aeRow('', 3)],
      CM: [cmRow(S1), cmRow('S01-099')],
    });
    // A blank SUBJID is DATA-02's.
    expect((await findings(api, ['DATA-02'])).map((d) => `${d.recordKey} ${d.field}`)).toEqual(['|3 SUBJID']);
    const rows = await findings(api, ['DATA-03']);
    expect(rows.map((d) => `${d.form} ${d.recordKey}`).sort()).toEqual([
      'AE S01-099|1',
      'AE S01-099|2',
      'CM S01-099|1',
    ]);
    const d = rows.find((r) => r.form === 'AE' && r.recordKey === 'S01-099|1')!;
    expect(d).toMatchObject({
      checkId: 'DATA-03',
      field: 'SUBJID',
      value: 'S01-099',
      subjectId: 'S01-099',
      siteId: SITE,
    });
    expect(d.message).toBe(
      'Subject S01-099 of this AE record is not enrolled: there is no DM record with this SUBJID',
    );
  });
});

describe('DATA-04 Duplicate record key', () => {
  it('fires on each repeat after the first, with the first as related record', async () => {
    const api = studyWith({
      DM: [dmRow(S1, SITE), dmRow(S1, SITE, { AGE: '66' })],
      EX: [exRow(S1)],
      AE: [aeRow(S1, 1), aeRow(S1, 1, { AETERM: '두통' }), aeRow(S1, 2), aeRow(S1, 1, { AETERM: '발열' })],
    });
    const rows = await findings(api, ['DATA-04']);
    expect(rows.map((d) => `${d.form} ${d.recordKey} ${d.field} ${d.value}`).sort()).toEqual([
      'AE S01-001|1#2 AESEQ 1',
      'AE S01-001|1#3 AESEQ 1',
      'DM S01-001#2 SUBJID S01-001',
    ]);
    const d = rows.find((r) => r.recordKey === 'S01-001|1#3')!;
    expect(d.message).toContain('SUBJID, AESEQ = S01-001|1');
    expect(d.message).toContain('repeat 3');
    expect(await relatedOf(api, d)).toEqual([{ form: 'AE', recordKey: 'S01-001|1' }]);
  });
});

describe('DATA-05 Value outside its code list', () => {
  it('reports the values the import could not read against a code list', async () => {
    const api = studyWith({
      DM: [dmRow(S1, SITE, { SEX: 'X' }), dmRow('S01-002', SITE, { SEX: '남' })],
      AE: [aeRow(S1, 1, { AESER: 'maybe', AEOUT: 'gone' }), aeRow(S1, 2)],
    });
    const rows = await findings(api, ['DATA-05']);
    expect(rows.map((d) => `${d.form} ${d.recordKey} ${d.field} ${d.value}`).sort()).toEqual([
      'AE S01-001|1 AEOUT gone',
      'AE S01-001|1 AESER maybe',
      'DM S01-001 SEX X',
      'DM S01-002 SEX 남',
    ]);
    expect(rows.find((d) => d.field === 'SEX')!.message).toContain('"X"');
  });

  it('code lists are exact: only Y/N, RSORRES and lab units take other spellings (edit-checks.md)', async () => {
    const api = studyWith({
      DM: [
        dmRow(S1, SITE, { ISS: '3', HEPIMP: 'normal', SEX: ' f ' }),
        dmRow('S01-002', SITE, { ISS: ' iii ', DIALYSIS: '아니오', PRIORLEN: 'yes' }),
      ],
      EX: [
        exRow(S1, { EXTRT: '포말리도마이드' }),
        exRow(S1, { EXSEQ: '2', EXTRT: 'pomalidomide', CYCLE: '2' }),
      ],
      AE: [
        aeRow(S1, 1, { AETOXGR: 'G2', AEREL: 'UNRELATED' }),
        aeRow(S1, 2, { AETOXGR: '2', AEREL: 'not related' }),
      ],
      RS: [rsRow('2018-02-01', { RSORRES: 'Partial Response' })],
      LB: [
        lbRow('HB', '9.8', 'g/dL'),
        lbRow('PLT', '150', '10^9/L'),
        lbRow('ANC', '1500', '/µL'),
        lbRow('SIFE', 'POS', '', '2018-01-06'),
      ],
    });
    const rows = await findings(api, ['DATA-05', 'DATA-07', 'RESP-08']);
    expect(rows.map((d) => `${d.checkId} ${d.form} ${d.field} ${d.value}`).sort()).toEqual([
      'DATA-05 AE AEREL UNRELATED',
      'DATA-05 AE AETOXGR G2',
      'DATA-05 DM HEPIMP normal',
      'DATA-05 DM ISS 3',
      'DATA-05 EX EXTRT 포말리도마이드',
      'DATA-05 LB LBORRES POS',
      'DATA-05 LB LBTESTCD HB',
      'DATA-05 LB LBTESTCD PLT',
    ]);
    // No standardised value for what is outside the list; the listed codes in any case and spacing are read.
    const dm = await api.call('data.list', { form: 'DM' }, testContext());
    expect(dm.records.map((r) => [r.ISS, r.HEPIMP, r.SEX, r.DIALYSIS, r.PRIORLEN])).toEqual([
      [null, null, 'F', 'N', 'Y'],
      ['III', 'NONE', 'M', 'N', 'Y'],
    ]);
    const rs = await api.call('data.list', { form: 'RS' }, testContext());
    expect(rs.records.map((r) => r.RSORRES)).toEqual(['PR']);
    const lb = await api.call('data.list', { form: 'LB' }, testContext());
    expect(lb.records.find((r) => r.LBTESTCD === 'ANC')?.LBORRES).toBe(1.5);
  });
});

describe('DATA-05 on immunofixation results', () => {
  it('reports a SIFE or UIFE result outside its code list as DATA-05 (edit-checks.md), not DATA-07', async () => {
    const api = studyWith({
      DM: [dmRow(S1, SITE)],
      LB: [
        lbRow('SIFE', 'WEAKLY POSITIVE', '', '2018-01-05'),
        lbRow('UIFE', '±', '', '2018-01-05'),
        lbRow('SIFE', '양성', '', '2018-01-06'),
        lbRow('UIFE', ' negative ', '', '2018-01-06'),
      ],
    });
    const rows = await findings(api, ['DATA-05', 'DATA-07']);
    expect(rows.map((d) => `${d.checkId} ${d.recordKey} ${d.field} ${d.value}`).sort()).toEqual([
      'DATA-05 S01-001|SIFE|2018-01-05 LBORRES WEAKLY POSITIVE',
      'DATA-05 S01-001|SIFE|2018-01-06 LBORRES 양성',
      'DATA-05 S01-001|UIFE|2018-01-05 LBORRES ±',
    ]);
  });
});

describe('DATA-06 Period ends before it starts', () => {
  it('fires for EX and CM periods that certainly end before they start', async () => {
    const api = studyWith({
      DM: [dmRow(S1, SITE)],
      EX: [
        exRow(S1, { EXSTDAT: '2018-01-10', EXENDAT: '2018-01-09' }),
        exRow(S1, { EXSEQ: '2', CYCLE: '2', EXSTDAT: '2018-02-07', EXENDAT: '2018-02' }),
        exRow(S1, {
          EXSEQ: '3',
          EXTRT: 'DEXAMETHASONE',
          EXDOSE: '40',
          EXSTDAT: '2018-01-10',
          EXENDAT: '2018-01-10',
        }),
      ],
      CM: [
        cmRow(S1, { CMSTDAT: '2018-02-01', CMENDAT: '2018-01-31' }),
        cmRow(S1, { CMSEQ: '2', CMSTDAT: '2018-02-01', CMENDAT: '' }),
      ],
    });
    const rows = await findings(api, ['DATA-06']);
    expect(rows.map((d) => `${d.form} ${d.recordKey} ${d.field} ${d.value}`).sort()).toEqual([
      'CM S01-001|1 CMENDAT 2018-01-31',
      'EX S01-001|POMALIDOMIDE|1 EXENDAT 2018-01-09',
    ]);
    expect(rows.find((d) => d.form === 'EX')!.message).toBe(
      'EX record: end date (EXENDAT) 2018-01-09 is before the start date (EXSTDAT) 2018-01-10',
    );
  });
});

describe('DATA-07 Unusable lab result', () => {
  it('reports results that are not numbers, lack an accepted unit or are negative', async () => {
    const api = studyWith({
      DM: [dmRow(S1, SITE)],
      LB: [
        lbRow('ANC', 'abc', '10^9/L', '2018-01-01'),
        lbRow('ANC', '1.5', 'mg', '2018-01-02'),
        lbRow('ANC', '-1', '10^9/L', '2018-01-03'),
        lbRow('ANC', '1.5', '', '2018-01-04'),
        lbRow('ANC', '1500', '/uL', '2018-01-05'),
        lbRow('SIFE', 'NEGATIVE', '', '2018-01-05'),
      ],
    });
    const rows = await findings(api, ['DATA-07']);
    expect(rows.map((d) => `${d.recordKey} ${d.field} ${d.value}`).sort()).toEqual([
      'S01-001|ANC|2018-01-01 LBORRES abc',
      'S01-001|ANC|2018-01-02 LBORRES 1.5',
      'S01-001|ANC|2018-01-03 LBORRES -1',
      'S01-001|ANC|2018-01-04 LBORRES 1.5',
    ]);
    expect(rows.every((d) => d.checkId === 'DATA-07' && d.form === 'LB')).toBe(true);
    expect(rows.find((d) => d.recordKey.endsWith('01-02'))!.message).toContain('"mg"');
  });
});

describe('a clean subject', () => {
  it('raises none of the data-quality checks', async () => {
    const api = studyWith({
      ...cleanSubject(S1),
      AE: [aeRow(S1, 1)],
      RS: [rsRow('2018-02-07')],
      LB: [lbRow('ANC', '1.5', '10^9/L')],
    });
    expect(
      await findings(api, ['DATA-01', 'DATA-02', 'DATA-03', 'DATA-04', 'DATA-05', 'DATA-06', 'DATA-07']),
    ).toEqual([]);
  });
});
