/**
 * Reading the dates sites write. A date is kept as ISO 8601 text (partial dates as `2018-03` or
 * `2018`) with the first and last calendar day it may stand for, as day numbers (days since
 * 1970-01-01), so that every comparison can ask "certainly before" as `a.hi < b.lo`.
 */

import { dayNumber, dayToIso, isoToDay } from '../../../shared/calendar-days';

export type ParsedDate =
  | { kind: 'date'; iso: string; lo: number; hi: number; partial: boolean }
  | { kind: 'invalid'; reason: string };

export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;

const MONTHS: Record<string, number> = {
  JAN: 1,
  FEB: 2,
  MAR: 3,
  APR: 4,
  MAY: 5,
  JUN: 6,
  JUL: 7,
  AUG: 8,
  SEP: 9,
  OCT: 10,
  NOV: 11,
  DEC: 12,
};
const UNKNOWN = new Set(['UN', 'UK', 'UNK', 'XX', '--']);

export { dayNumber, dayToIso, isoToDay };

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Builds the parsed date from parts, where undefined means "unknown" (a partial date). */
function fromParts(year: number, month: number | undefined, day: number | undefined): ParsedDate {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    return { kind: 'invalid', reason: `year ${year} is out of range` };
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
  if (month < 1 || month > 12) return { kind: 'invalid', reason: `month ${month} does not exist` };
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
    return { kind: 'invalid', reason: `${year}-${pad2(month)} has no day ${day}` };
  }
  const d = dayNumber(year, month, day);
  return { kind: 'date', iso: `${year}-${pad2(month)}-${pad2(day)}`, lo: d, hi: d, partial: false };
}

/** A number, or undefined for an unknown marker (UN, UK, UNK). Returns NaN for anything else. */
function part(text: string | undefined): number | undefined {
  if (text === undefined || UNKNOWN.has(text)) return undefined;
  return /^\d+$/.test(text) ? Number(text) : NaN;
}

function monthPart(text: string): number | undefined {
  if (UNKNOWN.has(text)) return undefined;
  return MONTHS[text] ?? NaN;
}

/** Once the month is unknown, a known day means nothing: the date is the year. */
function partial(year: number, month: number | undefined, day: number | undefined): ParsedDate {
  if ([year, month, day].some((n) => Number.isNaN(n))) return { kind: 'invalid', reason: 'not a date' };
  return fromParts(year, month, month === undefined ? undefined : day);
}

const U = 'UNK|UN|UK|XX|--';
const ISO_FULL = /^(\d{4})-(\d{2})-(\d{2})$/;
const YMD = new RegExp(`^(\\d{4})\\s*([-./])\\s*(\\d{1,2}|${U})\\s*\\2\\s*(\\d{1,2}|${U})\\s*\\.?$`);
const YM = new RegExp(`^(\\d{4})\\s*[-./]\\s*(\\d{1,2}|${U})\\s*\\.?$`);
const COMPACT = /^(\d{4})(\d{2})(\d{2})?$/;
const DMONY = new RegExp(`^(\\d{1,2}|${U})[-\\s/]?([A-Z]{3}|${U})[-\\s/]?(\\d{4})$`);
const MONY = /^([A-Z]{3})[-\s/]?(\d{4})$/;
const DMY_UNKNOWN_DAY = new RegExp(`^(${U})[-./](\\d{1,2}|${U})[-./](\\d{4})$`);
const KOREAN = /^(\d{4})\s*년(?:\s*(\d{1,2})\s*월(?:\s*(\d{1,2})\s*일)?)?$/;
const TIME_SUFFIX =
  /(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?|\s+(?:AM|PM|오전|오후)\s*\d{1,2}:\d{2}(?::\d{2})?)$/;

/**
 * Parses one date as a site wrote it (the caller has already set aside missing markers).
 * Accepts the formats of site-exports.md; anything else, or a day that does not exist, is invalid.
 */
export function parseDate(raw: string): ParsedDate {
  const text = raw.trim().toUpperCase();
  let m = ISO_FULL.exec(text);
  if (m) return fromParts(Number(m[1]), Number(m[2]), Number(m[3]));
  const withoutTime = text.replace(TIME_SUFFIX, '');
  if (withoutTime !== text && withoutTime.length >= 8) return parseDate(withoutTime);
  if ((m = YMD.exec(text))) return partial(Number(m[1]), part(m[3]), part(m[4]));
  if ((m = YM.exec(text))) return partial(Number(m[1]), part(m[2]), undefined);
  if ((m = COMPACT.exec(text)))
    return partial(Number(m[1]), Number(m[2]), m[3] === undefined ? undefined : Number(m[3]));
  if (/^\d{4}$/.test(text)) return fromParts(Number(text), undefined, undefined);
  if ((m = DMONY.exec(text))) return partial(Number(m[3]), monthPart(m[2]!), part(m[1]));
  if ((m = MONY.exec(text))) return partial(Number(m[2]), monthPart(m[1]!), undefined);
  if ((m = DMY_UNKNOWN_DAY.exec(text))) return partial(Number(m[3]), part(m[2]), undefined);
  if ((m = KOREAN.exec(text))) {
    return partial(
      Number(m[1]),
      m[2] === undefined ? undefined : Number(m[2]),
      m[3] === undefined ? undefined : Number(m[3]),
    );
  }
  return { kind: 'invalid', reason: 'not a date' };
}

/** Excel stores dates as days since 1899-12-30 (its 1900 leap-year bug is before any real date here). */
export const EXCEL_EPOCH_OFFSET = 25_569;

export function excelSerialToDate(serial: number): ParsedDate {
  if (!Number.isFinite(serial) || serial < 1 || serial > 100_000)
    return { kind: 'invalid', reason: 'not a date' };
  const day = Math.floor(serial) - EXCEL_EPOCH_OFFSET;
  const iso = dayToIso(day);
  const year = Number(iso.slice(0, 4));
  if (year < MIN_YEAR || year > MAX_YEAR) return { kind: 'invalid', reason: `year ${year} is out of range` };
  return { kind: 'date', iso, lo: day, hi: day, partial: false };
}
