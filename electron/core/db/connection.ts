import type { DbConnection, EngineKind } from './engine';
import type { SqlDialect } from './sql-dialect';
import type { StudyDatabase } from './study-database';

/**
 * The engine behind an open study: its connection and its dialect. Only the data-access layer
 * reaches them: the rest of the core holds a StudyDatabase and calls repository functions, which
 * do not know which engine they talk to.
 */
export interface Engine {
  connection: DbConnection;
  dialect: SqlDialect;
  /** A consistent copy of the whole study as one self-contained SQLite file (a data cut's snapshot). */
  copyToFile(file: string): Promise<void>;
  /** Team mode: whether a password is the connected person's own (the server checks it). */
  checkPassword?(password: string): boolean;
  /** Team mode: calls back with who changed the study from another session; answers how to stop. */
  watchChanges?(onChange: (by: string) => void): () => void;
}

const engines = new WeakMap<StudyDatabase, Engine>();

export function attachEngine(database: StudyDatabase, engine: Engine): StudyDatabase {
  engines.set(database, engine);
  return database;
}

export function engineOf(database: StudyDatabase): Engine {
  const engine = engines.get(database);
  if (engine === undefined) throw new Error('not an open study database');
  return engine;
}

export function connectionOf(database: StudyDatabase): DbConnection {
  return engineOf(database).connection;
}

export function dialectOf(database: StudyDatabase): SqlDialect {
  return engineOf(database).dialect;
}

export function engineKindOf(database: StudyDatabase): EngineKind {
  return engineOf(database).dialect.engine;
}
