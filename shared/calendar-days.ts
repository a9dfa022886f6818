/**
 * Calendar days as day numbers (days since 1970-01-01, UTC): how every date is compared, in the
 * database (`<DATE>_lo` / `<DATE>_hi`), the core and the tools beside it.
 */

const MS_PER_DAY = 86_400_000;

export function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

/** The texts made so far: a study's dates fall on a few thousand days, read again and again. */
const isoOfDay = new Map<number, string>();

export function dayToIso(day: number): string {
  let iso = isoOfDay.get(day);
  if (iso === undefined) {
    iso = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    if (isoOfDay.size < 100_000) isoOfDay.set(day, iso);
  }
  return iso;
}

export function isoToDay(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return dayNumber(y!, m!, d!);
}
