import { describe, expect, it } from 'vitest';
import { aeRow, cleanSubject, dsRow, findings, relatedOf, studyWith } from '../helpers/ae-data-fixtures';

const S1 = 'S01-001';
const S2 = 'S01-002';

/** The discrepancies of one check, by record key. */
function byKey<T extends { recordKey: string }>(rows: T[]): Map<string, T> {
  return new Map(rows.map((r) => [r.recordKey, r]));
}

describe('AEDT-02 AE starts before informed consent', () => {
  it('fires for a start certainly before RFICDAT, not on the consent day nor for a partial that may be after', async () => {
    // RFICDAT 2018-01-02
    const api = studyWith({
      ...cleanSubject(S1),
      AE: [
        aeRow(S1, 1, { AESTDAT: '2018-01-01', AEENDAT: '2018-01-05' }),
        aeRow(S1, 2, { AESTDAT: '2018-01-02', AEENDAT: '2018-01-05' }),
        aeRow(S1, 3, { AESTDAT: '2018-01', AEENDAT: '2018-01-05' }),
        aeRow(S1, 4, { AESTDAT: '2017-12', AEENDAT: '2018-01-05' }),
      ],
    });
    const found = byKey(await findings(api, ['AEDT-02']));
    expect([...found.keys()].sort()).toEqual(['S01-001|1', 'S01-001|4']);
    const d = found.get('S01-001|1')!;
    expect(d).toMatchObject({
      checkId: 'AEDT-02',
      form: 'AE',
      field: 'AESTDAT',
      value: '2018-01-01',
      severity: 'major',
    });
    expect(d.message).toContain('2018-01-01');
    expect(d.message).toContain('2018-01-02');
    expect(found.get('S01-001|4')!.message).toContain('2017-12');
    expect(await relatedOf(api, d)).toEqual([{ form: 'DM', recordKey: S1 }]);
  });
});

describe('AEDT-03 AE starts outside the safety window', () => {
  it('fires after EOTDAT + 28 days, not on the last day of the window', async () => {
    const api = studyWith({
      ...cleanSubject(S1),
      DS: [dsRow(S1, { EOTDAT: '2018-03-01', EOTREAS: 'PROGRESSION' })],
      AE: [
        aeRow(S1, 1, { AESTDAT: '2018-03-30', AEENDAT: '2018-04-02' }),
        aeRow(S1, 2, { AESTDAT: '2018-03-29', AEENDAT: '2018-04-02' }),
        aeRow(S1, 3, { AESTDAT: '2018-03', AEENDAT: '2018-04-02' }),
        aeRow(S1, 4, { AESTDAT: '2018.04', AEENDAT: '2018-04-20' }),
      ],
    });
    const found = byKey(await findings(api, ['AEDT-03']));
    expect([...found.keys()].sort()).toEqual(['S01-001|1', 'S01-001|4']);
    const d = found.get('S01-001|1')!;
    expect(d).toMatchObject({ form: 'AE', field: 'AESTDAT', value: '2018-03-30' });
    expect(d.message).toContain('2018-03-30');
    expect(d.message).toContain('2018-03-01');
    expect(d.message).toContain('28 days');
    expect(found.get('S01-001|4')).toMatchObject({ value: '2018.04' });
  });

  it('does not fire without an end-of-treatment date', async () => {
    const api = studyWith({
      ...cleanSubject(S1),
      DS: [dsRow(S1)],
      AE: [aeRow(S1, 1, { AESTDAT: '2018-09-30', AEENDAT: '2018-10-02' })],
    });
    expect(await findings(api, ['AEDT-03'])).toEqual([]);
  });
});

describe('AEDT-04 AE starts or ends after death', () => {
  it('points at the start date or the end date, whichever is after death', async () => {
    const api = studyWith({
      ...cleanSubject(S1),
      DS: [dsRow(S1, { EOTDAT: '2018-03-20', DTHDAT: '2018-04-10' })],
      AE: [
        aeRow(S1, 1, { AESTDAT: '2018-04-11', AEENDAT: '2018-04-12' }),
        aeRow(S1, 2, { AESTDAT: '2018-04-01', AEENDAT: '2018-04-12' }),
        aeRow(S1, 3, { AESTDAT: '2018-04-01', AEENDAT: '2018-04' }),
        aeRow(S1, 4, { AESTDAT: '2018-04-01', AEENDAT: '2018-04-10' }),
      ],
    });
    const found = byKey(await findings(api, ['AEDT-04']));
    expect([...found.keys()].sort()).toEqual(['S01-001|1', 'S01-001|2']);
    expect(found.get('S01-001|1')).toMatchObject({ field: 'AESTDAT', value: '2018-04-11' });
    expect(found.get('S01-001|2')).toMatchObject({ field: 'AEENDAT', value: '2018-04-12' });
    expect(found.get('S01-001|2')!.message).toMatch(/ends 2018-04-12.*2018-04-10/);
  });
});

describe('AEDT-05 Ongoing flag conflicts with end date', () => {
  it('fires for ongoing with an end date (also an unreadable one) and for not ongoing without one', async () => {
    const api = studyWith({
      ...cleanSubject(S1),
      AE: [
        aeRow(S1, 1, { AEONGO: 'Y', AEENDAT: '2018-01-20' }),
        aeRow(S1, 2, { AEONGO: 'N', AEENDAT: '' }),
        aeRow(S1, 3, { AEONGO: '', AEENDAT: '' }),
        aeRow(S1, 4, { AEONGO: 'Y', AEENDAT: '2018-02-30' }),
        // Consistent: ongoing without end, ended with an end date.
        aeRow(S1, 5, { AEONGO: 'Y', AEENDAT: '' }),
        aeRow(S1, 6, { AEONGO: 'N', AEENDAT: '2018-01-20' }),
        aeRow(S1, 7, { AEONGO: '', AEENDAT: '2018-01' }),
        // Unreadable flag: DATA-05's.
        aeRow(S1, 8, { AEONGO: 'maybe', AEENDAT: '' }),
      ],
    });
    const found = byKey(await findings(api, ['AEDT-05']));
    expect([...found.keys()].sort()).toEqual(['S01-001|1', 'S01-001|2', 'S01-001|3', 'S01-001|4']);
    expect(found.get('S01-001|1')).toMatchObject({ form: 'AE', field: 'AEONGO', value: 'Y' });
    expect(found.get('S01-001|1')!.message).toContain('2018-01-20');
    expect(found.get('S01-001|2')).toMatchObject({ field: 'AEONGO', value: 'N' });
    expect(found.get('S01-001|2')!.message).toContain('no end date');
    expect(found.get('S01-001|3')!.message).toContain('AEONGO blank');
    expect(found.get('S01-001|4')!.message).toContain('2018-02-30');
  });
});

describe('AEDT-06 Fatal AE and death date disagree', () => {
  it('fires without a death date, and when the end date certainly differs from it', async () => {
    const api = studyWith({
      DM: [...cleanSubject(S1).DM, ...cleanSubject(S2).DM],
      DS: [dsRow(S2, { EOTDAT: '2018-03-20', DTHDAT: '2018-04-10' })],
      AE: [
        aeRow(S1, 1, { AEOUT: 'FATAL', AETOXGR: '5', AEENDAT: '2018-04-10' }),
        aeRow(S2, 1, { AEOUT: 'FATAL', AETOXGR: '5', AEENDAT: '2018-04-09' }),
        aeRow(S2, 2, { AEOUT: 'FATAL', AETOXGR: '5', AEENDAT: '2018-04-10' }),
        aeRow(S2, 3, { AEOUT: 'FATAL', AETOXGR: '5', AEENDAT: '2018-04' }),
        aeRow(S2, 4, { AEOUT: 'FATAL', AETOXGR: '5', AEENDAT: '', AEONGO: '' }),
        aeRow(S2, 5, { AEOUT: 'RECOVERED', AEENDAT: '2018-04-01' }),
      ],
    });
    const found = byKey(await findings(api, ['AEDT-06']));
    expect([...found.keys()].sort()).toEqual(['S01-001|1', 'S01-002|1']);
    const noDeath = found.get('S01-001|1')!;
    expect(noDeath).toMatchObject({ form: 'AE', field: 'AEOUT', value: 'FATAL', severity: 'critical' });
    expect(noDeath.message).toContain('no date of death');
    const differs = found.get('S01-002|1')!;
    expect(differs).toMatchObject({ field: 'AEENDAT', value: '2018-04-09' });
    expect(differs.message).toContain('2018-04-09');
    expect(differs.message).toContain('2018-04-10');
  });
});

describe('AEDT-07 AE date after the cut-off', () => {
  it('fires for a date certainly after the latest export date of the site', async () => {
    // Export of 2018-12-31.
    const api = studyWith({
      ...cleanSubject(S1),
      AE: [
        aeRow(S1, 1, { AESTDAT: '2019-01-01', AEENDAT: '2019-01-02' }),
        aeRow(S1, 2, { AESTDAT: '2018-12-20', AEENDAT: '2019' }),
        aeRow(S1, 3, { AESTDAT: '2018-12', AEENDAT: '' }),
        aeRow(S1, 4, { AESTDAT: '2018-12-01', AEENDAT: '2018-12-31' }),
      ],
    });
    const found = byKey(await findings(api, ['AEDT-07']));
    expect([...found.keys()].sort()).toEqual(['S01-001|1', 'S01-001|2']);
    expect(found.get('S01-001|1')).toMatchObject({ field: 'AESTDAT', value: '2019-01-01' });
    expect(found.get('S01-001|1')!.message).toMatch(/2019-01-01.*2018-12-31/);
    expect(found.get('S01-001|2')).toMatchObject({ field: 'AEENDAT', value: '2019' });
  });

  it('uses the latest export of the site: a later export closes it', async () => {
    const api = studyWith(
      { ...cleanSubject(S1), AE: [aeRow(S1, 1, { AESTDAT: '2019-01-01', AEENDAT: '2019-01-02' })] },
      '2019-01-31',
    );
    expect(await findings(api, ['AEDT-07'])).toEqual([]);
  });
});

describe('AEDT-08 Incomplete AE start date', () => {
  it('fires for a month or a year, not for a full date', async () => {
    const api = studyWith({
      ...cleanSubject(S1),
      AE: [
        aeRow(S1, 1, { AESTDAT: 'UNK-JAN-2018' }),
        aeRow(S1, 2, { AESTDAT: '2018', AEENDAT: '2018-12-01' }),
        aeRow(S1, 3),
      ],
    });
    const found = byKey(await findings(api, ['AEDT-08']));
    expect([...found.keys()].sort()).toEqual(['S01-001|1', 'S01-001|2']);
    expect(found.get('S01-001|1')).toMatchObject({
      field: 'AESTDAT',
      value: 'UNK-JAN-2018',
      severity: 'minor',
    });
    expect(found.get('S01-001|1')!.message).toContain('2018-01');
    expect(found.get('S01-001|2')!.message).toContain('month and day');
  });
});

describe('AEDT-09 Overlapping duplicate AE', () => {
  it('fires once, on the higher AESEQ, for the same AEDECOD with overlapping dates (no end date = cut-off)', async () => {
    const api = studyWith({
      ...cleanSubject(S1),
      AE: [
        aeRow(S1, 1, { AEDECOD: 'Fatigue', AESTDAT: '2018-01-15', AEENDAT: '2018-01-20' }),
        aeRow(S1, 2, {
          AEDECOD: 'FATIGUE',
          AETERM: '피곤함',
          AESTDAT: '2018-01-20',
          AEENDAT: '',
          AEONGO: 'Y',
        }),
        aeRow(S1, 3, { AEDECOD: 'Fatigue', AESTDAT: '2018-06-01', AEENDAT: '2018-06-03' }),
        // Another event on the same days.
        aeRow(S1, 4, { AEDECOD: 'Nausea', AETERM: '구역', AESTDAT: '2018-01-15', AEENDAT: '2018-01-20' }),
      ],
    });
    const found = byKey(await findings(api, ['AEDT-09']));
    // AE 2 overlaps AE 1 (they share 2018-01-20); AE 3 lies within AE 2, ongoing to the cut-off.
    expect([...found.keys()].sort()).toEqual(['S01-001|2', 'S01-001|3']);
    const d = found.get('S01-001|2')!;
    expect(d).toMatchObject({ checkId: 'AEDT-09', form: 'AE', field: 'AETERM', value: '피곤함' });
    expect(d.message).toContain('2018-01-20 to (no end date)');
    expect(d.message).toContain('AE 1 (피로), 2018-01-15 to 2018-01-20');
    expect(await relatedOf(api, d)).toEqual([{ form: 'AE', recordKey: 'S01-001|1' }]);
    expect(await relatedOf(api, found.get('S01-001|3')!)).toEqual([{ form: 'AE', recordKey: 'S01-001|2' }]);
  });

  it('compares AETERM ignoring case and spaces when AEDECOD is blank, and only where the overlap is certain', async () => {
    const api = studyWith({
      ...cleanSubject(S1),
      AE: [
        aeRow(S1, 1, { AEDECOD: '', AETERM: 'Skin Rash', AESTDAT: '2018-02-01', AEENDAT: '2018-02-05' }),
        aeRow(S1, 2, { AEDECOD: '', AETERM: 'skinrash', AESTDAT: '2018-02-05', AEENDAT: '2018-02-06' }),
        // May start after both ended: not certainly overlapping.
        aeRow(S1, 3, { AEDECOD: '', AETERM: 'SKIN  RASH', AESTDAT: '2018-02', AEENDAT: '2018-02-28' }),
        // Starts the day after AE 2 ended.
        aeRow(S1, 4, { AEDECOD: '', AETERM: 'skin rash', AESTDAT: '2018-02-07', AEENDAT: '2018-02-08' }),
      ],
    });
    const found = byKey(await findings(api, ['AEDT-09']));
    expect([...found.keys()]).toEqual(['S01-001|2']);
    expect(found.get('S01-001|2')!.message).toContain('Skin Rash');
  });
});

describe('AECON-01 Seriousness inconsistent', () => {
  it('fires for serious without a criterion and for a criterion on a non-serious AE', async () => {
    const api = studyWith({
      ...cleanSubject(S1),
      AE: [
        aeRow(S1, 1, { AESER: 'Y' }),
        aeRow(S1, 2, { AESER: 'N', AESMIE: 'Y', AESHOSP: 'Y' }),
        aeRow(S1, 3, {
          AESER: 'Y',
          AESDTH: '',
          AESLIFE: '',
          AESHOSP: '',
          AESDISAB: '',
          AESCONG: '',
          AESMIE: '',
        }),
        aeRow(S1, 4, { AESER: 'Y', AESHOSP: 'Y' }),
        aeRow(S1, 5, { AESER: 'N' }),
      ],
    });
    const found = byKey(await findings(api, ['AECON-01']));
    expect([...found.keys()].sort()).toEqual(['S01-001|1', 'S01-001|2', 'S01-001|3']);
    expect(found.get('S01-001|1')).toMatchObject({
      checkId: 'AECON-01',
      form: 'AE',
      field: 'AESER',
      value: 'Y',
      severity: 'critical',
    });
    expect(found.get('S01-001|1')!.message).toContain(
      'no seriousness criterion (AESDTH, AESLIFE, AESHOSP, AESDISAB, AESCONG, AESMIE) is Y',
    );
    expect(found.get('S01-001|2')).toMatchObject({ value: 'N' });
    expect(found.get('S01-001|2')!.message).toContain('AESHOSP, AESMIE = Y');
  });
});

describe('AECON-02 Grade and outcome inconsistent', () => {
  it('fires for grade 5 not fatal and for fatal below grade 5', async () => {
    const api = studyWith({
      ...cleanSubject(S1),
      AE: [
        aeRow(S1, 1, { AETOXGR: '5', AEOUT: 'RECOVERED/RESOLVED' }),
        aeRow(S1, 2, { AETOXGR: ' 3 ', AEOUT: 'fatal' }),
        aeRow(S1, 3, { AETOXGR: '5', AEOUT: '' }),
        aeRow(S1, 4, { AETOXGR: '5', AEOUT: 'FATAL' }),
        aeRow(S1, 5, { AETOXGR: '4', AEOUT: 'NOT RECOVERED/NOT RESOLVED' }),
        // An unreadable outcome is DATA-05's.
        aeRow(S1, 6, { AETOXGR: '5', AEOUT: 'gone' }),
      ],
    });
    const found = byKey(await findings(api, ['AECON-02']));
    expect([...found.keys()].sort()).toEqual(['S01-001|1', 'S01-001|2', 'S01-001|3']);
    expect(found.get('S01-001|1')).toMatchObject({ form: 'AE', field: 'AEOUT', value: 'RECOVERED/RESOLVED' });
    expect(found.get('S01-001|1')!.message).toMatch(/grade 5 .*RECOVERED\/RESOLVED, not FATAL/);
    expect(found.get('S01-001|2')).toMatchObject({ field: 'AETOXGR', value: ' 3 ' });
    expect(found.get('S01-001|2')!.message).toMatch(/FATAL but grade 3, not 5$/);
    expect(found.get('S01-001|3')!.message).toContain('outcome blank');
  });
});
