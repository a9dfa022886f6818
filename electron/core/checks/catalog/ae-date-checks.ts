import type { CatalogCheck } from '../check-definition';
import { before } from '../sql-fragments';

export const aeDateChecks: readonly CatalogCheck[] = [
  {
    id: 'AEDT-01',
    category: 'AEDT',
    severity: 'major',
    title: 'AE ends before it starts',
    sql: `
      SELECT a.subject_id, 'AE' AS form, a.record_id, NULL AS record_key, 'AEENDAT' AS field,
             'AE ' || coalesce(a.AETERM, '') || ': end date ' || a.AEENDAT || ' is before the start date ' || a.AESTDAT AS message,
             NULL AS related
      FROM ae a
      WHERE ${before('a.AEENDAT', 'a.AESTDAT')}`,
  },
];
