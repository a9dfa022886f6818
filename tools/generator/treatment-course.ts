import { NEUTROPENIA } from './adverse-event-catalog';
import type { AdverseEvent, SubjectSeed } from './course-types';
import type { CourseState } from './course-state';
import { assessResponse, assessmentNotDone } from './response-assessment';
import { lowerDose } from './simulation-rules';
import type { Day } from './study-timeline';
import { dayOnePanel, runCycle } from './treatment-cycle';

/**
 * A subject's treatment, cycle by cycle (treatment-cycle.ts runs one), with the delays, the dose
 * changes between cycles, the response assessed at each cycle's first day, and the reasons it
 * ends; subject-course.ts says which checks each part keeps clean.
 */

export const REASONS = {
  progression: ['질병 진행', 'PD', 'Progressive disease', '질병 진행 (PD)'],
  adverseEvent: ['이상사례', 'Adverse event', '이상반응으로 투약 중단'],
  death: ['사망', 'Death'],
  patient: ['환자 거부', 'Patient decision', '환자 요청으로 중단'],
  physician: ['연구자 판단', 'Physician decision', '타 치료로 변경'],
  lost: ['추적 관찰 실패', 'Lost to follow-up', '전원 후 추적 불가'],
  endOfObservation: ['관찰 기간 종료', 'End of surveillance period'],
  untreated: ['투약 전 동의 철회', 'Withdrew consent before first dose'],
} as const;

export type ReasonKind = keyof typeof REASONS;

/** A visit's name as the site writes it (each site keeps one style). */
export function visitLabel(style: number, cycle: number | 'EOT' | 'UNSCHEDULED'): string {
  const labels = [
    { cycle: (n: number) => `CYCLE ${n} DAY 1`, EOT: 'END OF TREATMENT', UNSCHEDULED: 'UNSCHEDULED' },
    { cycle: (n: number) => `C${n}D1`, EOT: 'EOT', UNSCHEDULED: 'UNS' },
    { cycle: (n: number) => `${n}주기 1일`, EOT: '치료 종료', UNSCHEDULED: '비정기 방문' },
    { cycle: (n: number) => `Cycle ${n} Day 1`, EOT: 'End of treatment', UNSCHEDULED: 'Unscheduled' },
  ][style % 4]!;
  return typeof cycle === 'number' ? labels.cycle(cycle) : labels[cycle];
}

export interface TreatmentEnd {
  reason: ReasonKind;
  recordedFrom: Day;
  /** Stopped between visits (by an adverse event or death), so an EOT visit follows. */
  midCycle: boolean;
  lastCycle: number;
}

function relabelUnmetReductions(events: AdverseEvent[]): void {
  for (const event of events) event.action = 'DOSE NOT CHANGED';
}

/** Cycle after cycle until treatment stops; why and from when the stop is recorded. */
export function runTreatment(state: CourseState, seed: SubjectSeed): TreatmentEnd {
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
