import { MILD_EVENTS, NEUTROPENIA } from './adverse-event-catalog';
import type { AdverseEvent, Disposition, SubjectCourse } from './course-types';
import { CourseState } from './course-state';
import { simulateDisease } from './disease-course';
import type { Random } from './random';
import {
  assessResponse,
  assessmentNotDone,
  reconcileUnassessed,
  screeningWorkup,
} from './response-assessment';
import { lowerDose, type SimulationRules } from './simulation-rules';
import type { Day, StudyTimeline } from './study-timeline';
import { simulateBaseline } from './subject-baseline';
import { simulateMedications } from './subject-medications';
import { dayOnePanel, runCycle } from './treatment-cycle';

/**
 * The course of one subject from consent to the end of follow-up.
 *
 * Clean data: every check of edit-checks.md, and where the simulation obeys it.
 *   ELIG-01..03  subject-baseline.ts   age >= minAge, >= minPriorRegimens, prior lenalidomide and bortezomib Y.
 *   ELIG-04      here                  consent <= enrolment <= first dose.
 *   DOSE-01      treatment-cycle.ts    doses only from the ladder.
 *   DOSE-02      subject-baseline.ts   a lower start only with its label reason recorded in DM.
 *   DOSE-03      treatment-cycle.ts    periods end by CnD1 + 20.
 *   DOSE-04      here                  the next cycle starts 28 days or more after the previous one.
 *   DOSE-05      treatment-cycle.ts    never back up the ladder.
 *   DOSE-06/07   treatment-cycle.ts    a lower dose follows an AE (DRUG INTERRUPTED / DOSE REDUCED) within
 *                + here                 56 days; an unmet DOSE REDUCED is relabelled; delays are capped so the
 *                                       lower period has ended (and is exported) when the window closes.
 *   DOSE-08      subject-baseline.ts   dexamethasone at the elderly dose above elderlyAgeAbove; only reductions.
 *   DOSE-09      here                  death after every dose; EOT = the last pomalidomide dose.
 *   DOSE-10      treatment-cycle.ts    no dosing the day after a count below the threshold.
 *   RESP-01      here                  an assessment on every CnD1 from cycle 2 (after any delay).
 *   RESP-02      here                  an assessment within [EOT - 7, EOT + 35] (the visit that ends treatment,
 *                                       delays capped, or an EOT visit 7-21 days after a stop mid-cycle).
 *   RESP-03      here                  the first assessment by C1D1 + 35 (cycle 2 delayed 7 days at most; a
 *                                       stop in cycle 1 has its EOT visit or death record by then).
 *   RESP-04..06  response-assessment.ts  SPEP (and free light chains) on the assessment day; the response
 *                                       reported is what the M-protein shows by IMWG; CR/sCR with a negative
 *                                       serum immunofixation the same day; NE/blank re-read against the SPEP.
 *   RESP-07/08   here                  no assessment before C1D1; only canonical responses.
 *   AEDT-01..04  treatment-cycle.ts, here  events start after consent, within the safety window after the
 *                                       last dose, before death; end after they start; unresolved at death.
 *   AEDT-05..07  subject-records.ts    what is known at the cut-off: ongoing = no end date, fatal once dead.
 *   AEDT-08      everywhere            AE dates are always full dates.
 *   AEDT-09      course-state.ts       no two events of one kind at once.
 *   AECON-01/02  subject-records.ts    seriousness criteria agree with AESER; grade 5 exactly when FATAL.
 *   SAFE-01      subject-medications.ts  an antithrombotic from C1D1 - 5 .. C1D1 + 1, full dates.
 *   DATA-01..07  subject-records.ts, messy-values.ts  every required value present, valid dates and codes,
 *                                       unique keys, periods that end after they start, labs with units.
 * Corrections between deliveries stay clean too (record-corrections.ts).
 */

export interface SubjectSeed {
  subjectId: string;
  siteId: string;
  enrolment: Day;
  hash: number;
  /** How the site names visits (0-3). */
  visitStyle: number;
  /** Chance the site writes free text in English rather than Korean. */
  english: number;
}

const REASONS = {
  progression: ['질병 진행', 'PD', 'Progressive disease', '질병 진행 (PD)'],
  adverseEvent: ['이상사례', 'Adverse event', '이상반응으로 투약 중단'],
  death: ['사망', 'Death'],
  patient: ['환자 거부', 'Patient decision', '환자 요청으로 중단'],
  physician: ['연구자 판단', 'Physician decision', '타 치료로 변경'],
  lost: ['추적 관찰 실패', 'Lost to follow-up', '전원 후 추적 불가'],
  endOfObservation: ['관찰 기간 종료', 'End of surveillance period'],
  untreated: ['투약 전 동의 철회', 'Withdrew consent before first dose'],
} as const;

type ReasonKind = keyof typeof REASONS;

function visitLabel(style: number, cycle: number | 'EOT' | 'UNSCHEDULED'): string {
  const labels = [
    { cycle: (n: number) => `CYCLE ${n} DAY 1`, EOT: 'END OF TREATMENT', UNSCHEDULED: 'UNSCHEDULED' },
    { cycle: (n: number) => `C${n}D1`, EOT: 'EOT', UNSCHEDULED: 'UNS' },
    { cycle: (n: number) => `${n}주기 1일`, EOT: '치료 종료', UNSCHEDULED: '비정기 방문' },
    { cycle: (n: number) => `Cycle ${n} Day 1`, EOT: 'End of treatment', UNSCHEDULED: 'Unscheduled' },
  ][style % 4]!;
  return typeof cycle === 'number' ? labels.cycle(cycle) : labels[cycle];
}

interface TreatmentEnd {
  reason: ReasonKind;
  recordedFrom: Day;
  /** Stopped between visits (by an adverse event or death), so an EOT visit follows. */
  midCycle: boolean;
  lastCycle: number;
}

function relabelUnmetReductions(events: AdverseEvent[]): void {
  for (const event of events) event.action = 'DOSE NOT CHANGED';
}

function runTreatment(state: CourseState, seed: SubjectSeed): TreatmentEnd {
  const { random, rules, timeline, baseline } = state;
  let cycle = 1;
  let start = state.firstDose;
  let dose = baseline.startDose;
  let adjustment: 'ADVERSE EVENT' | 'OTHER' | null =
    dose < rules.startDose && random.chance(0.5) ? 'OTHER' : null;
  let dexDose = baseline.dexDose;
  let dexAdjustment: 'ADVERSE EVENT' | null = null;
  const labelsContinuedReduction = random.chance(0.4);
  const lastPlannedCycleStart = timeline.followUpEnd - 45;

  for (;;) {
    const outcome = runCycle(state, { cycle, start, dose, adjustment, dexDose, dexAdjustment });
    const end = (reason: ReasonKind, recordedFrom: Day, midCycle = false): TreatmentEnd => {
      relabelUnmetReductions(outcome.awaitingReduction);
      return { reason, recordedFrom, midCycle, lastCycle: cycle };
    };
    if (outcome.stop)
      return end(outcome.stop.reason === 'death' ? 'death' : 'adverseEvent', outcome.stop.decidedOn, true);

    const planned = start + rules.cycleLength;
    const nextCycle = cycle + 1;
    if (planned > lastPlannedCycleStart) {
      const response = assessResponse(state, planned, visitLabel(seed.visitStyle, 'EOT'));
      return end(response === 'PD' ? 'progression' : 'endOfObservation', planned);
    }
    if (random.chance(0.003)) {
      assessmentNotDone(state, planned, visitLabel(seed.visitStyle, nextCycle), random.pick(REASONS.lost));
      return end('lost', planned + 30);
    }

    // Delays keep the cycle's assessment within 35 days of the last dose (RESP-02) and, for cycle 2,
    // within 35 days of C1D1 (RESP-03); a pending DOSE REDUCED keeps its lower period within reach of DOSE-07.
    let maxDelay = nextCycle === 2 ? 7 : Math.min(14, 7 + (outcome.lastDose - start));
    if (outcome.awaitingReduction.length > 0) maxDelay = Math.min(maxDelay, 7);
    maxDelay = Math.floor(maxDelay / 7) * 7;
    let day1 = planned;
    if (
      maxDelay >= 7 &&
      random.chance(0.06) &&
      state.isFree(NEUTROPENIA.decod, planned) &&
      !state.hasLab(planned, 'ANC')
    ) {
      const delay = maxDelay >= 14 && random.chance(0.3) ? 14 : 7;
      dayOnePanel(state, planned, 'grade3');
      if (delay === 14) dayOnePanel(state, planned + 7, 'grade3');
      day1 = planned + delay;
      dayOnePanel(state, day1, 'recovered');
      state.addEvent(state.eventOf(NEUTROPENIA, planned, 3, 'DRUG INTERRUPTED', day1));
    } else if (maxDelay >= 7 && random.chance(0.07)) {
      day1 = planned + random.int(1, 6);
    }
    dayOnePanel(state, day1);

    const visit = visitLabel(seed.visitStyle, nextCycle);
    if (nextCycle >= 3 && random.chance(0.03)) {
      assessmentNotDone(state, day1, visit, seed.english > 0.5 ? 'M-protein not tested' : '검사 미시행');
    } else if (assessResponse(state, day1, visit) === 'PD') {
      return end('progression', day1);
    }
    if (random.chance(0.012)) return end('patient', day1);
    if (random.chance(0.008)) return end('physician', day1);

    const otherLower = lowerDose(rules, outcome.dose);
    if (outcome.reduceNext) {
      dose = lowerDose(rules, outcome.dose) ?? outcome.dose;
      adjustment = 'ADVERSE EVENT';
    } else if (cycle >= 3 && otherLower !== undefined && random.chance(0.006)) {
      dose = otherLower;
      adjustment = 'OTHER';
    } else {
      dose = outcome.dose;
      adjustment = dose < baseline.startDose && labelsContinuedReduction ? 'ADVERSE EVENT' : null;
    }
    if (outcome.reduceDexamethasone && dexDose > 10) {
      dexDose = dexDose / 2;
      dexAdjustment = 'ADVERSE EVENT';
    }
    cycle = nextCycle;
    start = day1;
  }
}

/** The EOT visit after a stop between visits, and the record of a death on treatment. */
function endOfTreatmentVisit(state: CourseState, seed: SubjectSeed, end: TreatmentEnd): void {
  const { random, timeline } = state;
  const eot = state.lastDose();
  if (end.reason === 'death') {
    const assessedAfterFirstDose = state.assessments.some((a) => a.day > state.firstDose);
    if (!assessedAfterFirstDose || random.chance(0.4)) {
      state.assessments.push({
        day: state.death!,
        visit: visitLabel(seed.visitStyle, 'UNSCHEDULED'),
        response: random.chance(0.5) ? 'NE' : null,
        notDoneReason: random.pick(REASONS.death),
      });
    }
    return;
  }
  if (!end.midCycle) return;
  let visit = eot + random.int(7, 21);
  if (end.lastCycle === 1) visit = Math.min(visit, state.firstDose + 35);
  visit = Math.min(visit, timeline.followUpEnd);
  if (visit > eot && (state.death === null || visit < state.death))
    assessResponse(state, visit, visitLabel(seed.visitStyle, 'EOT'));
}

function lastRecordedDay(state: CourseState): Day {
  let last = state.lastDose();
  for (const d of state.dexDoses) last = Math.max(last, d.day);
  for (const e of state.adverseEvents) last = Math.max(last, e.start);
  for (const a of state.assessments) last = Math.max(last, a.day);
  for (const t of state.treatments) last = Math.max(last, t.start);
  const labs = state.labs();
  if (labs.length) last = Math.max(last, labs[labs.length - 1]!.day);
  return last;
}

function followUp(state: CourseState, end: TreatmentEnd): Day[] {
  const { random, rules, timeline } = state;
  const eot = state.lastDose();
  // Events after the last dose, within the safety window (AEDT-03).
  if (random.chance(0.12)) {
    const kind = random.pick(MILD_EVENTS);
    const day = eot + random.int(1, rules.safetyWindowDays);
    if (day < state.horizon && state.isFree(kind.decod, day)) {
      state.addEvent(state.eventOf(kind, day, random.weighted(kind.grades), 'NOT APPLICABLE'));
    }
  }
  if (state.death === null) {
    const mean = end.reason === 'progression' ? 300 : 600;
    const death = lastRecordedDay(state) + 1 + Math.round(-Math.log(1 - random.next()) * mean);
    if (death <= timeline.followUpEnd) state.death = death;
  }
  const contacts: Day[] = [];
  let contact = end.recordedFrom;
  const lostAfter = end.reason === 'lost' ? 0 : random.chance(0.1) ? random.int(1, 6) : Infinity;
  while (contacts.length < lostAfter) {
    contact += random.int(56, 120);
    if (contact >= state.horizon) break;
    contacts.push(contact);
  }
  return contacts;
}

function finaliseEvents(state: CourseState): AdverseEvent[] {
  const death = state.death;
  const events = state.adverseEvents.filter((e) => death === null || e.start <= death);
  for (const e of events) {
    if (e.fatal) e.end = death;
    else if (death !== null && (e.end === null || e.end > death)) e.end = null;
  }
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.start - b.e.start || a.i - b.i)
    .map(({ e }) => e);
}

function allContacts(state: CourseState, extra: Day[]): Day[] {
  const days = new Set<Day>(extra);
  for (const p of state.periods) days.add(p.start).add(p.end);
  for (const d of state.dexDoses) days.add(d.day);
  for (const a of state.assessments) days.add(a.day);
  for (const l of state.labs()) days.add(l.day);
  return [...days].filter((d) => state.death === null || d <= state.death).sort((a, b) => a - b);
}

function untreatedCourse(
  random: Random,
  seed: SubjectSeed,
  consent: Day,
  baseline: SubjectCourse['baseline'],
): SubjectCourse {
  const withdrawn = seed.enrolment + random.int(3, 20);
  const disposition: Disposition = {
    eot: null,
    reason: random.pick(REASONS.untreated),
    recordedFrom: withdrawn,
    death: null,
    contacts: [seed.enrolment, withdrawn],
  };
  const medications = simulateMedications(random, {
    consent,
    firstDose: null,
    eot: null,
    death: null,
    sex: baseline.sex,
    treatments: [],
    thromboses: [],
  });
  return {
    subjectId: seed.subjectId,
    siteId: seed.siteId,
    hash: seed.hash,
    consent,
    enrolment: seed.enrolment,
    baseline,
    firstDose: null,
    periods: [],
    dexDoses: [],
    adverseEvents: [],
    labs: [],
    assessments: [],
    medications,
    disposition,
  };
}

export function simulateSubject(
  random: Random,
  rules: SimulationRules,
  timeline: StudyTimeline,
  seed: SubjectSeed,
): SubjectCourse {
  const baseline = simulateBaseline(random, rules, seed.enrolment);
  const consent =
    seed.enrolment -
    random.weighted([
      [0, 55],
      [1, 15],
      [2, 10],
      [3, 8],
      [5, 6],
      [7, 6],
    ] as const);
  if (random.chance(0.012)) return untreatedCourse(random, seed, consent, baseline);

  const firstDose =
    seed.enrolment +
    random.weighted([
      [0, 50],
      [1, 15],
      [2, 10],
      [3, 8],
      [5, 8],
      [7, 9],
    ] as const);
  const state = new CourseState(random, rules, timeline, baseline, simulateDisease(random), firstDose);
  const screening =
    firstDose -
    random.weighted([
      [0, 25],
      [1, 10],
      [3, 15],
      [5, 15],
      [7, 20],
      [10, 10],
      [14, 5],
    ] as const);
  dayOnePanel(state, screening);
  screeningWorkup(state, screening);
  if (firstDose - screening >= 4) dayOnePanel(state, firstDose);
  if (firstDose - consent >= 2 && random.chance(0.03)) {
    const kind = random.pick(
      MILD_EVENTS.filter((k) => k.decod === 'Back pain' || k.decod === 'Dizziness' || k.decod === 'Cough'),
    );
    state.addEvent(state.eventOf(kind, consent + 1, 1, 'NOT APPLICABLE'));
  }

  const end = runTreatment(state, seed);
  endOfTreatmentVisit(state, seed, end);
  const followUpContacts = followUp(state, end);
  reconcileUnassessed(state);

  const eot = state.lastDose();
  const adverseEvents = finaliseEvents(state);
  const thromboses = adverseEvents
    .filter((e) => e.decod === 'Deep vein thrombosis' || e.decod === 'Pulmonary embolism')
    .map((e) => e.start);
  const medications = simulateMedications(random.fork('cm'), {
    consent,
    firstDose,
    eot,
    death: state.death,
    sex: baseline.sex,
    treatments: state.treatments.filter((t) => adverseEvents.includes(t.event)),
    thromboses,
  });
  const recordedFrom = Math.min(end.recordedFrom, state.death ?? Infinity);
  return {
    subjectId: seed.subjectId,
    siteId: seed.siteId,
    hash: seed.hash,
    consent,
    enrolment: seed.enrolment,
    baseline,
    firstDose,
    periods: state.periods,
    dexDoses: state.dexDoses,
    adverseEvents,
    labs: state.labs(),
    assessments: [...state.assessments].sort((a, b) => a.day - b.day),
    medications,
    disposition: {
      eot,
      reason: random.pick(REASONS[end.reason]),
      recordedFrom,
      death: state.death,
      contacts: allContacts(state, followUpContacts),
    },
  };
}
