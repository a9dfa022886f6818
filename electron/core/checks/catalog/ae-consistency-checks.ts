import type { CatalogCheck } from '../check-definition';

export const aeConsistencyChecks: readonly CatalogCheck[] = [];
