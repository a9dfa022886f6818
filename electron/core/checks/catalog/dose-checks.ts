import type { CatalogCheck } from '../check-definition';
import { num } from '../sql-fragments';

export const doseChecks: readonly CatalogCheck[] = [
  {
    id: 'DOSE-01',
    category: 'DOSE',
    severity: 'major',
    title: 'Pomalidomide dose not on the dose-level ladder',
    sql: `
      SELECT e.subject_id, 'EX' AS form, e.record_id, NULL AS record_key, 'EXDOSE' AS field,
             e.EXTRT || ' dose ' || ${num('e.EXDOSE')} || ' mg (cycle ' || coalesce(e.CYCLE, '?') || ') is not a dose level of the label ('
               || (SELECT group_concat(value, ', ') FROM json_each(@doseLevels)) || ' mg)' AS message,
             NULL AS related
      FROM ex e
      WHERE e.EXTRT = @studyDrug AND e.EXDOSE IS NOT NULL
        AND e.EXDOSE NOT IN (SELECT value FROM json_each(@doseLevels))`,
  },
];
