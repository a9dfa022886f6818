import { describe, expect, it } from 'vitest';
import { dayToIso, excelSerialToDate, numberToDate, parseDate } from '../../electron/core/standardise/dates';

const iso = (raw: string) => {
  const d = parseDate(raw);
  return d.kind === 'date' ? d.iso : `invalid: ${d.reason.key}`;
};

describe('parseDate', () => {
  it.each([
    ['2018-03-05', '2018-03-05'],
    ['2018.03.05', '2018-03-05'],
    ['2018/03/05', '2018-03-05'],
    ['20180305', '2018-03-05'],
    ['05-MAR-2018', '2018-03-05'],
    ['05MAR2018', '2018-03-05'],
    ['05-mar-2018', '2018-03-05'],
    ['2018. 3. 5.', '2018-03-05'],
    ['2018.3.5', '2018-03-05'],
    [' 2018-03-05 ', '2018-03-05'],
    ['2018-03-05 00:00:00', '2018-03-05'],
    ['2018-03-05T00:00', '2018-03-05'],
    ['2018년 3월 5일', '2018-03-05'],
    ['2018-03-05 오후 3:12:00', '2018-03-05'],
    ['２０１８－０３－０５', '2018-03-05'],
    ['２０１８．３．５．', '2018-03-05'],
    ['2018-03-05\u3000', '2018-03-05'],
    ['2018년 3월 5일 월요일', '2018-03-05'],
    ['2018년 3월 5일 (월)', '2018-03-05'],
    ['2018. 3. 5. (월)', '2018-03-05'],
    ['2018/03/05(월)', '2018-03-05'],
    ['2018-03-05 (월) 오전 9:30', '2018-03-05'],
    ['2018-03-05 (Mon)', '2018-03-05'],
    ['05-MAR-2018 (Monday)', '2018-03-05'],
    ['March 5, 2018', '2018-03-05'],
    ['Mar. 5 2018', '2018-03-05'],
    ['Monday, March 5, 2018', '2018-03-05'],
    ['5 March 2018', '2018-03-05'],
    ['05-March-2018', '2018-03-05'],
    ['Mon 2018-03-05', '2018-03-05'],
    ['25/03/2018', '2018-03-25'],
    ['3/25/2018', '2018-03-25'],
    ['25.3.2018', '2018-03-25'],
    ['05-05-2018', '2018-05-05'],
    ['2018-03-05 3:12 PM', '2018-03-05'],
    ['2018/03/05 12:00:00 AM', '2018-03-05'],
    ['2018年3月5日', '2018-03-05'],
  ])('reads %s as a full date', (raw, expected) => {
    expect(iso(raw)).toBe(expected);
  });

  it.each([
    ['2018-03', '2018-03'],
    ['2018', '2018'],
    ['UNK-MAR-2018', '2018-03'],
    ['UN-03-2018', '2018-03'],
    ['2018.03.UK', '2018-03'],
    ['2018-UK-UK', '2018'],
    ['UNK-UNK-2018', '2018'],
    ['MAR-2018', '2018-03'],
    ['201803', '2018-03'],
    ['2018년 3월', '2018-03'],
    ['March 2018', '2018-03'],
    ['UNK-March-2018', '2018-03'],
  ])('keeps %s partial as %s', (raw, expected) => {
    const d = parseDate(raw);
    expect(d.kind === 'date' && d.partial).toBe(true);
    expect(iso(raw)).toBe(expected);
  });

  it('gives a partial date the whole span it may stand for', () => {
    const march = parseDate('2018-03');
    const year = parseDate('2018');
    if (march.kind !== 'date' || year.kind !== 'date') throw new Error('expected dates');
    expect([dayToIso(march.lo), dayToIso(march.hi)]).toEqual(['2018-03-01', '2018-03-31']);
    expect([dayToIso(year.lo), dayToIso(year.hi)]).toEqual(['2018-01-01', '2018-12-31']);
    const feb = parseDate('2020-02');
    if (feb.kind !== 'date') throw new Error('expected a date');
    expect(dayToIso(feb.hi)).toBe('2020-02-29');
  });

  it.each([
    '2019-02-30',
    '2018-13-01',
    '2018-00-10',
    '20181332',
    'yesterday',
    '05-03-2018',
    '2018-03-05-01',
    '1899-12-31',
    '32-MAR-2018',
    'FOO-2018',
    '2018년 3월 (월)',
    '월요일',
    '2018-03-05 (Monkey)',
    'Sept 5, 2018',
    'Marching 5, 2018',
    'Monday, March 2018',
    '3/5/2018',
  ])('reports %s as invalid', (raw) => {
    expect(parseDate(raw).kind).toBe('invalid');
  });

  it('asks which of day and month comes first where both readings are dates, naming both', () => {
    expect(parseDate('3/5/2018')).toMatchObject({
      kind: 'invalid',
      reason: { key: 'dayMonthAmbiguous', values: { dayFirst: '2018-05-03', monthFirst: '2018-03-05' } },
      readings: { dayFirst: { iso: '2018-05-03' }, monthFirst: { iso: '2018-03-05' } },
    });
    expect(iso('05-03-2018')).toBe('invalid: dayMonthAmbiguous');
    expect(iso('31/02/2018')).toBe('invalid: noSuchDay');
    expect(iso('13/13/2018')).toBe('invalid: noSuchMonth');
    expect(iso('0/5/2018')).toBe('invalid: notADate');
    expect(iso('3/5/1800')).toBe('invalid: yearOutOfRange');
  });

  it('says which way round a date in figures was read where only one way is possible', () => {
    expect(parseDate('25/03/2018')).toMatchObject({ iso: '2018-03-25', order: 'dayFirst' });
    expect(parseDate('3/25/2018')).toMatchObject({ iso: '2018-03-25', order: 'monthFirst' });
    expect(parseDate('03/03/2018')).not.toHaveProperty('order');
  });

  it('reads day and month either way round by the weekday written beside them, where one reading falls on it', () => {
    // 2018-01-12 was a Friday, 2018-12-01 a Saturday.
    expect(iso('12.1.2018 (Fri)')).toBe('2018-01-12');
    expect(iso('12/1/2018 (토)')).toBe('2018-12-01');
    expect(iso('Saturday, 12/1/2018')).toBe('2018-12-01');
    expect(iso('12.1.2018 (Sun)')).toBe('invalid: dayMonthAmbiguous');
    // 2018-02-05 and 2018-05-02: a Monday and a Wednesday; 2018-03-06 and 2018-06-03: a Tuesday and a Sunday.
    expect(iso('5/2/2018 (수)')).toBe('2018-05-02');
    expect(iso('6/3/2018 (Tue)')).toBe('2018-03-06');
  });

  it.each([
    '5-Mar-18',
    '05MAR18',
    'Mar-18',
    '18.03.05',
    '18. 3. 5.',
    '18-03-05',
    '3/5/18',
    '25/03/18',
    '190107',
    '200512',
  ])('reports %s as a year of two digits', (raw) => {
    expect(parseDate(raw)).toEqual({ kind: 'invalid', reason: { key: 'twoDigitYear', values: {} } });
  });

  it("reports a weekday that is not the date's own, naming both", () => {
    expect(parseDate('2018년 3월 6일 월요일')).toEqual({
      kind: 'invalid',
      reason: { key: 'weekdayMismatch', values: { date: '2018-03-06', weekday: '월요일' } },
    });
    expect(iso('2018-03-04 (Sun)')).toBe('2018-03-04');
    expect(parseDate('2018-03-04 (Saturday)')).toEqual({
      kind: 'invalid',
      reason: { key: 'weekdayMismatch', values: { date: '2018-03-04', weekday: 'SATURDAY' } },
    });
    expect(iso('2018. 3. 5. (화)')).toBe('invalid: weekdayMismatch');
    expect(parseDate('Tuesday, March 5, 2018')).toEqual({
      kind: 'invalid',
      reason: { key: 'weekdayMismatch', values: { date: '2018-03-05', weekday: 'TUESDAY' } },
    });
    expect(iso('1969-12-31 (수)')).toBe('1969-12-31'); // before day 0 of the day numbers
  });
});

describe('excelSerialToDate', () => {
  const read = (serial: number, date1904 = false) => {
    const d = excelSerialToDate(serial, date1904);
    return d.kind === 'date' ? d.iso : `invalid: ${d.reason.key}`;
  };
  it.each([
    [1, '1900-01-01'],
    [59, '1900-02-28'],
    [61, '1900-03-01'],
    [25569, '1970-01-01'],
    [43844, '2020-01-14'],
    [73415, '2100-12-31'],
  ])('counts serial %s as Excel does (1900 system): %s', (serial, expected) => {
    expect(read(serial)).toBe(expected);
  });
  it('reads the 1904 system from its day 0', () => {
    expect(read(0, true)).toBe('1904-01-01');
    expect(read(42382, true)).toBe('2020-01-14');
  });
  it('refuses day 0, the 1900-02-29 Excel invented, and days after 2100', () => {
    expect(read(0)).toBe('invalid: excelDayZero');
    expect(read(60)).toBe('invalid: excelLeapDay');
    expect(read(73416)).toBe('invalid: excelSerialAfter');
  });
  it('reads Excel serial days', () => {
    const d = excelSerialToDate(43164);
    expect(d.kind === 'date' && d.iso).toBe('2018-03-05');
    const withTime = excelSerialToDate(43164.75);
    expect(withTime.kind === 'date' && withTime.iso).toBe('2018-03-05');
  });
  it('refuses serials that are no plausible date', () => {
    expect(excelSerialToDate(-5).kind).toBe('invalid');
    expect(excelSerialToDate(Number.NaN).kind).toBe('invalid');
  });
});

describe('numberToDate: a bare number in a date column', () => {
  const read = (n: number, date1904 = false) => {
    const { date, kind } = numberToDate(n, date1904);
    return [kind, date.kind === 'date' ? date.iso : 'invalid'];
  };
  it.each([
    [43844, 'serial', '2020-01-14'],
    [43844.5, 'serial', '2020-01-14'],
    [1900, 'year', '1900'],
    [2015, 'year', '2015'],
    [2100, 'year', '2100'],
    [1899, 'serial', '1905-03-13'],
    [2101, 'serial', '1905-10-01'],
    [2015.5, 'serial', '1905-07-07'],
    [19000101, 'yyyymmdd', '1900-01-01'],
    [20200114, 'yyyymmdd', '2020-01-14'],
    [21001231, 'yyyymmdd', '2100-12-31'],
    [20190230, 'yyyymmdd', 'invalid'],
    [21010101, 'serial', 'invalid'],
    [201803, 'serial', 'invalid'],
  ])('%s is a %s: %s', (n, kind, iso) => {
    expect(read(n)).toEqual([kind, iso]);
  });
  it('a year stays a year and yyyymmdd stays yyyymmdd in a 1904 workbook; serials count from 1904', () => {
    expect(read(2015, true)).toEqual(['year', '2015']);
    expect(read(20200114, true)).toEqual(['yyyymmdd', '2020-01-14']);
    expect(read(42382, true)).toEqual(['serial', '2020-01-14']);
  });
  it('a year is partial, with the whole year as its span', () => {
    const { date } = numberToDate(2015);
    if (date.kind !== 'date') throw new Error('expected a date');
    expect([date.partial, dayToIso(date.lo), dayToIso(date.hi)]).toEqual([true, '2015-01-01', '2015-12-31']);
  });
});
