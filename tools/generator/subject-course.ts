import { MILD_EVENTS } from './adverse-event-catalog';
import type { Disposition, SubjectCourse, SubjectSeed } from './course-types';
import { allContacts, endOfTreatmentVisit, finaliseEvents, followUp } from './course-end';
import { CourseState } from './course-state';
import { simulateDisease } from './disease-course';
import type { Random } from './random';
import { reconcileUnassessed, screeningWorkup } from './response-assessment';
import type { SimulationRules } from './simulation-rules';
import type { Day, StudyTimeline } from './study-timeline';
import { simulateBaseline } from './subject-baseline';
import { simulateMedications } from './subject-medications';
import { dayOnePanel } from './treatment-cycle';
import { REASONS, runTreatment } from './treatment-course';

/**
 * The course of one subject from consent to the end of follow-up: baseline and screening here, the
 * treatment in treatment-course.ts, what follows it in course-end.ts.
 *
 * Clean data: every check of edit-checks.md, and where the simulation obeys it.
 *   ELIG-01..03  subject-baseline.ts   age >= minAge, >= minPriorRegimens, prior lenalidomide and bortezomib Y.
 *   ELIG-04      here                  consent <= enrolment <= first dose.
 *   DOSE-01      treatment-cycle.ts    doses only from the ladder.
 *   DOSE-02      subject-baseline.ts   a lower start only with its label reason recorded in DM.
 *   DOSE-03      treatment-cycle.ts    periods end by CnD1 + 20.
 *   DOSE-04      treatment-course.ts   the next cycle starts 28 days or more after the previous one.
 *   DOSE-05      treatment-cycle.ts    never back up the ladder.
 *   DOSE-06/07   treatment-cycle.ts    a lower dose follows an AE (DRUG INTERRUPTED / DOSE REDUCED) within
 *                + treatment-course.ts  56 days; an unmet DOSE REDUCED is relabelled; delays are capped so the
 *                                       lower period has ended (and is exported) when the window closes.
 *   DOSE-08      subject-baseline.ts   dexamethasone at the elderly dose above elderlyAgeAbove; only reductions.
 *   DOSE-09      course-end.ts, here   death after every dose; EOT = the last pomalidomide dose.
 *   DOSE-10      treatment-cycle.ts    no dosing the day after a count below the threshold.
 *   RESP-01      treatment-course.ts   an assessment on every CnD1 from cycle 2 (after any delay).
 *   RESP-02      treatment-course.ts   an assessment within [EOT - 7, EOT + 35] (the visit that ends treatment,
 *                + course-end.ts        delays capped, or an EOT visit 7-21 days after a stop mid-cycle).
 *   RESP-03      treatment-course.ts   the first assessment by C1D1 + 35 (cycle 2 delayed 7 days at most; a
 *                + course-end.ts        stop in cycle 1 has its EOT visit or death record by then).
 *   RESP-04..06  response-assessment.ts  SPEP (and free light chains) on the assessment day; the response
 *                                       reported is what the M-protein shows by IMWG; CR/sCR with a negative
 *                                       serum immunofixation the same day; NE/blank re-read against the SPEP.
 *   RESP-07/08   treatment-course.ts   no assessment before C1D1; only canonical responses.
 *   AEDT-01..04  treatment-cycle.ts, here, course-end.ts  events start after consent, within the safety window after the
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
