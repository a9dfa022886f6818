import type { TruthRow } from '../../subject-records';
import type { PlantContext, SecondaryHit } from './planter';
import { dayOf, spanOfCell, type SubjectRows } from './subject-rows';
import { cycleStarts } from './plant-helpers';

/**
 * The windows in which a subject must have a response assessment by the cut-off (RESP-01 around
 * each cycle's day 1, RESP-02 around the end of treatment, RESP-03 after the first dose), each as
 * the hit its check makes when the window is empty. Deleting assessments empties some windows:
 * the planters of missing assessments pick deletions that empty only the window they mean, or
 * declare the others as certain secondary hits.
 */

interface AssessmentWindow {
  hit: SecondaryHit;
  from: number;
  to: number;
}

function windowsOf(s: SubjectRows, ctx: PlantContext): AssessmentWindow[] {
  const windows: AssessmentWindow[] = [];
  const hit = (check: string, what: string): SecondaryHit => ({
    check,
    form: 'RS',
    recordKey: `${s.subjectId}|${what}`,
    field: 'RSDAT',
  });
  const starts = cycleStarts(s, ctx.studyDrug);
  const w = ctx.rules.cycleWindow;
  for (const [n, c] of starts) {
    if (n >= w.firstCycle && n <= w.lastCycle && c.day + w.days <= ctx.cutoff)
      windows.push({ hit: hit('RESP-01', `cycle ${n}`), from: c.day - w.days, to: c.day + w.days });
  }
  const ds = s.ds();
  const eot = ds ? dayOf(ds, 'EOTDAT') : null;
  const death = ds ? dayOf(ds, 'DTHDAT') : null;
  const e = ctx.rules.eotWindow;
  if (eot !== null && eot + e.after <= ctx.cutoff && (death === null || death > eot + e.after))
    windows.push({ hit: hit('RESP-02', 'end of treatment'), from: eot - e.before, to: eot + e.after });
  const c1 = starts.get(1);
  if (c1 && c1.day + ctx.rules.assessedWithinDays <= ctx.cutoff)
    windows.push({ hit: hit('RESP-03', 'after first dose'), from: c1.day + 1, to: Infinity });
  return windows;
}

/** An assessment whose date is missing or cannot be read may lie in any window. */
function mayLieWithin(r: TruthRow, from: number, to: number): boolean {
  const span = spanOfCell(r, 'RSDAT');
  return span === null || (span.hi >= from && span.lo <= to);
}

/** The hits of the windows that deleting `removed` leaves without an assessment. */
export function windowsEmptied(
  s: SubjectRows,
  ctx: PlantContext,
  removed: readonly TruthRow[],
): SecondaryHit[] {
  const kept = s.rows('RS').filter((r) => !removed.includes(r));
  return windowsOf(s, ctx)
    .filter((w) => !kept.some((r) => mayLieWithin(r, w.from, w.to)))
    .map((w) => w.hit);
}

/** Deleting `removed` empties exactly the window of `target` (and it raises nothing else of RESP-01..03). */
export function emptiesOnly(
  s: SubjectRows,
  ctx: PlantContext,
  removed: readonly TruthRow[],
  target: string,
): boolean {
  const emptied = windowsEmptied(s, ctx, removed);
  return emptied.length === 1 && emptied[0]!.recordKey === target;
}
