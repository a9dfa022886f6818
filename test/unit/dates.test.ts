import { describe, expect, it } from 'vitest';
import { dayToIso, excelSerialToDate, parseDate } from '../../electron/core/standardise/dates';

const iso = (raw: string) => {
  const d = parseDate(raw);
  return d.kind === 'date' ? d.iso : `invalid: ${d.reason}`;
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
  ])('reports %s as invalid', (raw) => {
    expect(parseDate(raw).kind).toBe('invalid');
  });
});

describe('excelSerialToDate', () => {
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
