import { isoOf, jsonOf, message } from '../../db/sql-dialect';
import type { ColumnModel, StudyModel } from '../../study/study-model';

/**
 * SQL pieces every check shares, so that each rule is written once (SQLite's own spellings of
 * dates, JSON and numbers are in db/sql-dialect.ts). Dates are compared through
 * their `_lo` / `_hi` day numbers (the first and last day a partial date may stand for): a check
 * fires only where its condition holds for every full date a partial one may stand for.
 */

/** `a` is certainly before `b` (a.hi < b.lo). Arguments are column prefixes like `ae."AESTDAT"` without quotes: pass `ae.AESTDAT`. */
export function before(a: string, b: string): string {
  return `(${lo(b)} IS NOT NULL AND ${hi(a)} < ${lo(b)})`;
}

/** `a` is certainly after `b`. */
export function after(a: string, b: string): string {
  return `(${lo(a)} IS NOT NULL AND ${lo(a)} > ${hi(b)})`;
}

/**
 * The date may lie in [from, to]. A date the record lacks, or that could not be read, may lie
 * anywhere: a check that looks for something missing does not fire on it (DATA-01/02 report it).
 */
export function mayLieWithin(date: string, from: string, to: string): string {
  return `((${hi(date)} IS NULL OR ${hi(date)} >= ${from}) AND (${lo(date)} IS NULL OR ${lo(date)} <= ${to}))`;
}

export function lo(date: string): string {
  return quoteDate(date, 'lo');
}

export function hi(date: string): string {
  return quoteDate(date, 'hi');
}

function quoteDate(date: string, bound: 'lo' | 'hi'): string {
  const dot = date.lastIndexOf('.');
  if (dot === -1) return `"${date}_${bound}"`;
  return `${date.slice(0, dot)}."${date.slice(dot + 1)}_${bound}"`;
}

/**
 * The span of a date that may lie anywhere (edit-checks.md: a study-drug period whose EXSTDAT
 * cannot be read may be any period of its subject), as day numbers far outside any real date:
 * `-ANYWHERE_DAYS` to `ANYWHERE_DAYS`. Then "certainly before" never holds for it, "may lie
 * within" always does, and a cycle day 1 it may be is at most the earliest readable one.
 */
export const ANYWHERE_DAYS = 10_000_000;
/** A day bound beyond this (even after adding a window of days) is one of ANYWHERE_DAYS. */
const UNBOUNDED = ANYWHERE_DAYS / 2;

/** The day may be any earlier one (a bound of ANYWHERE_DAYS, even after adding a window of days). */
export function unboundedBefore(day: string): string {
  return `${day} <= -${UNBOUNDED}`;
}

/**
 * A day-number span as a message value: one date, `first..last` for a partial date, or the shared
 * phrases for a day that may be any day (anyDay) or any day up to the last (onOrBeforeDay).
 */
export function dayText(loDay: string, hiDay: string): string {
  return `(CASE WHEN ${hiDay} >= ${UNBOUNDED} THEN ${message('anyDay')}
    WHEN ${unboundedBefore(loDay)} THEN ${message('onOrBeforeDay', { day: isoOf(hiDay) })}
    WHEN ${loDay} = ${hiDay} THEN ${jsonOf(isoOf(loDay))} ELSE ${jsonOf(`${isoOf(loDay)} || '..' || ${isoOf(hiDay)}`)} END)`;
}

/** The record key as people read it: duplicates of one key are `key#2`, `key#3`. */
export function recordKeyOf(alias: string): string {
  return `(CASE WHEN ${alias}.occurrence > 1 THEN ${alias}.record_key || '#' || ${alias}.occurrence ELSE ${alias}.record_key END)`;
}

/** A column's label in English and Korean, for a message (the English stands in for a missing Korean one). */
export function labelOf(column: ColumnModel): { en: string; ko: string | null } {
  return { en: column.label, ko: column.labelKo ?? null };
}

/** Column names given as check parameters (AECON-01, ELIG-03). */

/**
 * A check parameter that names columns of a form (AECON-01's seriousness criteria, ELIG-03's prior
 * treatments): the columns, checked against the study definition so that they can go into SQL.
 */
export function columnsOfParam(
  model: StudyModel,
  checkId: string,
  param: string,
  form: string,
): ColumnModel[] {
  const value = model.definition.checks[checkId]?.params[param];
  if (!Array.isArray(value) || value.length === 0)
    throw new Error(`study definition: checks.${checkId}.params.${param} must list columns of ${form}`);
  const formModel = model.formByCode.get(form);
  return value.map((name) => {
    const column = formModel?.columnByName.get(String(name));
    if (column === undefined)
      throw new Error(
        `study definition: checks.${checkId}.params.${param}: ${String(name)} is not a column of ${form}`,
      );
    return column;
  });
}
