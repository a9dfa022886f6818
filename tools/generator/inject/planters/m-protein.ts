import { readSpep, type SpepReading } from '../../imwg-response';
import type { TruthRow } from '../../subject-records';
import type { PlantContext } from './planter';
import { dayOf, numberOf, textOf, type SubjectRows } from './subject-rows';
import { cycleStarts } from './plant-helpers';

/**
 * The serum M-protein of a subject as the response planters need it: what it shows on an
 * assessment's day (the generator's own IMWG reading, which the sites' responses follow), and
 * which M-protein results a plant may take away without changing what any other assessment reads.
 */

interface Spep {
  row: TruthRow;
  day: number;
  value: number;
}

function speps(s: SubjectRows): Spep[] {
  return s
    .rows('LB')
    .filter((l) => textOf(l, 'LBTESTCD') === 'SPEP')
    .map((row) => ({ row, day: dayOf(row, 'LBDAT'), value: numberOf(row, 'LBORRES') }))
    .filter((x): x is Spep => x.day !== null && x.value !== null);
}

/**
 * What the M-protein shows for an assessment on `day` where RESP-05 reads it: a measurable
 * baseline before the first dose, and an SPEP the same day (the one it picks). Undefined elsewhere.
 */
export function spepReadingOn(s: SubjectRows, ctx: PlantContext, day: number): SpepReading | undefined {
  const c1 = cycleStarts(s, ctx.studyDrug).get(1)?.day;
  const imwg = ctx.rules.imwg;
  if (c1 === undefined || day < c1) return undefined;
  const all = speps(s);
  const baseline = all
    .filter((x) => x.day <= c1 && x.day >= c1 - imwg.baselineMaxAgeDays)
    .sort((a, b) => b.day - a.day)[0];
  const current = all.filter((x) => x.day === day);
  if (!baseline || baseline.value < imwg.measurableBaseline || current.length !== 1 || day <= baseline.day)
    return undefined;
  const nadir = Math.min(...all.filter((x) => x.day >= baseline.day && x.day < day).map((x) => x.value));
  return readSpep(imwg, baseline.value, nadir, current[0]!.value);
}

/**
 * Taking away `labs` (M-protein results around assessment `r`) changes nothing another assessment
 * reads: none lies within the M-protein window of another assessment, none is before the first
 * dose (a baseline), and no later assessment's lowest SPEP so far (its nadir) was one of them.
 */
export function onlyItsMProtein(
  s: SubjectRows,
  ctx: PlantContext,
  r: TruthRow,
  labs: readonly TruthRow[],
): boolean {
  const c1 = cycleStarts(s, ctx.studyDrug).get(1)?.day;
  const window = ctx.rules.mProtein.windowDays;
  const others = s.rows('RS').filter((x) => x !== r);
  const kept = speps(s).filter((x) => !labs.includes(x.row));
  return labs.every((l) => {
    const day = dayOf(l, 'LBDAT');
    if (day === null || c1 === undefined || day <= c1) return false;
    if (others.some((x) => Math.abs((dayOf(x, 'RSDAT') ?? day) - day) <= window)) return false;
    if (textOf(l, 'LBTESTCD') !== 'SPEP') return true;
    const value = numberOf(l, 'LBORRES') ?? -Infinity;
    const later = others.some((x) => (dayOf(x, 'RSDAT') ?? Infinity) > day && textOf(x, 'RSORRES') !== null);
    return !later || kept.some((k) => k.day > c1 && k.day < day && k.value <= value);
  });
}
