import { formTable } from '../../db/form-tables';
import type { CatalogCheck } from './check-definition';
import { listOf, message, unreadable } from '../../db/sql-dialect';
import { columnsOfParam } from './sql-fragments';
import { aeName } from './ae-name';

export const aeConsistencyChecks: readonly CatalogCheck[] = [
  {
    // Critical: seriousness decides expedited reporting to the regulator and the SAE tables.
    // "No criterion = Y": every criterion N or blank.
    id: 'AECON-01',
    category: 'AECON',
    severity: 'critical',
    title: 'Seriousness inconsistent',
    params: ['seriousnessCriteria'],
    sql: (model) => {
      const criteria = columnsOfParam(model, 'AECON-01', 'seriousnessCriteria', 'AE');
      const criteriaMet = `(SELECT json_group_array(value) FROM json_each(json_array(${criteria
        .map((c) => `CASE WHEN a."${c.name}" = 'Y' THEN '${c.name}' END`)
        .join(', ')})) WHERE value IS NOT NULL HAVING count(*) > 0)`;
      return `
      SELECT a.subject_id, 'AE' AS form, a.record_id, NULL AS record_key, 'AESER' AS field,
             CASE WHEN a.AESER = 'Y'
                  THEN ${message('seriousWithoutCriterion', { ae: aeName('a'), criteria: listOf('@seriousnessCriteria') })}
                  ELSE ${message('criterionNotSerious', { ae: aeName('a'), met: criteriaMet })} END AS message,
             NULL AS related
      FROM ae a
      WHERE (a.AESER = 'Y' AND ${criteriaMet} IS NULL) OR (a.AESER = 'N' AND ${criteriaMet} IS NOT NULL)`;
    },
  },
  {
    // Critical: a death (grade 5) not recorded as fatal, or the reverse, falsifies the mortality
    // data. A blank AEOUT counts as "not FATAL"; an unreadable AEOUT or AETOXGR is left to DATA-05.
    id: 'AECON-02',
    category: 'AECON',
    severity: 'critical',
    title: 'Grade and outcome inconsistent',
    params: ['fatalOutcome', 'fatalGrade'],
    sql: `
      SELECT a.subject_id, 'AE' AS form, a.record_id, NULL AS record_key,
             CASE WHEN a.AETOXGR = @fatalGrade THEN 'AEOUT' ELSE 'AETOXGR' END AS field,
             CASE WHEN a.AETOXGR = @fatalGrade
                  THEN ${message('deathGradeNotFatal', { ae: aeName('a'), grade: 'a.AETOXGR', outcome: 'a.AEOUT', fatal: '@fatalOutcome' })}
                  ELSE ${message('fatalNotDeathGrade', { ae: aeName('a'), outcome: 'a.AEOUT', grade: 'a.AETOXGR', fatalGrade: '@fatalGrade' })} END AS message,
             NULL AS related
      FROM ${formTable('AE')} a
      WHERE a.deleted_import_id IS NULL
        AND ((a.AETOXGR = @fatalGrade AND a.AEOUT IS NOT @fatalOutcome AND NOT ${unreadable('a', 'AEOUT')})
             OR (a.AEOUT = @fatalOutcome AND a.AETOXGR < @fatalGrade))`,
  },
];
