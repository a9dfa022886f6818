import type { CatalogCheck } from '../check-definition';
import { issueHitsSql } from './issue-checks';

export const dataQualityChecks: readonly CatalogCheck[] = [
  {
    id: 'DATA-01',
    category: 'DATA',
    severity: 'major',
    title: 'Invalid date',
    sql: (model) => issueHitsSql(model, 'DATA-01'),
  },
];
