import { inject } from 'vitest';
import pg from 'pg';

/**
 * Team-mode tests: the server of the global setup, a new database per study. `describePg` skips
 * with the reason when no server could be started (only when the binaries are missing).
 */
const base = inject('pgBaseUrl');
export const pgMissing: string | null = inject('pgMissing');
let counter = 0;

/** A URL naming a database that does not exist yet (init makes it). */
export function newPgUrl(label: string): string {
  if (!base) throw new Error(pgMissing ?? 'no PostgreSQL server');
  return `${base}/cdm_${label.replace(/\W/g, '_').toLowerCase()}_${process.pid}_${++counter}`;
}

/** The superuser's URL to a database (for raw SQL as an outsider would type it in psql). */
export function superuserUrl(database: string): string {
  if (!base) throw new Error(pgMissing ?? 'no PostgreSQL server');
  return `${base}/${database}`;
}

/** Runs raw SQL as the URL's role, as psql would: the answer rows, or the error thrown. */
export async function rawSql(
  url: string,
  sql: string,
  values: unknown[] = [],
): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SET search_path = cdm, pg_catalog');
    return (await client.query(sql, values)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}
