import type { StudyModel } from '../../../electron/core/study/study-model';
import type { Random } from '../random';
import type { SiteStyle } from '../site-formats';
import type { CheckRules } from './check-rules';
import type { SubjectRows } from './subject-rows';

/**
 * A planter makes the error of one check in one subject's records, the way a site makes it, and
 * says where the engine will find it. It touches only what the error needs; the injector
 * (plant-errors.ts) checks with its own reading of the checks (subject-findings.ts) that the plant
 * raises its check and lists whatever else it unavoidably raises.
 */

/**
 * Parts of a subject's data. A part is changed by at most one plant, so that plants in one subject
 * stay apart (what one plant does to the checks of another is caught by subject-findings.ts).
 */
export type Zone = 'DM' | 'POM' | 'DEX' | 'AE' | 'RS' | 'LB' | 'DS' | 'CM';

/** Where a hit is: the engine's identity of a discrepancy (without the check). */
export interface Target {
  form: string;
  recordKey: string;
  field: string;
  /** Defaults to the planted subject (an orphan record names another). */
  subject?: string;
}

export interface Plant {
  target: Target;
  /** What the site did, in words (goes into the answer key). */
  what: string;
  /** The subject the plant created (an orphan record's mistyped SUBJID). */
  newSubject?: SubjectRows;
  /** The parts of the subject this plant changed, when not all of the planter's zones. */
  zones?: readonly Zone[];
}

export interface PlantContext {
  random: Random;
  rules: CheckRules;
  model: StudyModel;
  studyDrug: string;
  comedication: string;
  /** The cut-off of the planted export, as a day number. */
  cutoff: number;
  style: SiteStyle;
  /** Every subject ID of the study (an orphan's ID must be none of them). */
  subjectIds: ReadonlySet<string>;
  /** Sequence numbers of a subject's form that earlier deliveries used (a new record must not reuse them). */
  usedEarlier(subjectId: string, form: string): number[];
  /** Creates the records of a subject the study does not know (orphan records), in the same site export. */
  newSubject(subjectId: string): SubjectRows;
  /** Counts the plants of this check from a seeded start: a planter takes its kinds of error in turn by it. */
  ordinal: number;
}

/** One way to plant the error in a subject: `apply` changes the subject's records. */
export type Candidate = () => Plant;

export interface Planter {
  check: string;
  /** The parts of a subject the plant changes (a plant may say it changed fewer). */
  zones: readonly Zone[];
  /**
   * The ways this subject could show the error, best first (none when no record fits). Nothing
   * changes until one is applied; the injector undoes it when it raises the wrong checks.
   */
  candidates(subject: SubjectRows, ctx: PlantContext): Candidate[];
}
