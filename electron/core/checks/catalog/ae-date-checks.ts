import { codingJoin, dataColumnSql, formTable } from '../../db/form-tables';
import type { StudyModel } from '../../study/study-model';
import type { CatalogCheck } from './check-definition';
import { isoOf, message, orUnknown, rawOf, related, unreadable } from '../../db/sql-dialect';
import { after, before, hi, lo } from './sql-fragments';
import { aeName } from './ae-name';

/** An AE's dates as a site reads them: `2018-03-01 to 2018-03-09`, or `to (no end date)`. */
const aeSpan = (a: string) =>
  `CASE WHEN ${a}.AEENDAT IS NULL THEN ${message('aeSpanOpen', { start: orUnknown(`${a}.AESTDAT`) })}
        ELSE ${message('aeSpan', { start: orUnknown(`${a}.AESTDAT`), end: `${a}.AEENDAT` })} END`;

/**
 * An event's name for finding duplicates (AEDT-09): case and spaces (also tabs and the
 * ideographic space of Korean input) do not matter. lower() leaves Hangul as it is, which is right.
 */
const eventName = (expression: string) =>
  `lower(replace(replace(replace(${expression}, ' ', ''), char(9), ''), char(12288), ''))`;

function columnIndex(model: StudyModel, form: string, column: string): number {
  const found = model.formByCode.get(form)?.columnByName.get(column);
  if (found === undefined) throw new Error(`the study definition has no column ${form}.${column}`);
  return found.index;
}

export const aeDateChecks: readonly CatalogCheck[] = [
  {
    id: 'AEDT-01',
    category: 'AEDT',
    severity: 'major',
    title: 'AE ends before it starts',
    sql: `
      SELECT a.subject_id, 'AE' AS form, a.record_id, NULL AS record_key, 'AEENDAT' AS field,
             ${message('default', { term: "coalesce(a.AETERM, '')", end: 'a.AEENDAT', start: 'a.AESTDAT' })} AS message,
             NULL AS related
      FROM ae a
      WHERE ${before('a.AEENDAT', 'a.AESTDAT')}`,
  },
  {
    // Major: an event before consent is medical history, and counting it inflates the AE tables.
    id: 'AEDT-02',
    category: 'AEDT',
    severity: 'major',
    title: 'AE starts before informed consent',
    sql: `
      SELECT a.subject_id, 'AE' AS form, a.record_id, NULL AS record_key, 'AESTDAT' AS field,
             ${message('default', { ae: aeName('a'), start: 'a.AESTDAT', consent: 'd.RFICDAT' })} AS message,
             ${related([['DM', 'd.record_id']])} AS related
      FROM ae a
      JOIN dm d ON d.subject_id = a.subject_id AND d.occurrence = 1
      WHERE ${before('a.AESTDAT', 'd.RFICDAT')}`,
  },
  {
    // Minor: the event is still recorded; the analysis window (by date) decides whether it counts.
    id: 'AEDT-03',
    category: 'AEDT',
    severity: 'minor',
    title: 'AE starts outside the safety window',
    params: ['safetyWindowDays'],
    sql: `
      SELECT a.subject_id, 'AE' AS form, a.record_id, NULL AS record_key, 'AESTDAT' AS field,
             ${message('default', {
               ae: aeName('a'),
               start: 'a.AESTDAT',
               windowDays: '@safetyWindowDays',
               eot: 's.EOTDAT',
               windowEnd: isoOf(`${hi('s.EOTDAT')} + @safetyWindowDays`),
             })} AS message,
             ${related([['DS', 's.record_id']])} AS related
      FROM ae a
      JOIN ds s ON s.subject_id = a.subject_id AND s.occurrence = 1
      WHERE ${hi('s.EOTDAT')} IS NOT NULL AND ${lo('a.AESTDAT')} > ${hi('s.EOTDAT')} + @safetyWindowDays`,
  },
  {
    // Major: impossible data about the key safety outcome. One per AE: on its start date when that
    // is after death, else on its end date.
    id: 'AEDT-04',
    category: 'AEDT',
    severity: 'major',
    title: 'AE starts or ends after death',
    sql: `
      SELECT a.subject_id, 'AE' AS form, a.record_id, NULL AS record_key,
             CASE WHEN ${after('a.AESTDAT', 's.DTHDAT')} THEN 'AESTDAT' ELSE 'AEENDAT' END AS field,
             CASE WHEN ${after('a.AESTDAT', 's.DTHDAT')}
                  THEN ${message('startsAfterDeath', { ae: aeName('a'), start: 'a.AESTDAT', death: 's.DTHDAT' })}
                  ELSE ${message('endsAfterDeath', { ae: aeName('a'), end: 'a.AEENDAT', death: 's.DTHDAT' })} END AS message,
             ${related([['DS', 's.record_id']])} AS related
      FROM ae a
      JOIN ds s ON s.subject_id = a.subject_id AND s.occurrence = 1
      WHERE ${after('a.AESTDAT', 's.DTHDAT')} OR ${after('a.AEENDAT', 's.DTHDAT')}`,
  },
  {
    // Minor: the end date itself is what the analysis uses. An unreadable AEENDAT counts as given
    // (DATA-01 reports it); an unreadable AEONGO is left to DATA-05.
    id: 'AEDT-05',
    category: 'AEDT',
    severity: 'minor',
    title: 'Ongoing flag conflicts with end date',
    sql: (model) => {
      const endText = `coalesce(a.AEENDAT, ${rawOf('a', columnIndex(model, 'AE', 'AEENDAT'))})`;
      const endGiven = `(a.AEENDAT IS NOT NULL OR ${unreadable('a', 'AEENDAT')})`;
      return `
      SELECT a.subject_id, 'AE' AS form, a.record_id, NULL AS record_key, 'AEONGO' AS field,
             CASE WHEN a.AEONGO = 'Y' THEN ${message('ongoingWithEnd', { ae: aeName('a'), end: endText })}
                  ELSE ${message('endMissing', { ae: aeName('a'), ongoing: 'a.AEONGO' })} END AS message,
             NULL AS related
      FROM ${formTable('AE')} a
      WHERE a.deleted_import_id IS NULL AND NOT ${unreadable('a', 'AEONGO')}
        AND ((a.AEONGO = 'Y' AND ${endGiven}) OR (a.AEONGO IS NOT 'Y' AND NOT ${endGiven}))`;
    },
  },
  {
    // Critical: a death the database does not record, or records on another day, falsifies the
    // primary safety outcome. The death date "missing": no DS record, or DTHDAT blank (an
    // unreadable DTHDAT is DATA-01's). Dates that differ: certainly, whatever a partial stands for.
    id: 'AEDT-06',
    category: 'AEDT',
    severity: 'critical',
    title: 'Fatal AE and death date disagree',
    params: ['fatalOutcome'],
    sql: `
      SELECT a.subject_id, 'AE' AS form, a.record_id, NULL AS record_key,
             CASE WHEN s.DTHDAT IS NULL THEN 'AEOUT' ELSE 'AEENDAT' END AS field,
             CASE WHEN s.record_id IS NULL THEN ${message('noDsRecord', { ae: aeName('a'), outcome: 'a.AEOUT' })}
                  WHEN s.DTHDAT IS NULL THEN ${message('noDeathDate', { ae: aeName('a'), outcome: 'a.AEOUT' })}
                  ELSE ${message('endNotDeath', { ae: aeName('a'), outcome: 'a.AEOUT', end: 'a.AEENDAT', death: 's.DTHDAT' })} END AS message,
             ${related([['DS', 's.record_id']])} AS related
      FROM ${formTable('AE')} a
      LEFT JOIN ${formTable('DS')} s ON s.subject_id = a.subject_id AND s.occurrence = 1 AND s.deleted_import_id IS NULL
      WHERE a.deleted_import_id IS NULL AND a.AEOUT = @fatalOutcome
        AND ((s.DTHDAT IS NULL AND NOT ${unreadable('s', 'DTHDAT')})
             OR ${before('a.AEENDAT', 's.DTHDAT')} OR ${after('a.AEENDAT', 's.DTHDAT')})`,
  },
  {
    // Major: a date in the future of the export is certainly wrong. One per AE: the start date
    // when it is after the cut-off, else the end date.
    id: 'AEDT-07',
    category: 'AEDT',
    severity: 'major',
    title: 'AE date after the cut-off',
    sql: `
      SELECT a.subject_id, 'AE' AS form, a.record_id, NULL AS record_key,
             CASE WHEN ${lo('a.AESTDAT')} > sc.cutoff THEN 'AESTDAT' ELSE 'AEENDAT' END AS field,
             CASE WHEN ${lo('a.AESTDAT')} > sc.cutoff
                  THEN ${message('startAfterCutoff', { ae: aeName('a'), start: 'a.AESTDAT', cutoff: isoOf('sc.cutoff'), site: 'a.site_id' })}
                  ELSE ${message('endAfterCutoff', { ae: aeName('a'), end: 'a.AEENDAT', cutoff: isoOf('sc.cutoff'), site: 'a.site_id' })} END AS message,
             NULL AS related
      FROM ae a
      CROSS JOIN site_cutoff sc ON sc.site_id = a.site_id
      WHERE ${lo('a.AESTDAT')} > sc.cutoff OR ${lo('a.AEENDAT')} > sc.cutoff`,
  },
  {
    // Minor: the event is kept; only its timing relative to treatment is uncertain.
    id: 'AEDT-08',
    category: 'AEDT',
    severity: 'minor',
    title: 'Incomplete AE start date',
    sql: `
      SELECT a.subject_id, 'AE' AS form, a.record_id, NULL AS record_key, 'AESTDAT' AS field,
             CASE WHEN length(a.AESTDAT) = 4 THEN ${message('monthAndDayMissing', { ae: aeName('a'), start: 'a.AESTDAT' })}
                  ELSE ${message('dayMissing', { ae: aeName('a'), start: 'a.AESTDAT' })} END AS message,
             NULL AS related
      FROM ae a
      WHERE ${lo('a.AESTDAT')} < ${hi('a.AESTDAT')}`,
  },
  {
    // Major: the same event counted twice inflates the AE incidence, the primary outcome.
    // Same event: the same AEDECOD when both AEs have one, otherwise the same AETERM (case and
    // spaces ignored). AEDECOD is the standardised one: the coded PT once a record is coded, the
    // PT the site wrote until then. Overlap must be certain: each starts, at the latest, by the
    // earliest day the other may end (a missing end date counts as the cut-off). AEs with an
    // unreadable end date are left to DATA-01. One self-join per subject on the (subject, AESEQ) index.
    id: 'AEDT-09',
    category: 'AEDT',
    severity: 'major',
    title: 'Overlapping duplicate AE',
    sql: (model) => {
      const form = model.formByCode.get('AE');
      const column = form?.dataColumns.find((c) => c.name === 'AEDECOD');
      if (!form || !column) throw new Error('the study definition has no column AE.AEDECOD');
      const decod = (a: string, c: string) => dataColumnSql(column, a, c);
      return `
      SELECT a.subject_id, 'AE' AS form, a.record_id, NULL AS record_key, 'AETERM' AS field,
             ${message('default', {
               ae: aeName('a'),
               span: aeSpan('a'),
               others: `json_group_array(${message('otherAe', { ae: aeName('b'), span: aeSpan('b') })} ORDER BY b.AESEQ, b.record_id)`,
               event: `coalesce(${decod('a', 'ca')}, a.AETERM)`,
             })} AS message,
             json_group_array(json_object('form', 'AE', 'recordId', b.record_id) ORDER BY b.AESEQ, b.record_id) AS related
      FROM ${formTable('AE')} a ${codingJoin(form, 'a', 'ca')}
      JOIN site_cutoff sc ON sc.site_id = a.site_id
      JOIN ${formTable('AE')} b ON b.subject_id = a.subject_id AND b.deleted_import_id IS NULL AND b.AESEQ < a.AESEQ
      ${codingJoin(form, 'b', 'cb')}
      WHERE a.deleted_import_id IS NULL
        AND CASE WHEN ${decod('a', 'ca')} IS NOT NULL AND ${decod('b', 'cb')} IS NOT NULL
                 THEN ${eventName(decod('a', 'ca'))} = ${eventName(decod('b', 'cb'))}
                 ELSE ${eventName('a.AETERM')} = ${eventName('b.AETERM')} END
        AND NOT ${unreadable('a', 'AEENDAT')} AND NOT ${unreadable('b', 'AEENDAT')}
        AND ${hi('a.AESTDAT')} <= coalesce(${lo('b.AEENDAT')}, sc.cutoff)
        AND ${hi('b.AESTDAT')} <= coalesce(${lo('a.AEENDAT')}, sc.cutoff)
      GROUP BY a.record_id${form.coding ? ', ca.form, ca.record_id' : ''}`;
    },
  },
];
