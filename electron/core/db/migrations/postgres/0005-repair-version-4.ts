/**
 * PostgreSQL's spelling of migration 5 (../0005-repair-version-4.ts). No PostgreSQL study was ever
 * at the broken version 4 (they came later), so only what every version-5 database has is added:
 * the columns of incremental check runs. (Column order differs from SQLite's rebuilt table; rows
 * are read and copied by column name.)
 */
export const pgMigration0005 = /* sql */ `
ALTER TABLE check_runs ADD COLUMN scope text NOT NULL DEFAULT 'full';
ALTER TABLE check_runs ADD COLUMN scope_sites text;
ALTER TABLE check_runs ADD COLUMN last_import_id bigint NOT NULL DEFAULT 0;
ALTER TABLE check_runs ADD COLUMN complete integer NOT NULL DEFAULT 0;
ALTER TABLE check_runs ADD COLUMN catalog_hash text;
`;
