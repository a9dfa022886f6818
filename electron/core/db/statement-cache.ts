import type { Statement } from 'better-sqlite3';
import type { Connection } from './open-database';

const caches = new WeakMap<Connection, Map<string, Statement>>();

/** A prepared statement, made once per connection and SQL text (for statements run thousands of times). */
export function prepared(connection: Connection, sql: string): Statement {
  let cache = caches.get(connection);
  if (cache === undefined) caches.set(connection, (cache = new Map()));
  let statement = cache.get(sql);
  if (statement === undefined) cache.set(sql, (statement = connection.prepare(sql)));
  return statement;
}
