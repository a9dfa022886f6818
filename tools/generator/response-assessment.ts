import type { CourseState } from './course-state';
import { measureInvolvedFlc, measureSpep, measureUninvolvedFlc, round2 } from './disease-course';
import { onThreshold, readSpep, type SpepReading } from './imwg-response';
import { boneMarrowPlasmaCells, urineMProtein } from './lab-values';
import type { Day } from './study-timeline';

/**
 * Response assessments. Every assessment that reports a response draws serum M-protein on its own
 * date (so it is the SPEP RESP-05 picks, and RESP-04 finds M-protein data), and reports what that
 * value says by the IMWG rules (RESP-05). CR and sCR come with a negative serum immunofixation the
 * same day (RESP-06). Light-chain disease (not measurable by SPEP) reports from the free light chain.
 */

const FLC_PROGRESSION_MG_L = 100;

function addFlc(state: CourseState, day: Day, involved: number): void {
  const { disease, random } = state;
  const uninvolved = measureUninvolvedFlc(random);
  state.addLab(day, 'KAPPA', disease.involvedChain === 'KAPPA' ? involved : uninvolved, 1);
  state.addLab(day, 'LAMBDA', disease.involvedChain === 'LAMBDA' ? involved : uninvolved, 1);
}

/** Baseline M-protein work-up, within the days before C1D1 (RESP-05 baseline: at most 30 days old). */
export function screeningWorkup(state: CourseState, day: Day): void {
  const { disease, random } = state;
  state.addLab(day, 'SPEP', disease.baselineSpep, 2);
  state.spep.push({ day, value: disease.baselineSpep });
  if (!disease.measurable || random.chance(0.6)) {
    addFlc(state, day, disease.baselineFlc);
    state.flc.push({ day, value: disease.baselineFlc });
  }
  if (random.chance(0.4)) state.addLab(day, 'UPEP', urineMProtein(random));
  if (random.chance(0.5)) state.addLab(day, 'SIFE', 'POSITIVE');
  if (random.chance(0.2)) state.addLab(day, 'UIFE', random.chance(0.7) ? 'POSITIVE' : 'NEGATIVE');
  if (random.chance(0.3)) state.addLab(day, 'BMPC', boneMarrowPlasmaCells(random, false), 1);
}

function readFlc(state: CourseState, current: number): SpepReading {
  const baseline = state.flc[0]?.value ?? state.disease.baselineFlc;
  const nadir = Math.min(baseline, ...state.flc.map((f) => f.value));
  if (current - nadir >= FLC_PROGRESSION_MG_L && current >= 1.25 * nadir) return 'PD';
  const r = (baseline - current) / baseline;
  return r >= 0.9 ? 'VGPR' : r >= 0.5 ? 'PR' : r >= 0.25 ? 'MR' : 'SD';
}

/** Measures the paraprotein on `day`, records an assessment with the response it shows, and returns it. */
export function assessResponse(state: CourseState, day: Day, visit: string): string {
  const { disease, random, rules } = state;
  const daysOnStudy = day - state.firstDose;
  let spep = measureSpep(random, disease, daysOnStudy);
  let reading: SpepReading;
  let remission: boolean;
  if (disease.measurable) {
    const baseline = state.spep[0]!.value;
    const nadir = Math.min(...state.spep.map((s) => s.value));
    for (let i = 0; i < 5 && onThreshold(rules.imwg, baseline, nadir, spep); i++) spep = round2(spep + 0.01);
    reading = readSpep(rules.imwg, baseline, nadir, spep);
    remission = spep === 0 && disease.depth === 'complete';
    if (random.chance(0.2)) addFlc(state, day, measureInvolvedFlc(random, disease, daysOnStudy));
    if (random.chance(0.08)) state.addLab(day, 'UPEP', urineMProtein(random));
  } else {
    const involved = measureInvolvedFlc(random, disease, daysOnStudy);
    reading = readFlc(state, involved);
    state.flc.push({ day, value: involved });
    addFlc(state, day, involved);
    remission = reading === 'VGPR' && disease.depth === 'complete';
  }
  state.addLab(day, 'SPEP', spep, 2);
  state.spep.push({ day, value: spep });

  let response: string = reading;
  if (reading === 'VGPR' && remission) {
    state.addLab(day, 'SIFE', 'NEGATIVE');
    response = random.chance(0.3) ? 'sCR' : 'CR';
    if (response === 'sCR') state.addLab(day, 'BMPC', boneMarrowPlasmaCells(random, true), 1);
  } else if (reading === 'VGPR' && spep === 0) {
    state.addLab(day, 'SIFE', 'POSITIVE');
  }
  state.assessments.push({ day, visit, response, notDoneReason: null });
  return response;
}

/** An assessment that was not done (or not evaluable), without M-protein that day. */
export function assessmentNotDone(state: CourseState, day: Day, visit: string, reason: string): void {
  const evaluable = state.random.chance(0.5);
  state.assessments.push({
    day,
    visit,
    response: evaluable ? 'NE' : null,
    notDoneReason: evaluable && state.random.chance(0.5) ? null : reason,
  });
}

/**
 * RESP-05 also reads NE and blank responses against the closest SPEP within 14 days: where that
 * SPEP shows progression, the site would have reported PD.
 */
export function reconcileUnassessed(state: CourseState, windowDays = 14): void {
  const baseline = state.spep[0];
  if (!baseline || !state.disease.measurable) return;
  for (const assessment of state.assessments) {
    if (assessment.response !== null && assessment.response !== 'NE') continue;
    if (assessment.day < state.firstDose) continue;
    let closest: { day: Day; value: number } | undefined;
    for (const s of state.spep) {
      const distance = Math.abs(s.day - assessment.day);
      if (distance > windowDays) continue;
      if (!closest || distance < Math.abs(closest.day - assessment.day)) closest = s;
    }
    if (!closest || closest === baseline) continue;
    const nadir = Math.min(...state.spep.filter((s) => s.day < closest.day).map((s) => s.value));
    if (readSpep(state.rules.imwg, baseline.value, nadir, closest.value) === 'PD') {
      assessment.response = 'PD';
      assessment.notDoneReason = null;
    }
  }
}
