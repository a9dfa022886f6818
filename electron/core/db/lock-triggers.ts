/**
 * While a data cut is locked, the database itself refuses every change to the study's data,
 * discrepancies and queries (workflow.md): even the sqlite3 shell cannot change them.
 */
export const LOCKED_MESSAGE = 'the study is locked for a data cut: unlock it to change data';

export function lockTriggersSql(table: string): string {
  const when = `WHEN EXISTS (SELECT 1 FROM data_cuts WHERE unlocked_at IS NULL)`;
  return ['INSERT', 'UPDATE', 'DELETE']
    .map(
      (
        event,
      ) => `CREATE TRIGGER IF NOT EXISTS ${table}_locked_${event.toLowerCase()} BEFORE ${event} ON ${table} ${when}
BEGIN SELECT RAISE(ABORT, '${LOCKED_MESSAGE}'); END;`,
    )
    .join('\n');
}

/**
 * Tables of the generic schema that the lock protects (form tables get theirs when created).
 * record_changes is the data part of the audit trail: append-only by its own triggers, and only
 * ever written with the data it describes, which the lock already refuses.
 */
export const LOCKED_TABLES = [
  'imports',
  'import_sources',
  'import_issues',
  'check_runs',
  'discrepancies',
  'queries',
  'query_lists',
  'query_list_rows',
] as const;
