import { dayToIso } from './calendar';
import type { AdverseEvent, SubjectCourse } from './course-types';
import { mixHash } from './random';
import type { Day } from './study-timeline';

/**
 * What a site's export holds about one subject on an export date (the cut-off), in standardised
 * form (ISO dates, canonical codes, numbers in the lab test's first unit): the "truth" that
 * expected/ files hold and that messy-values.ts writes in the site's own way.
 * - DATA-03: nothing about a subject before enrolment (DM comes first).
 * - AEDT-07: nothing dated after the cut-off: an event still going is ongoing with no end date,
 *   a pomalidomide period is exported once it has ended, a death or end of treatment once it
 *   happened.
 * - AEDT-05: AEONGO is Y exactly when AEENDAT is missing.
 * - AECON-01/02, AEDT-06: a fatal event shows grade 5, FATAL, AESDTH = Y and the day of death only
 *   once death has come; before that it is an ongoing serious (hospitalised) event.
 */

export type TruthValue = string | number | null;

export interface TruthRow {
  form: string;
  /** The record key as the importer builds it: the key columns' standard values joined by '|'. */
  key: string;
  subjectId: string;
  values: Record<string, TruthValue>;
  /** Numeric lab results: decimals of the result in the test's first unit. */
  decimals?: number;
  /**
   * Cells the site wrote as given text instead of the spelling of `values` (planted errors: an
   * impossible date, a value outside its code list), with what the importer reads from it.
   */
  written?: Record<string, WrittenCell>;
}

export interface WrittenCell {
  text: string;
  /** The standardised value the importer makes of `text` (null when it cannot read it). */
  value: TruthValue;
}

export type FormKeys = ReadonlyMap<string, readonly string[]>;

export class RowSink {
  readonly rows = new Map<string, TruthRow[]>();
  constructor(private readonly keys: FormKeys) {}

  add(form: string, subjectId: string, values: Record<string, TruthValue>, decimals?: number): TruthRow {
    const key = (this.keys.get(form) ?? ['SUBJID']).map((k) => String(values[k] ?? '')).join('|');
    const row: TruthRow = { form, key, subjectId, values, decimals };
    let list = this.rows.get(form);
    if (!list) this.rows.set(form, (list = []));
    list.push(row);
    return row;
  }
}

const isoCache = new Map<Day, string>();
/** ISO text of a day, memoised: the same few thousand days are formatted millions of times. */
function iso(day: Day | null): string | null {
  if (day === null) return null;
  let text = isoCache.get(day);
  if (text === undefined) isoCache.set(day, (text = dayToIso(day)));
  return text;
}
const yn = (flag: boolean): 'Y' | 'N' => (flag ? 'Y' : 'N');

function adverseEventValues(
  course: SubjectCourse,
  event: AdverseEvent,
  seq: number,
  cutoff: Day,
): Record<string, TruthValue> {
  const ended = event.end !== null && event.end <= cutoff;
  const died = event.fatal && ended;
  const s = event.serious;
  const style = mixHash(course.hash, seq);
  const blankCriteria = (course.hash & 1) === 1;
  const criterion = (flag: boolean): TruthValue => (s ? yn(flag) : blankCriteria ? null : 'N');
  return {
    SUBJID: course.subjectId,
    AESEQ: seq,
    AETERM: event.term,
    AEDECOD: event.decod,
    AESTDAT: iso(event.start),
    AEENDAT: ended ? iso(event.end) : null,
    AEONGO: ended ? ((style & 7) === 0 ? null : 'N') : 'Y',
    AETOXGR: died ? 5 : event.grade,
    AESER: yn(s !== null),
    AESDTH: criterion(died),
    AESLIFE: criterion(s?.lifeThreatening ?? false),
    AESHOSP: criterion(s?.hospitalisation ?? false),
    AESDISAB: criterion(s?.disability ?? false),
    AESCONG: criterion(s?.congenital ?? false),
    AESMIE: criterion(s?.medicallyImportant ?? false),
    AEREL: event.causality,
    AEACN: event.action,
    AEOUT: ended ? event.outcomeEnded : event.outcomeOngoing,
  };
}

function lastContact(course: SubjectCourse, cutoff: Day): Day | null {
  const d = course.disposition;
  if (d.death !== null && d.death <= cutoff) return d.death;
  let last: Day | null = null;
  for (const c of d.contacts) {
    if (c > cutoff) break;
    last = c;
  }
  return last;
}

/** Adds to `sink` everything the site knows about the subject on `cutoff`. */
export function subjectRecordsAt(
  course: SubjectCourse,
  cutoff: Day,
  sink: RowSink,
  firstUnit: ReadonlyMap<string, string | undefined>,
): void {
  if (course.enrolment > cutoff) return;
  const id = course.subjectId;
  const b = course.baseline;
  sink.add('DM', id, {
    SITEID: course.siteId,
    SUBJID: id,
    RFICDAT: iso(course.consent),
    ENRLDAT: iso(course.enrolment),
    AGE: b.age,
    SEX: b.sex,
    ECOG: b.ecog,
    DIAGDAT: b.diagnosis,
    ISS: b.iss,
    PRIORREG: b.priorRegimens,
    PRIORLEN: 'Y',
    PRIORBOR: 'Y',
    DIALYSIS: b.dialysis,
    HEPIMP: b.hepaticImpairment,
  });

  course.periods.forEach((p, i) => {
    if (p.end > cutoff) return;
    sink.add('EX', id, {
      SUBJID: id,
      EXSEQ: i + 1,
      EXTRT: 'POMALIDOMIDE',
      CYCLE: p.cycle,
      EXSTDAT: iso(p.start),
      EXENDAT: iso(p.end),
      EXDOSE: p.dose,
      EXADJ: p.adjustment,
    });
  });
  course.dexDoses.forEach((d, i) => {
    if (d.day > cutoff) return;
    sink.add('EX', id, {
      SUBJID: id,
      EXSEQ: i + 1,
      EXTRT: 'DEXAMETHASONE',
      CYCLE: d.cycle,
      EXSTDAT: iso(d.day),
      EXENDAT: iso(d.day),
      EXDOSE: d.dose,
      EXADJ: d.adjustment,
    });
  });

  course.adverseEvents.forEach((e, i) => {
    if (e.start <= cutoff) sink.add('AE', id, adverseEventValues(course, e, i + 1, cutoff));
  });

  for (const a of course.assessments) {
    if (a.day > cutoff) continue;
    sink.add('RS', id, {
      SUBJID: id,
      RSDAT: iso(a.day),
      VISIT: a.visit,
      RSORRES: a.response,
      RSNDREAS: a.notDoneReason,
    });
  }

  for (const l of course.labs) {
    if (l.day > cutoff) continue;
    const numeric = typeof l.value === 'number';
    sink.add(
      'LB',
      id,
      {
        SUBJID: id,
        LBDAT: iso(l.day),
        LBTESTCD: l.test,
        LBORRES: l.value,
        LBORRESU: numeric ? (firstUnit.get(l.test) ?? null) : null,
      },
      numeric ? l.decimals : undefined,
    );
  }

  const d = course.disposition;
  if (d.recordedFrom <= cutoff) {
    sink.add('DS', id, {
      SUBJID: id,
      EOTDAT: iso(d.eot),
      EOTREAS: d.reason,
      DTHDAT: d.death !== null && d.death <= cutoff ? iso(d.death) : null,
      LSTCNDAT: iso(lastContact(course, cutoff)),
    });
  }

  course.medications.forEach((m, i) => {
    if (m.knownFrom > cutoff) return;
    const ended = m.end !== null && m.end <= cutoff;
    sink.add('CM', id, {
      SUBJID: id,
      CMSEQ: i + 1,
      CMTRT: m.name,
      CMINDC: m.indication,
      CMSTDAT: m.start,
      CMENDAT: ended ? iso(m.end) : null,
      CMONGO: ended ? (mixHash(course.hash, 1000 + i) % 5 === 0 ? null : 'N') : 'Y',
    });
  });
}
