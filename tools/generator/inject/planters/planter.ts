import type { StudyModel } from '../../../../electron/core/study/study-model';
import type { Random } from '../../random';
import type { SiteStyle } from '../../site-formats';
import type { CheckRules } from './check-rules';
import type { SubjectRows } from './subject-rows';

/**
 * A planter makes the error of one check in one subject's records, the way a site makes it, and
 * declares where the engine will find it: the hit of its check, and the hits of other checks its
 * change raises with certainty (`secondary`, each of a check the planter names). It picks only
 * records where every other hit is impossible or certain, so that nothing has to read the checks
 * again to know what the engine raises (the generated study itself raises nothing).
 */

/**
 * Parts of a subject's data. A part is changed by at most one plant, and two plants in one subject
 * change parts no check reads together (check-reads.ts), so that plants in one subject stay apart.
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

/** A hit of another check that the plant raises too. */
export interface SecondaryHit extends Target {
  check: string;
}

export interface Plant {
  target: Target;
  /** What the site did, in words (goes into the answer key). */
  what: string;
  /** The hits of other checks the change raises with certainty (of the planter's `secondary` checks). */
  secondary?: readonly SecondaryHit[];
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

/** One way to plant the error in a subject: applying it changes the subject's records. */
export type Candidate = () => Plant;

export interface Planter {
  check: string;
  /** The parts of a subject the plant changes (a plant may say it changed fewer). */
  zones: readonly Zone[];
  /** The other checks a plant of this planter raises with certainty where it fits (none by default). */
  secondary?: readonly string[];
  /**
   * The ways this subject could show the error, best first (none when no record fits). Nothing
   * changes until one is applied; the injector undoes it when its zones are taken.
   */
  candidates(subject: SubjectRows, ctx: PlantContext): Candidate[];
}
