import type { DbConnection, DbStatement } from './engine';

const caches = new WeakMap<DbConnection, Map<string, DbStatement>>();

/** A prepared statement, made once per connection and SQL text (for statements run thousands of times). */
export function prepared(connection: DbConnection, sql: string): DbStatement {
  let cache = caches.get(connection);
  if (cache === undefined) caches.set(connection, (cache = new Map()));
  let statement = cache.get(sql);
  if (statement === undefined) cache.set(sql, (statement = connection.prepare(sql)));
  return statement;
}

/** Runs an `INSERT ... RETURNING id` and answers the new row's id (PostgreSQL has no rowid to ask for). */
export function insertReturningId(connection: DbConnection, sql: string, ...params: unknown[]): number {
  return Number((connection.prepare(sql).get(...params) as { id: number | bigint }).id);
}
