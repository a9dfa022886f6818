/**
 * PostgreSQL's spelling of migration 16 (../0016-import-issue-args.ts): the key and named values of
 * each import issue's message, as JSON text (NULL for issues stored before this step).
 */
export const pgMigration0016 = /* sql */ `
ALTER TABLE import_issues ADD COLUMN IF NOT EXISTS message_args text;
`;
