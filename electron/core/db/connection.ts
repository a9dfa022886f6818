import type { Connection } from './open-database';
import type { StudyDatabase } from './study-database';

/**
 * The driver's connection behind an open study. Only the data-access layer reaches it: the rest of
 * the core holds a StudyDatabase and calls repository functions (another engine can sit behind them).
 */
const connections = new WeakMap<StudyDatabase, Connection>();

export function attachConnection(database: StudyDatabase, connection: Connection): StudyDatabase {
  connections.set(database, connection);
  return database;
}

export function connectionOf(database: StudyDatabase): Connection {
  const connection = connections.get(database);
  if (connection === undefined) throw new Error('not an open study database');
  return connection;
}
