import { dayToIso } from './calendar';
import { CAUSALITY } from './adverse-event-catalog';
import type { SubjectCourse } from './course-types';
import type { Random } from './random';
import type { Day } from './study-timeline';
import type { RowSink, TruthRow, TruthValue } from './subject-records';

/**
 * Data that change between deliveries although nothing new happened, so that re-imports show
 * changed and deleted records: a value entered wrong and corrected in the next export (an erratum),
 * or a record entered by mistake and deleted (a mistake). Both versions are clean: no erratum
 * touches a value any check reads in a way that could fire (blood counts, M-protein, dates of
 * dosing or events, actions and outcomes are never corrected), and a mistaken adverse event is a
 * mild one that overlaps nothing of its kind.
 */

export interface Erratum {
  form: string;
  key: string;
  column: string;
  /** The wrong value, shown in rounds up to and including `lastRound` (0-based). */
  value: TruthValue;
  lastRound: number;
}

export interface Mistake {
  /** The mistaken record, shown in rounds firstRound..lastRound once `fromDay` has come. */
  row: Omit<TruthRow, 'key'>;
  firstRound: number;
  lastRound: number;
  fromDay: Day;
  /** Key of the true record the mistake stands in for (a lab entered on the wrong day). */
  replaces?: string;
}

export interface SubjectCorrections {
  errata: Erratum[];
  mistakes: Mistake[];
}

const WRONG_INDICATIONS = ['고혈압', '통증', '기타', '예방 목적'];

function erratum(random: Random, course: SubjectCourse, cutoff: Day, round: number): Erratum | undefined {
  const id = course.subjectId;
  const kind = random.weighted([
    ['lab', 3],
    ['cm', 3],
    ['aeDecod', 2],
    ['aeRel', 2],
    ['dm', 2],
    ['visit', 1],
    ['ds', 1],
  ] as const);
  switch (kind) {
    case 'lab': {
      const labs = course.labs.filter((l) => l.day <= cutoff && (l.test === 'HGB' || l.test === 'CREAT'));
      if (!labs.length) return undefined;
      const lab = random.pick(labs);
      const value = lab.value as number;
      const wrong =
        lab.test === 'HGB'
          ? Math.round((value + (random.chance(0.5) ? 1 : -1) * (0.5 + random.next() * 1.5)) * 10) / 10
          : Math.round(value * (1.2 + random.next() * 0.4) * 100) / 100;
      if (wrong <= 0 || wrong === value) return undefined;
      return {
        form: 'LB',
        key: `${id}|${lab.test}|${dayToIso(lab.day)}`,
        column: 'LBORRES',
        value: wrong,
        lastRound: round,
      };
    }
    case 'cm': {
      const index = course.medications.findIndex(
        (m, i) => m.knownFrom <= cutoff && m.indication !== null && random.chance(1 / (i + 1)),
      );
      const med = course.medications[index];
      if (!med) return undefined;
      const wrong = random.pick(WRONG_INDICATIONS);
      if (wrong === med.indication) return undefined;
      return {
        form: 'CM',
        key: `${id}|${index + 1}`,
        column: 'CMINDC',
        value: random.chance(0.3) ? null : wrong,
        lastRound: round,
      };
    }
    case 'aeDecod':
    case 'aeRel': {
      const visible = course.adverseEvents
        .map((e, i) => ({ e, seq: i + 1 }))
        .filter(({ e }) => e.start <= cutoff);
      if (!visible.length) return undefined;
      const { e, seq } = random.pick(visible);
      if (kind === 'aeDecod')
        return { form: 'AE', key: `${id}|${seq}`, column: 'AEDECOD', value: null, lastRound: round };
      const other = CAUSALITY.possible.map(([c]) => c).filter((c) => c !== e.causality);
      return {
        form: 'AE',
        key: `${id}|${seq}`,
        column: 'AEREL',
        value: random.pick(other),
        lastRound: round,
      };
    }
    case 'dm':
      if (course.baseline.iss !== null && random.chance(0.5))
        return { form: 'DM', key: id, column: 'ISS', value: null, lastRound: round };
      return {
        form: 'DM',
        key: id,
        column: 'ECOG',
        value: ((course.baseline.ecog ?? 0) + 1) % 4,
        lastRound: round,
      };
    case 'visit': {
      const assessment = course.assessments.find((a) => a.day <= cutoff && a.visit.length > 0);
      if (!assessment) return undefined;
      return {
        form: 'RS',
        key: `${id}|${dayToIso(assessment.day)}`,
        column: 'VISIT',
        value: `${assessment.visit}*`,
        lastRound: round,
      };
    }
    case 'ds':
      if (course.disposition.recordedFrom > cutoff) return undefined;
      return {
        form: 'DS',
        key: id,
        column: 'EOTREAS',
        value: random.chance(0.5) ? null : '기타',
        lastRound: round,
      };
  }
}

function mistakenMedication(
  random: Random,
  course: SubjectCourse,
  cutoff: Day,
  round: number,
): Mistake | undefined {
  const visible = course.medications.map((m, i) => ({ m, i })).filter(({ m }) => m.knownFrom <= cutoff);
  if (!visible.length) return undefined;
  const { m } = random.pick(visible);
  const values: Record<string, TruthValue> = {
    SUBJID: course.subjectId,
    CMSEQ: course.medications.length + 1 + round,
    CMTRT: m.name,
    CMINDC: m.indication,
    CMSTDAT: m.start,
    CMENDAT: null,
    CMONGO: 'Y',
  };
  return {
    row: { form: 'CM', subjectId: course.subjectId, values },
    firstRound: round,
    lastRound: round,
    fromDay: m.knownFrom,
  };
}

function mistakenEvent(
  random: Random,
  course: SubjectCourse,
  cutoff: Day,
  previousCutoff: Day,
  round: number,
  safetyWindowDays: number,
): Mistake | undefined {
  if (course.firstDose === null) return undefined;
  const d = course.disposition;
  const latest = Math.min(
    cutoff,
    d.eot !== null ? d.eot + safetyWindowDays : cutoff,
    d.death !== null ? d.death - 3 : cutoff,
  );
  const earliest = Math.max(course.firstDose + 1, previousCutoff + 1);
  if (latest < earliest) return undefined;
  const start = random.int(earliest, latest);
  const end = start + 2 <= cutoff ? start + 2 : null;
  const overlaps = course.adverseEvents.some(
    (e) => e.decod === 'Headache' && e.start <= (end ?? cutoff) && (e.end ?? cutoff) >= start,
  );
  if (overlaps) return undefined;
  const onTreatment = d.eot === null || start <= d.eot;
  const values: Record<string, TruthValue> = {
    SUBJID: course.subjectId,
    AESEQ: course.adverseEvents.length + 1 + round,
    AETERM: '두통',
    AEDECOD: 'Headache',
    AESTDAT: dayToIso(start),
    AEENDAT: end === null ? null : dayToIso(end),
    AEONGO: end === null ? 'Y' : 'N',
    AETOXGR: 1,
    AESER: 'N',
    AESDTH: null,
    AESLIFE: null,
    AESHOSP: null,
    AESDISAB: null,
    AESCONG: null,
    AESMIE: null,
    AEREL: 'UNLIKELY',
    AEACN: onTreatment ? 'DOSE NOT CHANGED' : 'NOT APPLICABLE',
    AEOUT: end === null ? 'RECOVERING/RESOLVING' : 'RECOVERED/RESOLVED',
  };
  return {
    row: { form: 'AE', subjectId: course.subjectId, values },
    firstRound: round,
    lastRound: round,
    fromDay: start,
  };
}

function labOnWrongDay(
  random: Random,
  course: SubjectCourse,
  cutoff: Day,
  round: number,
): Mistake | undefined {
  const hgbDays = new Set(course.labs.filter((l) => l.test === 'HGB').map((l) => l.day));
  const candidates = course.labs.filter(
    (l) => l.test === 'HGB' && l.day <= cutoff && !hgbDays.has(l.day - 1),
  );
  if (!candidates.length) return undefined;
  const lab = random.pick(candidates);
  const values: Record<string, TruthValue> = {
    SUBJID: course.subjectId,
    LBDAT: dayToIso(lab.day - 1),
    LBTESTCD: 'HGB',
    LBORRES: lab.value,
    LBORRESU: 'g/dL',
  };
  return {
    row: { form: 'LB', subjectId: course.subjectId, values, decimals: lab.decimals },
    firstRound: 0,
    lastRound: round,
    fromDay: lab.day,
    replaces: `${course.subjectId}|HGB|${dayToIso(lab.day)}`,
  };
}

/** Plans the errata and mistakes of one subject over the deliveries (none in the last one). */
export function planCorrections(
  random: Random,
  course: SubjectCourse,
  exportDays: Day[],
  safetyWindowDays: number,
): SubjectCorrections {
  const errata: Erratum[] = [];
  const mistakes: Mistake[] = [];
  for (let round = 0; round < exportDays.length - 1; round++) {
    const cutoff = exportDays[round]!;
    if (course.enrolment > cutoff) continue;
    if (random.chance(0.08)) {
      const e = erratum(random, course, cutoff, round);
      if (e) errata.push(e);
    }
    if (random.chance(0.04)) {
      const kind = random.weighted([
        ['cm', 3],
        ['ae', 2],
        ['lab', 2],
      ] as const);
      const previousCutoff = round > 0 ? exportDays[round - 1]! : -Infinity;
      const m =
        kind === 'cm'
          ? mistakenMedication(random, course, cutoff, round)
          : kind === 'ae'
            ? mistakenEvent(random, course, cutoff, previousCutoff, round, safetyWindowDays)
            : labOnWrongDay(random, course, cutoff, round);
      if (m && !(m.replaces && mistakes.some((x) => x.replaces === m.replaces))) mistakes.push(m);
    }
  }
  return { errata, mistakes };
}

/** Applies the corrections due in `round` to the rows of one subject. */
export function applyCorrections(
  sink: RowSink,
  corrections: SubjectCorrections,
  round: number,
  cutoff: Day,
): void {
  for (const e of corrections.errata) {
    if (round > e.lastRound) continue;
    const row = sink.rows.get(e.form)?.find((r) => r.key === e.key);
    if (row) row.values[e.column] = e.value;
  }
  for (const m of corrections.mistakes) {
    if (round < m.firstRound || round > m.lastRound || m.fromDay > cutoff) continue;
    if (m.replaces) {
      const rows = sink.rows.get(m.row.form);
      const index = rows?.findIndex((r) => r.key === m.replaces) ?? -1;
      if (index < 0) continue;
      rows!.splice(index, 1);
    }
    sink.add(m.row.form, m.row.subjectId, { ...m.row.values }, m.row.decimals);
  }
}
