import Database from 'better-sqlite3';
import type { Engine } from './connection';
import type { Connection } from './open-database';
import { SQLITE_DIALECT } from './sql-dialect';

/** The embedded engine: one SQLite file, its better-sqlite3 connection used as it is. */
export function sqliteEngine(connection: Connection): Engine {
  return {
    connection,
    dialect: SQLITE_DIALECT,
    // The backup API, switched to a rollback journal so the copy is one self-contained file.
    copyToFile: async (file) => {
      await connection.backup(file);
      const copy = new Database(file);
      copy.pragma('journal_mode = DELETE');
      copy.close();
    },
  };
}
