import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StudyError, badInput } from '../common/errors';

export type Connection = Database.Database;

/** Marks a SQLite file as a study database of this workstation (PRAGMA application_id). */
export const APPLICATION_ID = 0x43444d31; // "CDM1"

/** Page size of new study databases (older ones keep theirs). */
const PAGE_SIZE = 16_384;

function configure(db: Connection): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
}

/** A new, empty database file of this workstation (the caller migrates it). */
export function createConnection(file: string): Connection {
  if (fs.existsSync(file))
    throw badInput(`${file}: already exists; choose a new file for the study database`);
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir)) throw badInput(`${file}: folder ${dir} does not exist`);
  const db = new Database(file);
  // Set before anything is written (it is fixed from then on): a study's tables are read whole by
  // the checks, and 16 KB pages read and write them with a quarter of the calls of 4 KB ones.
  db.pragma(`page_size = ${PAGE_SIZE}`);
  configure(db);
  db.pragma(`application_id = ${APPLICATION_ID}`);
  return db;
}

/** An existing study database file, not yet migrated (db/opening/ brings its schema up to date). */
export function openConnection(file: string, options: { readonly?: boolean } = {}): Connection {
  if (!fs.existsSync(file))
    throw badInput(`${file}: no study database here`, { kind: 'NO_STUDY_DATABASE', facts: { file } });
  let db: Connection;
  try {
    db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: true });
    const applicationId = db.pragma('application_id', { simple: true }) as number;
    if (applicationId !== APPLICATION_ID) {
      db.close();
      throw badInput(`${file}: not a study database of this workstation`);
    }
  } catch (error) {
    if (error instanceof StudyError) throw error;
    throw badInput(`${file}: not a study database of this workstation (${(error as Error).message})`);
  }
  if (!options.readonly) configure(db);
  return db;
}
