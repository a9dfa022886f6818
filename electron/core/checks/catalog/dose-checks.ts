import { formTable } from '../../db/form-tables';
import type { StudyModel } from '../../study/study-model';
import type { CatalogCheck } from './check-definition';
import {
  isoOf,
  listOf,
  message,
  messageOf,
  num,
  orUnknown,
  related,
  sqlText,
  unreadable,
  type SqlDialect,
} from '../../db/sql-dialect';
import { after, dayText, hi, lo } from './sql-fragments';
import { aeName } from './ae-name';

/**
 * Dose deviations (edit-checks.md, DOSE): the study drug (treatment.studyDrug, pomalidomide) and the
 * comedication (treatment.comedication, dexamethasone) against the label's regimen (study.md).
 *
 * "Previous period" and "first period" come from the derived fact pom_step: the order of two
 * periods counts only where it is certain whatever full dates partial EXSTDATs stand for. A period
 * or AE whose date could not be read may lie anywhere: it counts as "may be in the window" where a
 * check looks for something missing (DOSE-06, DOSE-07), and never makes a check fire on its own. A
 * pomalidomide period whose EXSTDAT cannot be read may be any period of its subject (edit-checks.md):
 * the first (no other is then certainly first), the previous one of any period (DOSE-05 and DOSE-06
 * fire only if the finding also holds against its dose), or the one that starts its cycle.
 */

/** Where a dosing period is, as a site finds it: `EXSEQ 3, cycle 2, 2018-02-07 to 2018-02-27`. */
function periodRef(e: string): string {
  return message('period', {
    seq: orUnknown(`${e}.EXSEQ`),
    cycle: orUnknown(`${e}.CYCLE`),
    start: orUnknown(`${e}.EXSTDAT`),
    end: orUnknown(`${e}.EXENDAT`),
  });
}

/** How a message names a dosing period: `POMALIDOMIDE 4 mg (EXSEQ 3, cycle 2, 2018-02-07 to 2018-02-27)`. */
function periodName(e: string): string {
  return message('dosingPeriod', {
    drug: `${e}.EXTRT`,
    dose: orUnknown(`${e}.EXDOSE`),
    period: periodRef(e),
  });
}

/**
 * DOSE-02: the label's lower starting doses (treatment.labelStartDoses) as SQL, one condition a
 * rule: `dose = rule.dose AND every DM column of rule.when holds one of its values`. Column names
 * come from the study model (checked against DM); doses and values stay in the bound parameter.
 * A blank DM column holds none of the values: its rule does not hold (NULL counts as false).
 */
function startDoseSql(model: StudyModel): string {
  const dm = model.formByCode.get('DM');
  const rules = model.definition.treatment.labelStartDoses;
  const columns = [...new Set(rules.flatMap((rule) => Object.keys(rule.when)))];
  for (const column of columns) {
    if (!dm?.columnByName.has(column))
      throw new Error(
        `study definition: treatment.labelStartDoses names ${column}, which is not a column of DM`,
      );
  }
  const ruleHolds = rules.map(
    (rule, i) =>
      `(s.dose = CAST(json_extract(@labelStartDoses, '$[${i}].dose') AS REAL) AND ${Object.keys(rule.when)
        .map(
          (column) =>
            `d."${column}" IN (SELECT value FROM json_each(@labelStartDoses, '$[${i}].when.${column}'))`,
        )
        .join(' AND ')})`,
  );
  const rulesForDose = `FROM json_each(@labelStartDoses) r WHERE CAST(json_extract(r.value, '$.dose') AS REAL) = s.dose`;
  // What the label allows for this dose: each reason with its DM values, e.g. `HEPIMP MILD/MODERATE`.
  const reasons = `(SELECT json_group_array(${message('labelReason', {
    reason: `json_object('en', json_extract(r.value, '$.reason'), 'ko', json_extract(r.value, '$.reasonKo'))`,
    conditions: `(SELECT json_group_array(w.key || ' ' || (SELECT group_concat(v.value, '/' ORDER BY v.key) FROM json_each(w.value) v) ORDER BY w.id) FROM json_each(r.value, '$.when') w)`,
  })} ORDER BY r.key) ${rulesForDose})`;
  const values = {
    drug: 'e.EXTRT',
    dose: 's.dose',
    period: periodRef('e'),
    startDose: '@startDose',
    dm: `json_array(${columns.map((column) => message('dmValue', { column: sqlText(column), value: `d."${column}"` })).join(', ')})`,
  };
  return `
      SELECT s.subject_id, 'EX' AS form, s.record_id, NULL AS record_key, 'EXDOSE' AS field,
             CASE WHEN EXISTS (SELECT 1 ${rulesForDose}) THEN ${message('allowedFor', { ...values, reasons })}
                  ELSE ${message('notAllowed', values)} END AS message,
             ${related([['DM', 'd.record_id']])} AS related
      FROM pom_step s
      JOIN ex e ON e.record_id = s.record_id
      JOIN dm d ON d.subject_id = s.subject_id AND d.occurrence = 1
      WHERE s.is_first = 1 AND s.dose IS NOT NULL AND s.dose <> @startDose
        AND NOT coalesce(${ruleHolds.length ? ruleHolds.join('\n          OR ') : 'FALSE'}, FALSE)`;
}

/** DOSE-10: the unit of a lab test's results (its first unit, which standardisation converts to). */
function unitOf(model: StudyModel, param: string): string {
  const test = model.definition.checks['DOSE-10']?.params?.[param];
  const unit = typeof test === 'string' ? model.labTests.get(test)?.standardUnit : undefined;
  return sqlText(unit ?? '');
}

function myelosuppressionSql(model: StudyModel, d: SqlDialect): string {
  const result = d.numberOf('l.LBORRES');
  const unit = `CASE l.LBTESTCD WHEN @ancTest THEN ${unitOf(model, 'ancTest')} ELSE ${unitOf(model, 'platTest')} END`;
  const limit = `CASE l.LBTESTCD WHEN @ancTest THEN @ancBelow ELSE @platBelow END`;
  return `
      SELECT l.subject_id, 'LB' AS form, l.record_id, NULL AS record_key, 'LBORRES' AS field,
             ${messageOf(`CASE WHEN count(*) > 1 THEN 'manyCover' ELSE 'oneCovers' END`, {
               test: 'l.LBTESTCD',
               result: 'l.LBORRES',
               unit,
               date: 'l.LBDAT',
               limit,
               condition: `CASE l.LBTESTCD WHEN @ancTest THEN ${message('neutropenia')} ELSE ${message('thrombocytopenia')} END`,
               periods: `json_group_array(${periodName('e')} ORDER BY p.st_lo, e.EXSEQ, p.record_id)`,
               nextDay: dayText(`${lo('l.LBDAT')} + 1`, `${hi('l.LBDAT')} + 1`),
               drug: '@studyDrug',
             })} AS message,
             json_group_array(json_object('form', 'EX', 'recordId', p.record_id) ORDER BY p.st_lo, e.EXSEQ, p.record_id) AS related
      FROM lb l
      JOIN pom_period p ON p.subject_id = l.subject_id
       AND p.st_hi <= ${lo('l.LBDAT')} + 1 AND p.en_lo >= ${hi('l.LBDAT')} + 1
      JOIN ex e ON e.record_id = p.record_id
      WHERE l.LBTESTCD IN (@ancTest, @platTest) AND ${d.isNumber('l.LBORRES')}
        AND ${result} < ${limit}
      GROUP BY l.record_id, l.subject_id, l.LBTESTCD, l.LBORRES, l.LBDAT, l.LBDAT_lo, l.LBDAT_hi`;
}

/** DOSE-07: the study-drug periods that start in the AE's window, as `2018-02-01 3 mg` (NULL when none). */
const periodsStartingThen = `(
                    SELECT json_group_array(x.EXSTDAT || ' ' || coalesce(${num('x.EXDOSE')}, '?') || ' mg' ORDER BY s.st_lo, x.EXSEQ, s.record_id)
                    FROM pom_step s JOIN ex x ON x.record_id = s.record_id
                    WHERE s.subject_id = a.subject_id AND s.st_hi >= ${lo('a.AESTDAT')} AND s.st_lo <= ${hi('a.AESTDAT')} + @reductionWithinDays
                    HAVING count(*) > 0)`;

const reducedAeValues = {
  ae: aeName('a'),
  start: 'a.AESTDAT',
  action: 'a.AEACN',
  drug: '@studyDrug',
  from: isoOf(lo('a.AESTDAT')),
  to: isoOf(`${hi('a.AESTDAT')} + @reductionWithinDays`),
};

/** DOSE-08: which limit applies (by DM.AGE), with the dose and the period. */
const comedicationValues = { drug: 'e.EXTRT', dose: 'e.EXDOSE', period: periodRef('e') };
const comedicationMessage = `CASE
                 WHEN d.AGE > @elderlyAgeAbove THEN ${message('elderly', { ...comedicationValues, limit: '@comedicationDoseElderly', ageAbove: '@elderlyAgeAbove', age: 'd.AGE' })}
                 WHEN d.AGE IS NOT NULL THEN ${message('younger', { ...comedicationValues, limit: '@comedicationDose', ageAbove: '@elderlyAgeAbove', age: 'd.AGE' })}
                 ELSE ${message('ageBlank', { ...comedicationValues, limit: 'max(@comedicationDose, @comedicationDoseElderly)' })} END`;

/** DOSE-09: starts after death, ends after death, or ends after the last dose. */
const afterEndMessage = `CASE
               WHEN ${after('e.EXSTDAT', 's.DTHDAT')} THEN ${message('startsAfterDeath', { period: periodName('e'), start: 'e.EXSTDAT', death: 's.DTHDAT' })}
               WHEN ${after('e.EXENDAT', 's.DTHDAT')} THEN ${message('endsAfterDeath', { period: periodName('e'), end: 'e.EXENDAT', death: 's.DTHDAT' })}
               ELSE ${message('endsAfterTreatment', { period: periodName('e'), end: 'e.EXENDAT', eot: 's.EOTDAT' })} END`;

export const doseChecks: readonly CatalogCheck[] = [
  {
    id: 'DOSE-01',
    category: 'DOSE',
    severity: 'major',
    title: 'Pomalidomide dose not on the dose-level ladder',
    sql: `
      SELECT e.subject_id, 'EX' AS form, e.record_id, NULL AS record_key, 'EXDOSE' AS field,
             ${message('default', { drug: 'e.EXTRT', dose: 'e.EXDOSE', cycle: orUnknown('e.CYCLE'), levels: listOf('@doseLevels') })} AS message,
             NULL AS related
      FROM ex e
      WHERE e.EXTRT = @studyDrug AND e.EXDOSE IS NOT NULL
        AND e.EXDOSE NOT IN (SELECT CAST(value AS REAL) FROM json_each(@doseLevels))`,
  },
  {
    // Major: a wrong starting dose changes exposure from the first day; the label reason (DIALYSIS,
    // HEPIMP, ... as the study definition says) may just be missing from DM.
    id: 'DOSE-02',
    category: 'DOSE',
    severity: 'major',
    title: 'Starting dose other than 4 mg without a label reason',
    sql: startDoseSql,
  },
  {
    // Major: dosing on rest days is extra exposure the label does not foresee.
    id: 'DOSE-03',
    category: 'DOSE',
    severity: 'major',
    title: 'Pomalidomide on a rest day',
    sql: `
      SELECT p.subject_id, 'EX' AS form, p.record_id, NULL AS record_key, 'EXENDAT' AS field,
             ${message('default', {
               period: periodName('e'),
               end: 'e.EXENDAT',
               dosingDays: '@dosingDays',
               cycle: 'c.cycle',
               d1: dayText('c.d1_lo', 'c.d1_hi'),
               offset: '(@dosingDays - 1)',
               lastDay: dayText(`c.d1_lo + @dosingDays - 1`, `c.d1_hi + @dosingDays - 1`),
               restFrom: '(@dosingDays + 1)',
               cycleLength: '@cycleLengthDays',
             })} AS message,
             CASE WHEN c.record_id <> p.record_id THEN ${related([['EX', 'c.record_id']])} END AS related
      FROM pom_period p
      JOIN cycle_start c ON c.subject_id = p.subject_id AND c.cycle = p.cycle
      JOIN ex e ON e.record_id = p.record_id
      WHERE p.en_lo > c.d1_hi + @dosingDays - 1`,
  },
  {
    // Major: a short cycle shortens the rest days (and the time for counts to recover).
    // Pointed at the period that starts cycle n (CnD1); cycles whose previous cycle has no
    // pomalidomide period are not compared.
    id: 'DOSE-04',
    category: 'DOSE',
    severity: 'major',
    title: 'Cycle started early',
    sql: `
      SELECT c.subject_id, 'EX' AS form, c.record_id, NULL AS record_key, 'EXSTDAT' AS field,
             ${messageOf(`CASE WHEN c.d1_lo = c.d1_hi AND b.d1_lo = b.d1_hi THEN 'exact' ELSE 'atMost' END`, {
               cycle: 'c.cycle',
               d1: dayText('c.d1_lo', 'c.d1_hi'),
               days: 'CASE WHEN c.d1_lo = c.d1_hi AND b.d1_lo = b.d1_hi THEN c.d1_lo - b.d1_lo ELSE c.d1_hi - b.d1_lo END',
               previousCycle: 'b.cycle',
               previousD1: dayText('b.d1_lo', 'b.d1_hi'),
               cycleLength: '@cycleLengthDays',
             })} AS message,
             ${related([['EX', 'b.record_id']])} AS related
      FROM cycle_start c
      JOIN cycle_start b ON b.subject_id = c.subject_id AND b.cycle = c.cycle - 1
      WHERE c.record_id IS NOT NULL AND c.d1_hi - b.d1_lo < @cycleLengthDays`,
  },
  {
    // Major: the label has no rule for going back up a dose level.
    id: 'DOSE-05',
    category: 'DOSE',
    severity: 'major',
    title: 'Dose re-escalation',
    sql: `
      SELECT s.subject_id, 'EX' AS form, s.record_id, NULL AS record_key, 'EXDOSE' AS field,
             ${message('default', {
               drug: 'e.EXTRT',
               dose: 's.dose',
               period: periodRef('e'),
               previousDose: 's.prev_dose',
               previousPeriod: periodRef('q'),
             })} AS message,
             ${related([['EX', 's.prev_record_id']])} AS related
      FROM pom_step s
      JOIN ex e ON e.record_id = s.record_id
      JOIN ex q ON q.record_id = s.prev_record_id
      LEFT JOIN pom_anywhere a ON a.subject_id = s.subject_id
      WHERE s.dose > s.prev_dose
        AND (a.periods IS NULL OR (a.without_dose = 0 AND s.dose > a.max_dose))`,
  },
  {
    // Major: an undocumented reduction may hide an adverse event the safety analysis misses.
    // Pointed at EXADJ, where the reason is documented. An AE whose start date could not be read
    // may lie in the window (no hit); an EXADJ that could not be read may be OTHER (no hit).
    id: 'DOSE-06',
    category: 'DOSE',
    severity: 'major',
    title: 'Dose reduced without a documented reason',
    params: ['aeLookbackDays', 'reductionActions', 'otherReason'],
    sql: `
      SELECT s.subject_id, 'EX' AS form, s.record_id, NULL AS record_key, 'EXADJ' AS field,
             ${message('default', {
               drug: 'e.EXTRT',
               previousDose: 's.prev_dose',
               previousPeriod: periodRef('q'),
               dose: 's.dose',
               period: periodRef('e'),
               exadj: 'e.EXADJ',
               actions: listOf('@reductionActions'),
               from: isoOf('s.st_lo - @aeLookbackDays'),
               to: isoOf('s.st_hi'),
             })} AS message,
             ${related([['EX', 's.prev_record_id']])} AS related
      FROM pom_step s
      JOIN ${formTable('EX')} e ON e.record_id = s.record_id
      JOIN ex q ON q.record_id = s.prev_record_id
      LEFT JOIN pom_anywhere a ON a.subject_id = s.subject_id
      WHERE s.dose < s.prev_dose
        AND (a.periods IS NULL OR (a.without_dose = 0 AND s.dose < a.min_dose))
        AND e.EXADJ IS NOT @otherReason AND NOT ${unreadable('e', 'EXADJ')}
        AND NOT EXISTS (
          SELECT 1 FROM ae a
          WHERE a.subject_id = s.subject_id
            AND a.AEACN IN (SELECT value FROM json_each(@reductionActions))
            AND (a.AESTDAT_lo IS NULL OR (a.AESTDAT_hi >= s.st_lo - @aeLookbackDays AND a.AESTDAT_lo <= s.st_hi)))`,
  },
  {
    // Major: either the AE's action or the dosing record is wrong. A missing-something check: fires
    // only once AESTDAT + @reductionWithinDays is on or before the cut-off. A period that MAY be a
    // reduction (order or dose uncertain, or a start date that could not be read) counts as one.
    id: 'DOSE-07',
    category: 'DOSE',
    severity: 'major',
    title: 'AE says the dose was reduced, but it was not',
    params: ['reductionWithinDays', 'reducedAction'],
    sql: `
      SELECT a.subject_id, 'AE' AS form, a.record_id, NULL AS record_key, 'AEACN' AS field,
             CASE WHEN ${periodsStartingThen} IS NULL THEN ${message('noPeriods', reducedAeValues)}
                  ELSE ${message('periods', { ...reducedAeValues, periods: periodsStartingThen })} END AS message,
             (SELECT json_group_array(json_object('form', 'EX', 'recordId', s.record_id) ORDER BY s.st_lo, s.record_id) FROM pom_step s
              WHERE s.subject_id = a.subject_id AND s.st_hi >= ${lo('a.AESTDAT')} AND s.st_lo <= ${hi('a.AESTDAT')} + @reductionWithinDays) AS related
      FROM ae a
      JOIN subject_fact sf ON sf.subject_id = a.subject_id
      WHERE a.AEACN = @reducedAction
        AND ${hi('a.AESTDAT')} + @reductionWithinDays <= sf.cutoff
        AND NOT EXISTS (
          SELECT 1 FROM pom_step s
          WHERE s.subject_id = a.subject_id
            AND s.st_hi >= ${lo('a.AESTDAT')} AND s.st_lo <= ${hi('a.AESTDAT')} + @reductionWithinDays
            AND NOT coalesce(s.is_first = 1 OR s.dose >= s.prev_dose, FALSE))
        AND NOT EXISTS (
          SELECT 1 FROM ex x WHERE x.subject_id = a.subject_id AND x.EXTRT = @studyDrug AND x.EXSTDAT_lo IS NULL)`,
  },
  {
    // Major: dexamethasone is not the study drug, but an overdose in the elderly is a safety issue.
    // With AGE unknown, fires only above both limits.
    id: 'DOSE-08',
    category: 'DOSE',
    severity: 'major',
    title: 'Dexamethasone above the age-appropriate dose',
    sql: `
      SELECT e.subject_id, 'EX' AS form, e.record_id, NULL AS record_key, 'EXDOSE' AS field,
             ${comedicationMessage} AS message,
             ${related([['DM', 'd.record_id']])} AS related
      FROM ex e
      LEFT JOIN dm d ON d.subject_id = e.subject_id AND d.occurrence = 1
      WHERE e.EXTRT = @comedication AND e.EXDOSE IS NOT NULL
        AND e.EXDOSE > CASE WHEN d.AGE > @elderlyAgeAbove THEN @comedicationDoseElderly
                            WHEN d.AGE IS NOT NULL THEN @comedicationDose
                            ELSE max(@comedicationDose, @comedicationDoseElderly) END`,
  },
  {
    // Critical: dosing after death is impossible and dosing after the last dose moves the end of
    // treatment, which sets the safety window of the primary (safety) analysis. One hit an EX
    // record: on EXSTDAT when the period starts after death, else on EXENDAT.
    id: 'DOSE-09',
    category: 'DOSE',
    severity: 'critical',
    title: 'Dosing after end of treatment or death',
    sql: `
      SELECT e.subject_id, 'EX' AS form, e.record_id, NULL AS record_key,
             CASE WHEN ${after('e.EXSTDAT', 's.DTHDAT')} THEN 'EXSTDAT' ELSE 'EXENDAT' END AS field,
             ${afterEndMessage} AS message,
             ${related([['DS', 's.record_id']])} AS related
      FROM ex e
      JOIN ds s ON s.subject_id = e.subject_id AND s.occurrence = 1
      WHERE (e.EXTRT = @studyDrug AND ${after('e.EXENDAT', 's.EOTDAT')})
         OR ${after('e.EXSTDAT', 's.DTHDAT')} OR ${after('e.EXENDAT', 's.DTHDAT')}`,
  },
  {
    // Critical: the label says to interrupt dosing; continuing risks the patient (infection,
    // bleeding). One hit a lab record (edit-checks.md: "one per lab record"), pointed at the LB
    // result: it is the record the finding is about, its key (subject, test, date) is stable
    // whatever the site does to the periods (a period split or renumbered keeps the query
    // history), and the query reads naturally ("ANC 0.3 on 2018-02-10, yet dosing went on: was it
    // interrupted, or is the result or the period wrong?"). The periods are named in the message and
    // listed as related records. A partial LBDAT counts only if every day it may stand for is
    // followed by a covered day.
    id: 'DOSE-10',
    category: 'DOSE',
    severity: 'critical',
    title: 'Dosing through severe myelosuppression',
    params: ['ancTest', 'ancBelow', 'platTest', 'platBelow'],
    sql: myelosuppressionSql,
  },
];
