import type { ExternalHit } from './check-runs-repo';
import { connectionOf } from './connection';
import { PgConnection } from './pg-connection';
import { PgError } from './pg-sync-client';
import { translateToPostgres } from './pg-translate';
import type { StudyDatabase } from './study-database';

export interface ServerCheckResult {
  hits: ExternalHit[];
  error: string | null;
  durationMs: number;
}

const REQUIRED = ['subject_id', 'form', 'record_key', 'field', 'message'];
/** PostgreSQL's code for a statement cancelled, here by statement_timeout. */
const QUERY_CANCELED = '57014';

/**
 * A custom check on a study on a PostgreSQL server (on a study file, custom-check-worker.ts runs
 * it). Its SQL, written in SQLite's words as the study's own is (pg-translate.ts), runs on the
 * study's connection in a transaction of its own that is READ ONLY and acts as the study's viewer
 * role (SET LOCAL ROLE): whoever runs the checks, the check reads the study and can do nothing
 * else (no write, no server file, no privilege of the person running it). The server stops it at
 * the time limit. It is run as a subquery, which takes one SELECT and nothing more, and gives at
 * most maxRows + 1 rows.
 */
export function runCustomCheckOnServer(
  database: StudyDatabase,
  sql: string,
  limits: { timeLimitMs: number; maxRows: number },
): ServerCheckResult {
  const connection = connectionOf(database);
  if (!(connection instanceof PgConnection)) throw new Error('not a study on a PostgreSQL server');
  // Its transaction is its own: inside another, its rollback would take that one's work too.
  if (connection.inTransaction) throw new Error('custom checks run outside any transaction');
  const client = connection.client;
  const t0 = performance.now();
  const body = sql.trim().replace(/;\s*$/, '');
  const wrapped = translateToPostgres(`SELECT * FROM (${body}) AS custom_check LIMIT ${limits.maxRows + 1}`);
  if (wrapped.positional > 0 || wrapped.names) return failed('a custom check takes no parameters', t0);
  const viewer = quoteIdentifier(`${currentDatabase(connection)}_viewer`);
  client.exec('BEGIN READ ONLY');
  try {
    client.exec(`SET LOCAL ROLE ${viewer}; SET LOCAL statement_timeout = ${Math.ceil(limits.timeLimitMs)}`);
    const result = client.query(wrapped.text, []);
    const missing = REQUIRED.filter((c) => !result.fields.includes(c));
    if (missing.length > 0)
      return failed(
        `the query must return the columns ${REQUIRED.join(', ')}; missing: ${missing.join(', ')}`,
        t0,
      );
    const rows = result.rows as Record<string, unknown>[];
    if (rows.length > limits.maxRows) return failed(`more than ${limits.maxRows} rows: refine the query`, t0);
    return { hits: rows.map(hitOf), error: null, durationMs: performance.now() - t0 };
  } catch (error) {
    if (error instanceof PgError && error.code === QUERY_CANCELED)
      return failed(`stopped after ${limits.timeLimitMs / 1000} s (time limit)`, t0);
    return failed(error instanceof Error ? error.message : String(error), t0);
  } finally {
    client.exec('ROLLBACK');
  }
}

function hitOf(row: Record<string, unknown>): ExternalHit {
  const recordId = row.record_id;
  return {
    subject_id: String(row.subject_id ?? ''),
    form: String(row.form ?? '').toUpperCase(),
    record_id: typeof recordId === 'number' || typeof recordId === 'string' ? Number(recordId) : null,
    record_key: row.record_key === null || row.record_key === undefined ? null : String(row.record_key),
    field: String(row.field ?? '').toUpperCase(),
    message: String(row.message ?? ''),
  };
}

function failed(error: string, t0: number): ServerCheckResult {
  return { hits: [], error, durationMs: performance.now() - t0 };
}

function currentDatabase(connection: PgConnection): string {
  return (connection.prepare('SELECT current_database() AS name').get() as { name: string }).name;
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
