import type { CatalogCheck } from './check-definition';
import { isoOf, jsonValue, message, related } from '../../db/sql-dialect';
import { before, columnsOfParam, labelOf } from './sql-fragments';

export const eligibilitySafetyChecks: readonly CatalogCheck[] = [
  {
    // Major: outside the approved population; the subject's data may be excluded from the analysis.
    id: 'ELIG-01',
    category: 'ELIG',
    severity: 'major',
    title: 'Younger than the minimum age at enrollment',
    params: ['minAge'],
    sql: `
      SELECT d.subject_id, 'DM' AS form, d.record_id, NULL AS record_key, 'AGE' AS field,
             ${message('default', { age: 'd.AGE', minAge: '@minAge' })} AS message,
             NULL AS related
      FROM dm d
      WHERE d.AGE < @minAge`,
  },
  {
    id: 'ELIG-02',
    category: 'ELIG',
    severity: 'major',
    title: 'Fewer prior regimens than required',
    params: ['minPriorRegimens'],
    sql: `
      SELECT d.subject_id, 'DM' AS form, d.record_id, NULL AS record_key, 'PRIORREG' AS field,
             ${message('default', { regimens: 'd.PRIORREG', minRegimens: '@minPriorRegimens' })} AS message,
             NULL AS related
      FROM dm d
      WHERE d.PRIORREG < @minPriorRegimens`,
  },
  {
    // One per DM record, on the first required treatment that is N; the message names every one.
    id: 'ELIG-03',
    category: 'ELIG',
    severity: 'major',
    title: 'Required prior treatment missing',
    params: ['requiredPriorTreatments'],
    sql: (model) => {
      const required = columnsOfParam(model, 'ELIG-03', 'requiredPriorTreatments', 'DM');
      const treatment = (c: (typeof required)[number], value: 'Y' | 'N') => ({
        key: 'priorTreatment',
        values: { label: labelOf(c), column: c.name, value },
      });
      const lacking = `(SELECT json_group_array(json(value)) FROM json_each(json_array(${required
        .map((c) => `CASE WHEN d."${c.name}" = 'N' THEN ${jsonValue(treatment(c, 'N'))} END`)
        .join(', ')})) WHERE value IS NOT NULL)`;
      const wanted = jsonValue(required.map((c) => treatment(c, 'Y')));
      return `
      SELECT d.subject_id, 'DM' AS form, d.record_id, NULL AS record_key,
             CASE ${required.map((c) => `WHEN d."${c.name}" = 'N' THEN '${c.name}'`).join(' ')} END AS field,
             ${message('default', { lacking, required: wanted })} AS message,
             NULL AS related
      FROM dm d
      WHERE ${required.map((c) => `d."${c.name}" = 'N'`).join(' OR ')}`;
    },
  },
  {
    // Critical: data collected before consent may not be used (GCP). One per subject, on the DM
    // consent date; the message names which date precedes it.
    id: 'ELIG-04',
    category: 'ELIG',
    severity: 'critical',
    title: 'Enrollment or first dose before informed consent',
    sql: `
      SELECT sf.subject_id, 'DM' AS form, d.record_id, NULL AS record_key, 'RFICDAT' AS field,
             CASE WHEN NOT ${before('sf.c1d1', 'd.RFICDAT')}
                    THEN ${message('enrollment', { consent: 'd.RFICDAT', enrollment: 'd.ENRLDAT' })}
                  WHEN NOT ${before('d.ENRLDAT', 'd.RFICDAT')}
                    THEN ${message('firstDose', { consent: 'd.RFICDAT', firstDose: 'e.EXSTDAT' })}
                  ELSE ${message('enrollmentAndFirstDose', { consent: 'd.RFICDAT', enrollment: 'd.ENRLDAT', firstDose: 'e.EXSTDAT' })} END AS message,
             ${related([['EX', 'sf.c1d1_record_id']])} AS related
      FROM subject_fact sf
      JOIN dm d ON d.record_id = sf.dm_record_id
      LEFT JOIN ex e ON e.record_id = sf.c1d1_record_id
      WHERE ${before('d.ENRLDAT', 'd.RFICDAT')} OR ${before('sf.c1d1', 'd.RFICDAT')}`,
  },
  {
    // Major: VTE prophylaxis is recommended for every patient on pomalidomide (study.md).
    // A CM record counts (the subject is not flagged) when its name contains a listed
    // antithrombotic and it MAY have been taken in [C1D1, C1D1 + startWithinDays]: its start may be on
    // or before the window's last day (a missing start may be), and its end may be on or after C1D1
    // (a missing end is not an end). Fires only once that window has closed by the cut-off.
    // The hit is about a CM record that does not exist: its own key, subject|VTE-PROPHYLAXIS.
    id: 'SAFE-01',
    category: 'SAFE',
    severity: 'major',
    title: 'No thromboprophylaxis',
    params: ['startWithinDays', 'antithrombotics'],
    sql: `
      SELECT sf.subject_id, 'CM' AS form, NULL AS record_id, sf.subject_id || '|VTE-PROPHYLAXIS' AS record_key, 'CMTRT' AS field,
             ${message('default', {
               firstDose: 'e.EXSTDAT',
               by: isoOf('sf.c1d1_hi + @startWithinDays'),
               days: '@startWithinDays',
             })} AS message,
             ${related([
               ['EX', 'sf.c1d1_record_id'],
               ['DM', 'sf.dm_record_id'],
             ])} AS related
      FROM subject_fact sf
      LEFT JOIN ex e ON e.record_id = sf.c1d1_record_id
      WHERE sf.c1d1_lo IS NOT NULL
        AND sf.c1d1_hi + @startWithinDays <= sf.cutoff
        AND NOT EXISTS (
          SELECT 1 FROM cm c
          WHERE c.subject_id = sf.subject_id
            AND EXISTS (SELECT 1 FROM json_each(@antithrombotics) t WHERE instr(lower(c.CMTRT), lower(t.value)) > 0)
            AND (c.CMSTDAT_lo IS NULL OR c.CMSTDAT_lo <= sf.c1d1_hi + @startWithinDays)
            AND (c.CMENDAT_hi IS NULL OR c.CMENDAT_hi >= sf.c1d1_lo))`,
  },
];
