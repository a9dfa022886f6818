import { CAUSALITY, type AdverseEventKind } from './adverse-event-catalog';
import type {
  AdverseEvent,
  Baseline,
  DexamethasoneDose,
  LabResult,
  PomalidomidePeriod,
  ResponseAssessment,
  SeriousnessCriteria,
} from './course-types';
import type { DiseaseCourse } from './disease-course';
import type { Random } from './random';
import type { SimulationRules } from './simulation-rules';
import type { Day, StudyTimeline } from './study-timeline';

/** Treatments given for an adverse event (turned into CM records by subject-medications.ts). */
export interface EventTreatment {
  kind: string;
  event: AdverseEvent;
  start: Day;
}

/**
 * What the simulation of one subject has produced so far, with the bookkeeping that keeps it clean:
 * one lab result per test and day (DATA-04), and no two adverse events of one kind at once (AEDT-09).
 */
export class CourseState {
  readonly periods: PomalidomidePeriod[] = [];
  readonly dexDoses: DexamethasoneDose[] = [];
  readonly adverseEvents: AdverseEvent[] = [];
  readonly assessments: ResponseAssessment[] = [];
  readonly treatments: EventTreatment[] = [];
  /** Serum M-protein results from baseline on, ascending. */
  readonly spep: { day: Day; value: number }[] = [];
  /** Involved free light chain results from baseline on, ascending (light-chain disease). */
  readonly flc: { day: Day; value: number }[] = [];
  private readonly labsByKey = new Map<string, LabResult>();
  /** Last day of the latest event of each kind (Infinity while it has no end). */
  private readonly busyUntil = new Map<string, number>();
  death: Day | null = null;

  constructor(
    readonly random: Random,
    readonly rules: SimulationRules,
    readonly timeline: StudyTimeline,
    readonly baseline: Baseline,
    readonly disease: DiseaseCourse,
    readonly firstDose: Day,
  ) {}

  hasLab(day: Day, test: string): boolean {
    return this.labsByKey.has(`${test}|${day}`);
  }

  /** Adds a result unless the test already has one that day (the first one stands). */
  addLab(day: Day, test: string, value: number | string, decimals = 0): boolean {
    const key = `${test}|${day}`;
    if (this.labsByKey.has(key)) return false;
    this.labsByKey.set(key, { day, test, value, decimals });
    return true;
  }

  labs(): LabResult[] {
    return [...this.labsByKey.values()].sort(
      (a, b) => a.day - b.day || (a.test < b.test ? -1 : a.test > b.test ? 1 : 0),
    );
  }

  /** True when an event of this kind may start on `day` (the previous one of its kind ended before). */
  isFree(decod: string, day: Day): boolean {
    return (this.busyUntil.get(decod) ?? -Infinity) < day;
  }

  addEvent(event: AdverseEvent): AdverseEvent {
    this.adverseEvents.push(event);
    this.busyUntil.set(event.decod, event.end ?? Infinity);
    return event;
  }

  /** A new adverse event of a catalogue kind, not yet added. */
  eventOf(
    kind: Pick<AdverseEventKind, 'decod' | 'terms' | 'related' | 'days' | 'unresolved' | 'serious'>,
    start: Day,
    grade: number,
    action: string,
    end?: Day | null,
  ): AdverseEvent {
    const r = this.random;
    const duration = r.int(kind.days[0], kind.days[1]);
    const resolvedEnd = end !== undefined ? end : r.chance(kind.unresolved) ? null : start + duration;
    const serious = r.chance(kind.serious) ? this.seriousness(grade >= 4 && r.chance(0.5)) : null;
    return {
      term: r.pick(kind.terms),
      decod: kind.decod,
      start,
      end: resolvedEnd,
      grade,
      fatal: false,
      serious,
      causality: r.weighted(CAUSALITY[kind.related]),
      action,
      outcomeEnded: r.chance(0.04) ? 'RECOVERED/RESOLVED WITH SEQUELAE' : 'RECOVERED/RESOLVED',
      outcomeOngoing: r.chance(0.5) ? 'RECOVERING/RESOLVING' : 'NOT RECOVERED/NOT RESOLVED',
    };
  }

  seriousness(lifeThreatening: boolean): SeriousnessCriteria {
    return {
      death: false,
      lifeThreatening,
      hospitalisation: true,
      disability: false,
      congenital: false,
      medicallyImportant: this.random.chance(0.2),
    };
  }

  treat(kind: string | undefined, event: AdverseEvent, chance: number): void {
    if (kind !== undefined && this.random.chance(chance))
      this.treatments.push({ kind, event, start: event.start + this.random.int(0, 2) });
  }

  addPeriod(
    cycle: number,
    start: Day,
    end: Day,
    dose: number,
    adjustment: PomalidomidePeriod['adjustment'],
  ): void {
    if (end < start) throw new Error(`generator: empty pomalidomide period ${start}..${end}`);
    this.periods.push({ cycle, start, end, dose, adjustment });
  }

  lastDose(): Day {
    const last = this.periods.at(-1);
    if (!last) throw new Error('generator: no pomalidomide period');
    return last.end;
  }

  /** Last day the subject is followed at all. */
  get horizon(): Day {
    return Math.min(this.timeline.followUpEnd, this.death ?? Infinity);
  }
}
