/**
 * PostgreSQL's spelling of migration 14 (../0014-import-changed-subjects.ts): the subjects each
 * import changed, a JSON array as text (NULL for imports made before this step).
 */
export const pgMigration0014 = /* sql */ `
ALTER TABLE imports ADD COLUMN IF NOT EXISTS changed_subjects text;
`;
