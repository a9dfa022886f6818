import { C1D1, dexRow, plusDays, pomRow } from './dose-rows';
import { dmRow, type RawRows } from './study-builder';

/**
 * The subjects of the DOSE check tests, made of the rows of ./dose-rows. A clean subject follows the
 * label: pomalidomide 4 mg on days 1-21 of 28-day cycles from C1D1 = 2018-01-10 (one EX row a
 * cycle), dexamethasone 40 mg on days 1, 8, 15, 22 of cycle 1, age 65, no dialysis or hepatic
 * impairment. A test changes a few values of a few subjects and merges their forms.
 */
export const SITE = 'S01';

/** The subjects the tests build, by number within site S01. */
export const S1 = 'S01-001';
export const S2 = 'S01-002';
export const S3 = 'S01-003';
export const S4 = 'S01-004';

/** A clean subject's DM and EX: `cycles` cycles of pomalidomide 4 mg, dexamethasone 40 mg in cycle 1. */
export function cleanSubject(
  subject: string,
  options: { cycles?: number; dm?: Record<string, string> } = {},
): { DM: RawRows; EX: RawRows } {
  const cycles = options.cycles ?? 2;
  return {
    DM: [dmRow(subject, SITE, options.dm)],
    EX: [
      ...Array.from({ length: cycles }, (_, i) => pomRow(subject, i + 1)),
      ...[0, 7, 14, 21].map((day, i) => dexRow(subject, i + 1, plusDays(C1D1, day))),
    ],
  };
}

/** A clean subject whose pomalidomide periods are replaced by these. */
export function withPeriods(
  subject: string,
  periods: Record<string, string>[],
  dm: Record<string, string> = {},
) {
  const clean = cleanSubject(subject, { dm });
  return { DM: clean.DM, EX: [...periods, ...clean.EX.filter((r) => r.EXTRT !== 'POMALIDOMIDE')] };
}

/** Forms of several subjects, merged. */
export function subjects(
  ...forms: Partial<Record<string, Record<string, string>[]>>[]
): Record<string, Record<string, string>[]> {
  const merged: Record<string, Record<string, string>[]> = {};
  for (const f of forms)
    for (const [form, rows] of Object.entries(f)) merged[form] = [...(merged[form] ?? []), ...(rows ?? [])];
  return merged;
}
