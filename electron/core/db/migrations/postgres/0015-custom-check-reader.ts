import type { DbConnection } from '../../engine';

/**
 * PostgreSQL's spelling of migration 15 (../0015-custom-check-reader.ts): a custom check runs in a
 * read-only transaction as the study's viewer role (SET LOCAL ROLE, server-custom-checks-repo.ts),
 * whoever runs the checks, so that it can use no right of theirs but reading. Taking a role needs
 * membership: the data managers' role (who run checks) and the owner (who ran init) are granted
 * the viewer's. Granting it gives them nothing they did not have (the viewer only reads).
 */
export function pgMigration0015(db: DbConnection): void {
  const database = (db.prepare('SELECT current_database() AS name').get() as { name: string }).name;
  const role = (suffix: string) => `"${`${database}_${suffix}`.replace(/"/g, '""')}"`;
  db.exec(`GRANT ${role('viewer')} TO ${role('data_manager')}, CURRENT_USER`);
}
