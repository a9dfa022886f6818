import type { StudyDefinition } from '../../shared/study/definition-schema';
import { isoToDay } from './calendar';

/** Days since 1970-01-01, as in standardise/dates.ts. */
export type Day = number;

/** The calendar of the simulated study (study.md: first patient 2017-12-28, surveillance to 2023-06-08). */
export interface StudyTimeline {
  firstPatient: Day;
  /** Last possible enrolment. */
  enrolmentEnd: Day;
  /** Nothing happens to any subject after this day (end of surveillance). */
  followUpEnd: Day;
  /** Export date of each delivery, ascending; the last is after followUpEnd, so it holds everything. */
  exportDays: Day[];
}

const FIRST_PATIENT = '2017-12-28';
const ENROLMENT_END = '2021-06-30';
const DEFAULT_FOLLOW_UP_END = '2023-06-08';
/** Sites export a couple of weeks after each data cut. */
const EXPORT_LAG_DAYS = 14;

/** Reporting schedule of study.md: every 6 months for 2 years, then yearly (years 3, 4, 5). */
const DATA_CUTS = [
  '2018-06-28',
  '2018-12-28',
  '2019-06-28',
  '2019-12-28',
  '2020-12-28',
  '2021-12-28',
  '2022-12-28',
];

function exportDaysFor(rounds: number, followUpEnd: Day): Day[] {
  const final = followUpEnd + 22;
  const intermediate = rounds - 1;
  if (intermediate <= 0) return [final];
  const cuts = DATA_CUTS.map(isoToDay);
  let chosen: Day[];
  if (intermediate <= cuts.length) {
    // Evenly spread over the schedule, favouring later cuts (they hold more subjects).
    chosen = Array.from(
      { length: intermediate },
      (_, i) => cuts[Math.round(((i + 1) * cuts.length) / (intermediate + 1)) - 1]!,
    );
    chosen = [...new Set(chosen)];
    for (let i = cuts.length - 1; chosen.length < intermediate && i >= 0; i--)
      if (!chosen.includes(cuts[i]!)) chosen.push(cuts[i]!);
    chosen.sort((a, b) => a - b);
  } else {
    const first = cuts[0]!;
    const last = cuts[cuts.length - 1]!;
    chosen = Array.from(
      { length: intermediate },
      (_, i) => first + Math.round((i * (last - first)) / (intermediate - 1)),
    );
  }
  return [...chosen.map((d) => d + EXPORT_LAG_DAYS), final];
}

export function studyTimeline(definition: StudyDefinition, rounds: number): StudyTimeline {
  const followUpEnd = isoToDay(definition.study.surveillanceEnd ?? DEFAULT_FOLLOW_UP_END);
  return {
    firstPatient: isoToDay(FIRST_PATIENT),
    enrolmentEnd: Math.min(isoToDay(ENROLMENT_END), followUpEnd - 365),
    followUpEnd,
    exportDays: exportDaysFor(rounds, followUpEnd),
  };
}

/** YYYYMMDD, for file and folder names. */
export function compactDate(iso: string): string {
  return iso.replace(/-/g, '');
}
