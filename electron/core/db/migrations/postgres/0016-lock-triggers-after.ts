import type { DbConnection } from '../../engine';

/**
 * PostgreSQL's spelling of migration 16 (../0016-lock-triggers-after.ts): the server's lock is a
 * statement-level trigger a table (postgres/pg-lock-triggers.ts), run once a statement whatever the rows, so
 * there is nothing to make cheaper; the step keeps the two chains of versions in step.
 */
export function pgMigration0016(_db: DbConnection): void {}
