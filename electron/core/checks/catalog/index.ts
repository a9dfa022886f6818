import type { CatalogCheck } from './check-definition';
import { aeConsistencyChecks } from './ae-consistency-checks';
import { aeDateChecks } from './ae-date-checks';
import { dataQualityChecks } from './data-quality-checks';
import { doseChecks } from './dose-checks';
import { eligibilitySafetyChecks } from './eligibility-safety-checks';
import { responseChecks } from './response-checks';

/** The edit-check catalog of edit-checks.md, in its order. */
export const CATALOG: readonly CatalogCheck[] = [
  ...doseChecks,
  ...responseChecks,
  ...aeDateChecks,
  ...aeConsistencyChecks,
  ...eligibilitySafetyChecks,
  ...dataQualityChecks,
];
