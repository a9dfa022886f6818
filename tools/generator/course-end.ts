import { MILD_EVENTS } from './adverse-event-catalog';
import type { AdverseEvent, SubjectSeed } from './course-types';
import type { CourseState } from './course-state';
import { assessResponse } from './response-assessment';
import type { Day } from './study-timeline';
import { REASONS, visitLabel, type TreatmentEnd } from './treatment-course';

/** What follows a subject's treatment: the EOT visit, follow-up and death, and the course's last touches. */

/** The EOT visit after a stop between visits, and the record of a death on treatment. */
export function endOfTreatmentVisit(state: CourseState, seed: SubjectSeed, end: TreatmentEnd): void {
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

/** Events after the last dose, death (if within follow-up) and the follow-up contacts. */
export function followUp(state: CourseState, end: TreatmentEnd): Day[] {
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

/** Events cut at death (fatal ones end on it) and in order of their start. */
export function finaliseEvents(state: CourseState): AdverseEvent[] {
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

/** Every day the site saw the subject, up to death. */
export function allContacts(state: CourseState, extra: Day[]): Day[] {
  const days = new Set<Day>(extra);
  for (const p of state.periods) days.add(p.start).add(p.end);
  for (const d of state.dexDoses) days.add(d.day);
  for (const a of state.assessments) days.add(a.day);
  for (const l of state.labs()) days.add(l.day);
  return [...days].filter((d) => state.death === null || d <= state.death).sort((a, b) => a - b);
}
