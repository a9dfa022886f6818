import { dayNumber, dayToIso, isoToDay } from '../../shared/calendar-days';

/**
 * Calendar days as the generator counts them (day numbers of shared/calendar-days.ts). The spans
 * of ISO dates are its own, not the product's date reader: the generator states the truth it
 * writes, and the product is tested on reading it back.
 */

export { dayNumber, dayToIso, isoToDay };

/** Excel's serial number of 1970-01-01 (1900 date system). */
export const EXCEL_EPOCH_OFFSET = 25_569;

/** Days between Excel's 1904 and 1900 date systems: a 1904 workbook's serial is this much smaller. */
export const DATE1904_OFFSET = 1462;

/** The first and last day an ISO date stands for (`2018`, `2018-03` or `2018-03-05`); null for anything else. */
export function isoSpan(iso: string): { lo: number; hi: number } | null {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(iso);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), match[2] && Number(match[2]), match[3] && Number(match[3])];
  if (!month) return { lo: dayNumber(year, 1, 1), hi: dayNumber(year, 12, 31) };
  if (!day) return { lo: dayNumber(year, month, 1), hi: dayNumber(year, month + 1, 0) };
  const lo = dayNumber(year, month, day);
  return dayToIso(lo) === iso ? { lo, hi: lo } : null;
}
