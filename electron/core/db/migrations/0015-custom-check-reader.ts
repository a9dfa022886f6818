import type { Connection } from '../open-database';

/**
 * Custom checks on a server study (issue 15's leftover of team mode) run as the study's viewer role,
 * which a data manager's session may take on PostgreSQL's step (postgres/0015-custom-check-reader.ts).
 * A study file has no roles (its custom checks run in a read-only child process): nothing to do
 * here but keep the two chains of versions in step.
 */
export function migration0015(_db: Connection): void {}
