import type { CatalogCheck } from '../check-definition';

export const eligibilitySafetyChecks: readonly CatalogCheck[] = [];
