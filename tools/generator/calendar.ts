/**
 * Calendar days as the generator counts them (days since 1970-01-01, UTC), written here rather
 * than taken from the product's date reader: the generator states the truth it writes, and the
 * product is tested on reading it back.
 */

const MS_PER_DAY = 86_400_000;

/** Excel's serial number of 1970-01-01 (1900 date system). */
export const EXCEL_EPOCH_OFFSET = 25_569;

export function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

export function dayToIso(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function isoToDay(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return dayNumber(y!, m!, d!);
}

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
