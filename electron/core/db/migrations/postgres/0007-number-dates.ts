/** PostgreSQL's spelling of migration 7 (../0007-number-dates.ts). */
export const pgMigration0007 = /* sql */ `
ALTER TABLE import_sources ADD COLUMN number_dates text;
`;
