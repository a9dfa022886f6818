import type { CatalogCheck } from '../check-definition';

export const responseChecks: readonly CatalogCheck[] = [];
