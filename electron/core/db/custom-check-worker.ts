/**
 * Runs data managers' custom checks in a separate process, on a read-only connection that also
 * refuses writes at the statement level, so a custom check can never change anything; the parent
 * kills this process when a check runs past its time limit.
 */
import Database from 'better-sqlite3';

interface Request {
  file: string;
  checks: { id: string; sql: string }[];
  maxRows: number;
}

const REQUIRED = ['subject_id', 'form', 'record_key', 'field', 'message'];

function runOne(db: Database.Database, check: Request['checks'][number], maxRows: number) {
  const t0 = performance.now();
  try {
    const statement = db.prepare(check.sql);
    if (!statement.reader || !statement.readonly)
      throw new Error('a custom check must be one read-only SELECT; it may not change anything');
    const columns = statement.columns().map((c) => c.name);
    const missing = REQUIRED.filter((c) => !columns.includes(c));
    if (missing.length)
      throw new Error(
        `the query must return the columns ${REQUIRED.join(', ')}; missing: ${missing.join(', ')}`,
      );
    const hits: unknown[] = [];
    for (const row of statement.iterate() as Iterable<Record<string, unknown>>) {
      if (hits.length >= maxRows) throw new Error(`more than ${maxRows} rows: refine the query`);
      hits.push({
        subject_id: String(row.subject_id ?? ''),
        form: String(row.form ?? '').toUpperCase(),
        record_id: typeof row.record_id === 'number' ? row.record_id : null,
        record_key: row.record_key === null || row.record_key === undefined ? null : String(row.record_key),
        field: String(row.field ?? '').toUpperCase(),
        message: String(row.message ?? ''),
      });
    }
    return { id: check.id, hits, error: null, durationMs: performance.now() - t0 };
  } catch (error) {
    return { id: check.id, hits: [], error: (error as Error).message, durationMs: performance.now() - t0 };
  }
}

process.on('message', (request: Request) => {
  process.send!({ type: 'started' });
  const db = new Database(request.file, { readonly: true, fileMustExist: true });
  db.pragma('query_only = ON');
  for (const check of request.checks)
    process.send!({ type: 'result', result: runOne(db, check, request.maxRows) });
  db.close();
  process.send!({ type: 'done' }, () => process.exit(0));
});
