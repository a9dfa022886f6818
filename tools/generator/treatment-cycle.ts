import {
  CAUSALITY,
  FATAL_EVENTS,
  MILD_EVENTS,
  NEUTROPENIA,
  SEVERE_EVENTS,
  THROMBOCYTOPENIA,
  type AdverseEventKind,
} from './adverse-event-catalog';
import type { AdverseEvent, PomalidomidePeriod } from './course-types';
import type { CourseState } from './course-state';
import { anc, creatinine, haemoglobin, platelets, type CountLevel } from './lab-values';
import { lowerDose } from './simulation-rules';
import type { Day } from './study-timeline';

/**
 * One 28-day cycle: pomalidomide periods, dexamethasone doses, monitoring labs and adverse events.
 * - DOSE-01/05: doses only from the ladder, never back up.
 * - DOSE-03: every period of cycle n ends by CnD1 + 20 (dosing days 1-21).
 * - DOSE-06/07: a lower dose always follows an AE with DRUG INTERRUPTED or DOSE REDUCED within
 *   56 days (resumption in the cycle or the next cycle's start, at most ~35 days later, so the lower
 *   period has also ended, and is exported, by the time the 56-day window closes).
 * - DOSE-10: a count below the DOSE-10 threshold stops dosing that day; dosing resumes on the day
 *   of a lab showing recovery, never the day after a low count.
 * - AEDT-09: no two events of one kind at once (CourseState.isFree).
 * - AEDT-03/04: after the last dose, new events only within the safety window and before death.
 */

export interface CycleOutcome {
  lastDose: Day;
  /** Dose at the end of the cycle (lower after an in-cycle reduction). */
  dose: number;
  stop: { reason: 'death' | 'adverse event'; decidedOn: Day } | null;
  reduceNext: boolean;
  /** Events whose action is DOSE REDUCED, met by the next cycle's lower dose (or relabelled if none comes). */
  awaitingReduction: AdverseEvent[];
  reduceDexamethasone: boolean;
}

interface CycleInput {
  cycle: number;
  start: Day;
  dose: number;
  adjustment: PomalidomidePeriod['adjustment'];
  dexDose: number;
  dexAdjustment: PomalidomidePeriod['adjustment'];
}

function countPanel(
  state: CourseState,
  day: Day,
  ancLevel: CountLevel,
  platLevel: CountLevel,
  withChemistry: boolean,
): void {
  const { random } = state;
  state.addLab(day, 'ANC', anc(random, ancLevel), 2);
  state.addLab(day, 'PLAT', platelets(random, platLevel), 0);
  state.addLab(day, 'HGB', haemoglobin(random), 1);
  if (withChemistry) state.addLab(day, 'CREAT', creatinine(random, state.baseline.dialysis === 'Y'), 2);
}

/** Blood counts and chemistry on a cycle's day 1 (or a screening or recovery visit). */
export function dayOnePanel(
  state: CourseState,
  day: Day,
  ancLevel: CountLevel = 'normal',
  platLevel: CountLevel = 'normal',
): void {
  countPanel(state, day, ancLevel, platLevel, true);
}

function fatalEvent(state: CourseState, input: CycleInput, day: Day): CycleOutcome {
  const { random, timeline } = state;
  const kinds = FATAL_EVENTS.filter((k) => state.isFree(k.decod, day));
  const kind = random.pick(kinds.length ? kinds : [{ decod: 'Cardiac arrest', terms: ['심정지'] }]);
  state.addPeriod(input.cycle, input.start, day - 1, input.dose, input.adjustment);
  const death = Math.min(day + random.int(0, 14), timeline.followUpEnd);
  const event = state.addEvent({
    term: random.pick(kind.terms),
    decod: kind.decod,
    start: day,
    end: death,
    grade: random.chance(0.6) ? 4 : 3,
    fatal: true,
    serious: { ...state.seriousness(random.chance(0.6)), death: true },
    causality: random.weighted(CAUSALITY.unlikely),
    action: 'DRUG WITHDRAWN',
    outcomeEnded: 'FATAL',
    outcomeOngoing: 'NOT RECOVERED/NOT RESOLVED',
  });
  state.treat(kind.treatedWith, event, 0.7);
  state.death = death;
  return {
    lastDose: day - 1,
    dose: input.dose,
    stop: { reason: 'death', decidedOn: death },
    reduceNext: false,
    awaitingReduction: [],
    reduceDexamethasone: false,
  };
}

function severeCytopenia(
  state: CourseState,
  input: CycleInput,
  day: Day,
  kind: AdverseEventKind,
): CycleOutcome {
  const { random, rules } = state;
  const isAnc = kind === NEUTROPENIA;
  const lastDosingDay = input.start + rules.dosingDays - 1;
  const lower = lowerDose(rules, input.dose);
  state.addPeriod(input.cycle, input.start, day - 1, input.dose, input.adjustment);
  countPanel(state, day, isAnc ? 'grade4' : 'normal', isAnc ? 'normal' : 'grade4', false);
  const weeks = random.chance(0.7) ? 1 : 2;
  if (weeks === 2)
    countPanel(state, day + 7, isAnc ? 'grade3' : 'normal', isAnc ? 'normal' : 'grade3', false);
  const recovery = day + 7 * weeks;
  countPanel(state, recovery, isAnc ? 'recovered' : 'normal', isAnc ? 'normal' : 'recovered', true);
  const action =
    lower === undefined ? 'DRUG WITHDRAWN' : random.chance(0.3) ? 'DOSE REDUCED' : 'DRUG INTERRUPTED';
  const event = state.addEvent(state.eventOf(kind, day, 4, action, recovery));
  if (random.chance(0.15)) event.serious = state.seriousness(true);
  state.treat(kind.treatedWith, event, 0.5);
  const outcome: CycleOutcome = {
    lastDose: day - 1,
    dose: input.dose,
    stop: null,
    reduceNext: false,
    awaitingReduction: [],
    reduceDexamethasone: false,
  };
  if (lower === undefined) {
    outcome.stop = { reason: 'adverse event', decidedOn: day };
  } else if (recovery <= lastDosingDay) {
    state.addPeriod(input.cycle, recovery, lastDosingDay, lower, 'ADVERSE EVENT');
    outcome.dose = lower;
    outcome.lastDose = lastDosingDay;
  } else {
    outcome.reduceNext = true;
    if (action === 'DOSE REDUCED') outcome.awaitingReduction.push(event);
  }
  return outcome;
}

function severeEvent(state: CourseState, input: CycleInput, day: Day, kind: AdverseEventKind): CycleOutcome {
  const { random, rules } = state;
  const lastDosingDay = input.start + rules.dosingDays - 1;
  const lower = lowerDose(rules, input.dose);
  let action = random.weighted([
    ['DRUG INTERRUPTED', 55],
    ['DOSE REDUCED', 25],
    ['DRUG WITHDRAWN', 12],
    ['DOSE NOT CHANGED', 8],
  ] as const) as string;
  if (action === 'DOSE REDUCED' && lower === undefined) action = 'DRUG WITHDRAWN';
  const event = state.addEvent(state.eventOf(kind, day, random.weighted(kind.grades), action));
  state.treat(kind.treatedWith, event, 0.8);
  const outcome: CycleOutcome = {
    lastDose: lastDosingDay,
    dose: input.dose,
    stop: null,
    reduceNext: false,
    awaitingReduction: [],
    reduceDexamethasone: false,
  };
  switch (action) {
    case 'DRUG INTERRUPTED': {
      state.addPeriod(input.cycle, input.start, day - 1, input.dose, input.adjustment);
      const resume = event.end === null ? Infinity : event.end + 1;
      if (resume < lastDosingDay) state.addPeriod(input.cycle, resume, lastDosingDay, input.dose, null);
      else outcome.lastDose = day - 1;
      outcome.reduceNext = lower !== undefined && random.chance(0.4);
      break;
    }
    case 'DOSE REDUCED':
      state.addPeriod(input.cycle, input.start, lastDosingDay, input.dose, input.adjustment);
      outcome.reduceNext = true;
      outcome.awaitingReduction.push(event);
      break;
    case 'DRUG WITHDRAWN':
      state.addPeriod(input.cycle, input.start, day - 1, input.dose, input.adjustment);
      outcome.lastDose = day - 1;
      outcome.stop = { reason: 'adverse event', decidedOn: day };
      break;
    default:
      state.addPeriod(input.cycle, input.start, lastDosingDay, input.dose, input.adjustment);
  }
  return outcome;
}

function uneventfulDosing(state: CourseState, input: CycleInput): CycleOutcome {
  const lastDosingDay = input.start + state.rules.dosingDays - 1;
  state.addPeriod(input.cycle, input.start, lastDosingDay, input.dose, input.adjustment);
  return {
    lastDose: lastDosingDay,
    dose: input.dose,
    stop: null,
    reduceNext: false,
    awaitingReduction: [],
    reduceDexamethasone: false,
  };
}

function cytopeniaChance(dose: number, cycle: number): number {
  if (dose >= 4) return cycle <= 2 ? 0.14 : 0.07;
  return dose === 3 ? 0.05 : 0.03;
}

function dosing(state: CourseState, input: CycleInput, monitorDays: Day[]): CycleOutcome {
  const { random, timeline } = state;
  if (random.chance(0.0045)) {
    const day = input.start + random.int(2, 20);
    if (day < timeline.followUpEnd) return fatalEvent(state, input, day);
  }
  if (monitorDays.length > 0 && random.chance(cytopeniaChance(input.dose, input.cycle))) {
    const day = random.pick(monitorDays);
    const kind = random.chance(0.72) ? NEUTROPENIA : THROMBOCYTOPENIA;
    if (state.isFree(kind.decod, day)) return severeCytopenia(state, input, day, kind);
  }
  for (const kind of SEVERE_EVENTS) {
    if (!random.chance(kind.perCycle)) continue;
    const day = input.start + random.int(1, 19);
    if (state.isFree(kind.decod, day)) return severeEvent(state, input, day, kind);
    break;
  }
  return uneventfulDosing(state, input);
}

function monitoring(state: CourseState, outcome: CycleOutcome, monitorDays: Day[]): void {
  const { random } = state;
  const until = outcome.stop ? outcome.stop.decidedOn : Infinity;
  const candidates = monitorDays.filter(
    (d) => d + 7 < until && d <= outcome.lastDose && !state.hasLab(d, 'ANC') && !state.hasLab(d + 7, 'ANC'),
  );
  if (candidates.length > 0 && random.chance(0.08)) {
    const day = random.pick(candidates);
    if (state.isFree(NEUTROPENIA.decod, day)) {
      state.addLab(day, 'ANC', anc(random, 'grade3'), 2);
      state.addLab(day + 7, 'ANC', anc(random, 'recovered'), 2);
      state.addEvent(state.eventOf(NEUTROPENIA, day, 3, 'DOSE NOT CHANGED', day + 7));
    }
  }
  for (const day of monitorDays) {
    if (day >= until) continue;
    state.addLab(day, 'ANC', anc(random, 'normal'), 2);
    state.addLab(day, 'PLAT', platelets(random, 'normal'), 0);
    if (random.chance(0.5)) state.addLab(day, 'HGB', haemoglobin(random), 1);
  }
}

function mildEvents(state: CourseState, input: CycleInput, outcome: CycleOutcome): void {
  const { random, rules, timeline } = state;
  const restEnd = input.start + rules.cycleLength - 1;
  const limit = outcome.stop
    ? Math.min(outcome.lastDose + rules.safetyWindowDays, (state.death ?? Infinity) - 1, timeline.followUpEnd)
    : Math.min(restEnd, timeline.followUpEnd);
  for (const kind of MILD_EVENTS) {
    if (!random.chance(kind.perCycle)) continue;
    const day = input.start + random.int(0, rules.cycleLength - 1);
    if (day > limit || !state.isFree(kind.decod, day)) continue;
    const action = outcome.stop && day > outcome.lastDose ? 'NOT APPLICABLE' : 'DOSE NOT CHANGED';
    const event = state.addEvent(state.eventOf(kind, day, random.weighted(kind.grades), action));
    state.treat(kind.treatedWith, event, 0.5);
    if (
      (kind.decod === 'Insomnia' || kind.decod === 'Hyperglycaemia') &&
      event.grade >= 2 &&
      random.chance(0.5)
    ) {
      outcome.reduceDexamethasone = true;
    }
  }
}

function dexamethasone(state: CourseState, input: CycleInput, outcome: CycleOutcome): void {
  const limit = outcome.stop ? outcome.lastDose : input.start + state.rules.cycleLength - 1;
  for (const cycleDay of state.rules.dexDays) {
    const day = input.start + cycleDay - 1;
    if (day > limit || state.random.chance(0.02)) continue;
    state.dexDoses.push({ cycle: input.cycle, day, dose: input.dexDose, adjustment: input.dexAdjustment });
  }
}

export function runCycle(state: CourseState, input: CycleInput): CycleOutcome {
  const monitorDays =
    input.cycle <= 3
      ? [input.start + 7, input.start + 14]
      : state.random.chance(0.3)
        ? [input.start + 14]
        : [];
  const outcome = dosing(state, input, monitorDays);
  monitoring(state, outcome, monitorDays);
  mildEvents(state, input, outcome);
  dexamethasone(state, input, outcome);
  return outcome;
}
