import { dayToIso, isoToDay } from '../../calendar';
import { formatFullDate } from '../../messy-values';
import type { Random } from '../../random';
import type { SiteStyle } from '../../site-formats';
import type { TruthRow } from '../../subject-records';
import type { Candidate, Plant, Zone } from './planter';
import { dayOf, numberOf, textOf, type SubjectRows } from './subject-rows';

/** Small tools the planters share. */

export const iso = dayToIso;
export const day = isoToDay;

/** `1 day`, `3 days`. */
export function days(n: number): string {
  return `${n} day${n === 1 ? '' : 's'}`;
}

export function shuffled<T>(random: Random, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** The items starting at `start` (mod length), wrapping round: a planter's kinds of error in turn. */
export function rotated<T>(items: readonly T[], start: number): T[] {
  if (items.length === 0) return [];
  const k = ((start % items.length) + items.length) % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

/** A candidate for each row, in a random order. */
export function each(
  random: Random,
  rows: readonly TruthRow[],
  make: (row: TruthRow) => Candidate | undefined,
): Candidate[] {
  return shuffled(random, rows)
    .map(make)
    .filter((c): c is Candidate => c !== undefined);
}

export function plant(
  form: string,
  recordKey: string,
  field: string,
  what: string,
  zones?: readonly Zone[],
): Plant {
  return { target: { form, recordKey, field }, what, zones };
}

/** A date of the same month with a day it does not have (2019-02-30, 2018-04-31), or undefined for a 31-day month. */
export function impossibleDayOf(isoDate: string): string | undefined {
  const year = Number(isoDate.slice(0, 4));
  const month = Number(isoDate.slice(5, 7));
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (days === 31) return undefined;
  return `${isoDate.slice(0, 8)}${month === 2 ? 30 : 31}`;
}

/** A date written the way the site writes its dates (text, also in a workbook). */
export function siteDateText(style: SiteStyle, isoDate: string): string {
  return formatFullDate(isoDate, style.dates.primary, style.dates.monthCase === 'title');
}

/** Is the medication one of the study's antithrombotics (SAFE-01)? */
export function isAntithrombotic(names: readonly string[], row: TruthRow): boolean {
  const name = (textOf(row, 'CMTRT') ?? '').toLowerCase();
  return names.some((n) => name.includes(n));
}

/** The subject's cycle day 1 of each cycle (full dates). */
export function cycleStarts(s: SubjectRows, studyDrug: string): Map<number, { day: number; row: TruthRow }> {
  const starts = new Map<number, { day: number; row: TruthRow }>();
  for (const p of s.periods(studyDrug)) {
    const cycle = Number(p.values.CYCLE);
    const start = dayOf(p, 'EXSTDAT');
    if (start === null) continue;
    const known = starts.get(cycle);
    if (!known || start < known.day) starts.set(cycle, { day: start, row: p });
  }
  return starts;
}

/** Numbers of the next higher and lower dose level. */
export function levelAbove(levels: readonly number[], dose: number): number | undefined {
  return [...levels].sort((a, b) => a - b).find((l) => l > dose);
}

export function levelBelow(levels: readonly number[], dose: number): number | undefined {
  return [...levels].sort((a, b) => b - a).find((l) => l < dose);
}

/** Labs of these tests dated (a full date) within [from, to]. */
export function labsWithin(s: SubjectRows, tests: readonly string[], from: number, to: number): TruthRow[] {
  return s.rows('LB').filter((l) => {
    const d = dayOf(l, 'LBDAT');
    return tests.includes(textOf(l, 'LBTESTCD') ?? '') && d !== null && d >= from && d <= to;
  });
}

/** Dosing on through a count taken within [from, to] would be DOSE-10: a change to dosing keeps clear of them. */
export function countsWithin(s: SubjectRows, from: number, to: number): boolean {
  return labsWithin(s, ['ANC', 'PLAT'], from, to).length > 0;
}

/** The AE is the subject's only one of its event (AEDECOD, else AETERM): a change of its dates makes no duplicate (AEDT-09). */
export function onlyOfItsEvent(s: SubjectRows, a: TruthRow): boolean {
  const name = (r: TruthRow, column: string) => (textOf(r, column) ?? '').replace(/\s/g, '').toLowerCase();
  return s
    .rows('AE')
    .every(
      (r) =>
        r === a || (name(r, 'AEDECOD') !== name(a, 'AEDECOD') && name(r, 'AETERM') !== name(a, 'AETERM')),
    );
}

/** A study-drug period's dose is lower than the one before it (a reduction, with its reason in clean data). */
export function isReduction(periods: readonly TruthRow[], p: TruthRow): boolean {
  const i = periods.indexOf(p);
  const dose = numberOf(p, 'EXDOSE');
  const before = i > 0 ? numberOf(periods[i - 1]!, 'EXDOSE') : null;
  return dose !== null && before !== null && dose < before;
}

/**
 * A new dose for period `p` changes no other step of the dose history: `p` is the last period, or
 * the next one is lower than both (a reduction before, with its reason; still one after).
 */
export function nextStaysLower(
  periods: readonly TruthRow[],
  p: TruthRow,
  dose: number,
  newDose: number,
): boolean {
  const next = periods[periods.indexOf(p) + 1];
  const nextDose = next ? numberOf(next, 'EXDOSE') : null;
  return !next || (nextDose !== null && nextDose < Math.min(dose, newDose));
}
