/**
 * Reading the dates sites write. A date is kept as ISO 8601 text (partial dates as `2018-03` or
 * `2018`) with the first and last calendar day it may stand for, as day numbers (days since
 * 1970-01-01), so that every comparison can ask "certainly before" as `a.hi < b.lo`.
 */

import type { MessageArgs } from '../../../shared/messages/render-message';

/** Why a date could not be read, as a message (the shared phrases yearOutOfRange, noSuchDay, ...). */
export type DateProblem = MessageArgs;
import { dayNumber, dayToIso, isoToDay } from '../../../shared/calendar-days';

/** Which comes first where a date writes day and month in figures before the year. */
export type FiguresOrder = 'dayFirst' | 'monthFirst';

export type FullDate = {
  kind: 'date';
  iso: string;
  lo: number;
  hi: number;
  partial: boolean;
  /** Day and month in figures that can be read one way only (`25/03/2018`): which way. */
  order?: FiguresOrder;
};

export type ParsedDate =
  | FullDate
  /** `readings`: day and month in figures that can be read either way (`05/03/2018`), each way. */
  | { kind: 'invalid'; reason: DateProblem; readings?: Record<FiguresOrder, FullDate> };

const NOT_A_DATE: ParsedDate = { kind: 'invalid', reason: { key: 'notADate', values: {} } };
const yearOutOfRange = (year: number): ParsedDate => ({
  kind: 'invalid',
  reason: { key: 'yearOutOfRange', values: { year } },
});

export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;

const MONTH_NAMES = [
  'JANUARY',
  'FEBRUARY',
  'MARCH',
  'APRIL',
  'MAY',
  'JUNE',
  'JULY',
  'AUGUST',
  'SEPTEMBER',
  'OCTOBER',
  'NOVEMBER',
  'DECEMBER',
];
/** The months' first three letters, as in `05-MAR-2018`. */
const MONTHS: Record<string, number> = Object.fromEntries(
  MONTH_NAMES.map((name, i) => [name.slice(0, 3), i + 1]),
);
const UNKNOWN = new Set(['UN', 'UK', 'UNK', 'XX', '--']);

export { dayNumber, dayToIso, isoToDay };

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Builds the parsed date from parts, where undefined means "unknown" (a partial date). */
function fromParts(year: number, month: number | undefined, day: number | undefined): ParsedDate {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    return yearOutOfRange(year);
  }
  if (month === undefined) {
    return {
      kind: 'date',
      iso: String(year),
      lo: dayNumber(year, 1, 1),
      hi: dayNumber(year, 12, 31),
      partial: true,
    };
  }
  if (month < 1 || month > 12) return { kind: 'invalid', reason: { key: 'noSuchMonth', values: { month } } };
  if (day === undefined) {
    return {
      kind: 'date',
      iso: `${year}-${pad2(month)}`,
      lo: dayNumber(year, month, 1),
      hi: dayNumber(year, month, daysInMonth(year, month)),
      partial: true,
    };
  }
  if (day < 1 || day > daysInMonth(year, month)) {
    return {
      kind: 'invalid',
      reason: { key: 'noSuchDay', values: { month: `${year}-${pad2(month)}`, day } },
    };
  }
  const d = dayNumber(year, month, day);
  return { kind: 'date', iso: `${year}-${pad2(month)}-${pad2(day)}`, lo: d, hi: d, partial: false };
}

/** A number, or undefined for an unknown marker (UN, UK, UNK). Returns NaN for anything else. */
function part(text: string | undefined): number | undefined {
  if (text === undefined || UNKNOWN.has(text)) return undefined;
  return /^\d+$/.test(text) ? Number(text) : NaN;
}

/** A month as written in letters (`MAR`, `MARCH`), or undefined for an unknown marker. */
function monthPart(text: string): number | undefined {
  if (UNKNOWN.has(text)) return undefined;
  if (text.length === 3) return MONTHS[text] ?? NaN;
  const full = MONTH_NAMES.indexOf(text);
  return full === -1 ? NaN : full + 1;
}

/** Once the month is unknown, a known day means nothing: the date is the year. */
function partial(year: number, month: number | undefined, day: number | undefined): ParsedDate {
  if ([year, month, day].some((n) => Number.isNaN(n))) return NOT_A_DATE;
  return fromParts(year, month, month === undefined ? undefined : day);
}

const U = 'UNK|UN|UK|XX|--';
const ISO_FULL = /^(\d{4})-(\d{2})-(\d{2})$/;
const YMD = new RegExp(`^(\\d{4})\\s*([-./])\\s*(\\d{1,2}|${U})\\s*\\2\\s*(\\d{1,2}|${U})\\s*\\.?$`);
const YM = new RegExp(`^(\\d{4})\\s*[-./]\\s*(\\d{1,2}|${U})\\s*\\.?$`);
const COMPACT = /^(\d{4})(\d{2})(\d{2})?$/;
const TWO_DIGIT_YEAR_DATE: ParsedDate = { kind: 'invalid', reason: { key: 'twoDigitYear', values: {} } };

/**
 * Six figures are `yyyymm` (`201803`) unless they also read as `yymmdd` (`190107`: July 1901 or
 * 7 January 2019?): hospitals type both, so a value that can be either is not guessed.
 */
function couldBeYymmdd(sixFigures: string): boolean {
  const month = Number(sixFigures.slice(2, 4));
  const day = Number(sixFigures.slice(4, 6));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}
const DMONY = new RegExp(`^(\\d{1,2}|${U})[-\\s/]?([A-Z]{3,9}|${U})[-\\s/]?(\\d{4})$`);
const MONY = /^([A-Z]{3,9})[-\s/]?(\d{4})$/;
/** English Excel's long dates: `March 5, 2018`, `Mar. 5 2018`. */
const MDY_NAMED = /^([A-Z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})$/;
const DMY_UNKNOWN_DAY = new RegExp(`^(${U})[-./](\\d{1,2}|${U})[-./](\\d{4})$`);
/** Day and month in figures before the year, either first: `25/03/2018`, `3.25.2018`. */
const NUMERIC_BEFORE_YEAR = /^(\d{1,2})\s*([-./])\s*(\d{1,2})\s*\2\s*(\d{4})\.?$/;
/** A date whose year has two digits (`5-Mar-18`, `18.03.05`, `3/5/18`): the century is unknown. */
const TWO_DIGIT_YEAR = [
  /^\d{1,2}[-\s/]?[A-Z]{3,9}[-\s/]?\d{2}$/,
  /^[A-Z]{3,9}-\d{2}$/,
  /^\d{2}\s*([-./])\s*\d{1,2}\s*\1\s*\d{1,2}\s*\.?$/,
  /^\d{1,2}\s*([-./])\s*\d{1,2}\s*\1\s*\d{2}$/,
];
const KOREAN = /^(\d{4})\s*[년年](?:\s*(\d{1,2})\s*[월月](?:\s*(\d{1,2})\s*[일日])?)?$/;
const TIME_SUFFIX =
  /(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*(?:AM|PM))?(?:Z|[+-]\d{2}:?\d{2})?|\s+(?:AM|PM|오전|오후)\s*\d{1,2}:\d{2}(?::\d{2})?)$/;
/** Long dates name the weekday: `2018년 3월 5일 월요일`, `2018. 3. 5. (월)`, `Monday, March 5, 2018`. */
const KOREAN_WEEKDAYS = '일월화수목금토';
const ENGLISH_WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const KOREAN_WEEKDAY = `([${KOREAN_WEEKDAYS}])`;
/** An English weekday, its first three letters captured: `MON`, `MONDAY`. */
const ENGLISH_WEEKDAY = `(${ENGLISH_WEEKDAYS.join('|')})(?:DAY|SDAY|NESDAY|RSDAY|URDAY)?`;
const WEEKDAY_SUFFIX = new RegExp(
  `\\s*(?:\\(\\s*${KOREAN_WEEKDAY}(?:요일)?\\s*\\)|${KOREAN_WEEKDAY}요일|\\(\\s*(${ENGLISH_WEEKDAY})\\s*\\))$`,
);
const WEEKDAY_PREFIX = new RegExp(`^${ENGLISH_WEEKDAY},?\\s+`);
/** Full-width digits and signs (a Korean input method left in full-width mode): read as ASCII. */
const FULL_WIDTH = /[\uff01-\uff5e\u3000]/;

/** 0 for Sunday ... 6 for Saturday; day 0, 1970-01-01, was a Thursday. */
const weekdayOf = (day: number) => (((day + 4) % 7) + 7) % 7;

/**
 * A date written with a weekday (0 for Sunday): the date, if the weekday is its own. Of a date
 * whose day and month can be read either way, the one reading that falls on that weekday.
 */
function onWeekday(date: ParsedDate, wanted: number, written: string): ParsedDate {
  if (date.kind !== 'date') {
    const onThatDay = Object.values(date.readings ?? {}).filter((d) => weekdayOf(d.lo) === wanted);
    return onThatDay.length === 1 ? onThatDay[0]! : date;
  }
  if (date.partial) return NOT_A_DATE;
  if (weekdayOf(date.lo) === wanted) return date;
  return {
    kind: 'invalid',
    reason: { key: 'weekdayMismatch', values: { date: date.iso, weekday: written } },
  };
}

function withWeekdaySuffix(text: string, weekday: RegExpExecArray): ParsedDate {
  const date = parseDate(text.slice(0, weekday.index));
  const korean = weekday[1] ?? weekday[2];
  if (korean) return onWeekday(date, KOREAN_WEEKDAYS.indexOf(korean), `${korean}요일`);
  return onWeekday(date, ENGLISH_WEEKDAYS.indexOf(weekday[4]!), weekday[3]!);
}

/**
 * Parses one date as a site wrote it (the caller has already set aside missing markers).
 * Accepts the formats of site-exports.md; anything else, or a day that does not exist, is invalid.
 */
export function parseDate(raw: string): ParsedDate {
  const text = raw.trim().toUpperCase();
  let m = ISO_FULL.exec(text);
  if (m) return fromParts(Number(m[1]), Number(m[2]), Number(m[3]));
  if (FULL_WIDTH.test(text)) return parseDate(text.normalize('NFKC'));
  const withoutTime = text.replace(TIME_SUFFIX, '');
  if (withoutTime !== text && withoutTime.length >= 8) return parseDate(withoutTime);
  if ((m = WEEKDAY_SUFFIX.exec(text))) return withWeekdaySuffix(text, m);
  if ((m = WEEKDAY_PREFIX.exec(text)))
    return onWeekday(
      parseDate(text.slice(m[0].length)),
      ENGLISH_WEEKDAYS.indexOf(m[1]!),
      m[0].replace(/,?\s+$/, ''),
    );
  if ((m = YMD.exec(text))) return partial(Number(m[1]), part(m[3]), part(m[4]));
  if ((m = YM.exec(text))) return partial(Number(m[1]), part(m[2]), undefined);
  if ((m = COMPACT.exec(text))) {
    if (m[3] === undefined && couldBeYymmdd(text)) return TWO_DIGIT_YEAR_DATE;
    return partial(Number(m[1]), Number(m[2]), m[3] === undefined ? undefined : Number(m[3]));
  }
  if (/^\d{4}$/.test(text)) return fromParts(Number(text), undefined, undefined);
  if ((m = DMONY.exec(text))) return partial(Number(m[3]), monthPart(m[2]!), part(m[1]));
  if ((m = MONY.exec(text))) return partial(Number(m[2]), monthPart(m[1]!), undefined);
  if ((m = MDY_NAMED.exec(text))) return partial(Number(m[3]), monthPart(m[1]!), part(m[2]));
  if ((m = DMY_UNKNOWN_DAY.exec(text))) return partial(Number(m[3]), part(m[2]), undefined);
  if ((m = KOREAN.exec(text))) {
    return partial(
      Number(m[1]),
      m[2] === undefined ? undefined : Number(m[2]),
      m[3] === undefined ? undefined : Number(m[3]),
    );
  }
  if ((m = NUMERIC_BEFORE_YEAR.exec(text))) return dayOrMonthFirst(Number(m[1]), Number(m[3]), Number(m[4]));
  if (TWO_DIGIT_YEAR.some((pattern) => pattern.test(text))) return TWO_DIGIT_YEAR_DATE;
  return NOT_A_DATE;
}

/**
 * `a/b/yyyy`: read only where one reading is possible (one of the two is over 12, or both are
 * the same); else the site is asked which it meant, with both dates named.
 */
function dayOrMonthFirst(a: number, b: number, year: number): ParsedDate {
  if (a === b) return fromParts(year, b, a);
  if (a > 12) return inOrder(fromParts(year, b, a), 'dayFirst');
  if (b > 12) return inOrder(fromParts(year, a, b), 'monthFirst');
  if (a === 0 || b === 0) return NOT_A_DATE;
  const dayFirst = fromParts(year, b, a);
  const monthFirst = fromParts(year, a, b);
  if (dayFirst.kind !== 'date' || monthFirst.kind !== 'date') return dayFirst;
  return {
    kind: 'invalid',
    reason: { key: 'dayMonthAmbiguous', values: { dayFirst: dayFirst.iso, monthFirst: monthFirst.iso } },
    readings: { dayFirst, monthFirst },
  };
}

const inOrder = (date: ParsedDate, order: FiguresOrder): ParsedDate =>
  date.kind === 'date' ? { ...date, order } : date;

/** Excel's 1900 date system counts days from 1899-12-30 (for serials from 61, 1900-03-01, on). */
export const EXCEL_EPOCH_OFFSET = 25_569;
/** Days between Excel's 1904 and 1900 date systems: serial 0 of the 1904 system is serial 1462 of the 1900 one. */
export const DATE1904_OFFSET = 1462;
/** Serial 60 of the 1900 system is 1900-02-29, a day Lotus 1-2-3 invented and Excel kept. */
const LOTUS_LEAP_DAY = 60;

const LAST_DAY = dayNumber(MAX_YEAR, 12, 31);

/**
 * An Excel serial day (the fraction, a time of day, is dropped) in the workbook's date system.
 * Serials before 1900-03-01 are counted as Excel counts them, around its 1900-02-29.
 */
export function excelSerialToDate(serial: number, date1904 = false): ParsedDate {
  if (!Number.isFinite(serial) || serial < 0) return NOT_A_DATE;
  const whole = Math.floor(serial);
  let day: number;
  if (date1904) day = whole + DATE1904_OFFSET - EXCEL_EPOCH_OFFSET;
  else if (whole === 0) return { kind: 'invalid', reason: { key: 'excelDayZero', values: {} } };
  else if (whole === LOTUS_LEAP_DAY) return { kind: 'invalid', reason: { key: 'excelLeapDay', values: {} } };
  else day = whole < LOTUS_LEAP_DAY ? whole - EXCEL_EPOCH_OFFSET + 1 : whole - EXCEL_EPOCH_OFFSET;
  if (day > LAST_DAY)
    return { kind: 'invalid', reason: { key: 'excelSerialAfter', values: { year: MAX_YEAR } } };
  const iso = dayToIso(day);
  return { kind: 'date', iso, lo: day, hi: day, partial: false };
}

/** How a bare number in a date column was read (site-exports.md, Values). */
export type NumberDateKind = 'serial' | 'year' | 'yyyymmdd';

const YYYYMMDD_FIRST = MIN_YEAR * 10_000 + 101;
const YYYYMMDD_LAST = MAX_YEAR * 10_000 + 1231;

/**
 * A bare number in a `...DAT` column (an xlsx cell that lost its date format, or a CSV saved from
 * such a sheet): an integer 1900-2100 is a year typed into the cell (a partial date); an integer
 * 19000101-21001231 is `yyyymmdd`; any other number is an Excel serial day.
 */
export function numberToDate(n: number, date1904 = false): { date: ParsedDate; kind: NumberDateKind } {
  if (Number.isInteger(n) && n >= MIN_YEAR && n <= MAX_YEAR)
    return { date: fromParts(n, undefined, undefined), kind: 'year' };
  if (Number.isInteger(n) && n >= YYYYMMDD_FIRST && n <= YYYYMMDD_LAST) {
    const year = Math.floor(n / 10_000);
    const month = Math.floor(n / 100) % 100;
    return { date: fromParts(year, month, n % 100), kind: 'yyyymmdd' };
  }
  return { date: excelSerialToDate(n, date1904), kind: 'serial' };
}

const BARE_NUMBER = /^\d+(?:\.\d+)?$/;

/** Text that is a bare number as Excel's General format shows one (`43844`, `43844.5`). */
export function bareNumber(text: string): number | undefined {
  const t = text.trim();
  return BARE_NUMBER.test(t) ? Number(t) : undefined;
}
