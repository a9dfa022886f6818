import type { Day } from './study-timeline';

/**
 * One subject's whole simulated course, in standard units and canonical codes, with dates as day
 * numbers. What a site knows at an export date is derived from it (subject-records-at-cutoff.ts).
 */

export type YesNo = 'Y' | 'N';
export type HepaticImpairment = 'NONE' | 'MILD' | 'MODERATE' | 'SEVERE';

export interface Baseline {
  age: number;
  sex: 'M' | 'F';
  ecog: number | null;
  iss: 'I' | 'II' | 'III' | null;
  /** ISO, full or partial (no check reads it). */
  diagnosis: string | null;
  priorRegimens: number;
  dialysis: YesNo | null;
  hepaticImpairment: HepaticImpairment | null;
  startDose: number;
  dexDose: number;
}

export interface PomalidomidePeriod {
  cycle: number;
  start: Day;
  end: Day;
  dose: number;
  adjustment: 'ADVERSE EVENT' | 'OTHER' | null;
}

export interface DexamethasoneDose {
  cycle: number;
  day: Day;
  dose: number;
  adjustment: 'ADVERSE EVENT' | 'OTHER' | null;
}

export interface SeriousnessCriteria {
  death: boolean;
  lifeThreatening: boolean;
  hospitalisation: boolean;
  disability: boolean;
  congenital: boolean;
  medicallyImportant: boolean;
}

export interface AdverseEvent {
  term: string;
  decod: string;
  start: Day;
  /** Last day; null when it never resolves within the follow-up (or the subject dies with it). */
  end: Day | null;
  /** Grade while known; a fatal event is shown with `grade` until death, 5 after. */
  grade: number;
  fatal: boolean;
  serious: SeriousnessCriteria | null;
  causality: string;
  action: string;
  /** Outcome once ended (FATAL for a fatal event). */
  outcomeEnded: string;
  /** Outcome while still going. */
  outcomeOngoing: string;
}

export interface LabResult {
  day: Day;
  test: string;
  /** Numeric tests: the value in the test's first unit; coded tests: the code. */
  value: number | string;
  /** Decimals the value carries in its first unit (numeric tests). */
  decimals: number;
}

export interface ResponseAssessment {
  day: Day;
  visit: string;
  response: string | null;
  notDoneReason: string | null;
}

export interface ConcomitantMedication {
  name: string;
  indication: string | null;
  /** ISO, full or partial, or null (unknown start). */
  start: string | null;
  /** First day the start may stand for: the medication is known once this day has come. */
  knownFrom: Day;
  end: Day | null;
}

export interface Disposition {
  /** Last pomalidomide dose; null for a subject never treated. */
  eot: Day | null;
  reason: string;
  /** Day the end of treatment is recorded (the DS row exists from then on). */
  recordedFrom: Day;
  death: Day | null;
  /** Visits and follow-up contacts, ascending; LSTCNDAT is the last one on or before the cut-off. */
  contacts: Day[];
}

export interface SubjectCourse {
  subjectId: string;
  siteId: string;
  /** Stable per-subject hash for representation choices. */
  hash: number;
  consent: Day;
  enrolment: Day;
  baseline: Baseline;
  firstDose: Day | null;
  periods: PomalidomidePeriod[];
  dexDoses: DexamethasoneDose[];
  adverseEvents: AdverseEvent[];
  labs: LabResult[];
  assessments: ResponseAssessment[];
  medications: ConcomitantMedication[];
  /** null while treatment goes on past the follow-up (does not happen: every course ends). */
  disposition: Disposition;
}

/** What the site plan fixes about a subject before its course is simulated. */
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
