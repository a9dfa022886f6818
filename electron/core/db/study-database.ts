import { StudyError } from '../common/errors';
import type { StudyModel } from '../study/study-model';
import { LOCKED_MESSAGE } from './lock-triggers';
import { connectionOf, dialectOf } from './connection';
import type { SqlDialect } from './sql-dialect';
import { PgError } from './pg-sync-client';

/**
 * An open study database: the file and the study model it was made for. Its connection stays
 * inside the data-access layer (connection.ts); everyone else goes through the repositories.
 * Opening and creating one (which runs the migrations) is opening/open-study-database.ts.
 */
export interface StudyDatabase {
  /** The study file, or the server's URL without its password (team mode). */
  readonly file: string;
  readonly model: StudyModel;
  /**
   * Team mode: the database's own name for who is connected (PostgreSQL's current_user). Every
   * call then acts as this person, whatever a door says (--user is for single-user studies).
   */
  readonly sessionUser?: string;
  close(): void;
}

/** The SQL dialect of the study's engine, for the check queries that spell lab results. */
export function sqlDialectOf(database: StudyDatabase): SqlDialect {
  return dialectOf(database);
}

export interface ActiveLock {
  name: string;
  lockedBy: string;
  lockedAt: string;
}

export function activeLock(database: StudyDatabase): ActiveLock | undefined {
  return connectionOf(database)
    .prepare(
      'SELECT name, locked_by AS lockedBy, locked_at AS lockedAt FROM data_cuts WHERE unlocked_at IS NULL',
    )
    .get() as ActiveLock | undefined;
}

export function lockedError(lock: ActiveLock): StudyError {
  return new StudyError(
    'LOCKED',
    `the study is locked for data cut "${lock.name}" (by ${lock.lockedBy}, ${lock.lockedAt.slice(0, 10)}): nothing can change until it is unlocked`,
  );
}

/**
 * One write transaction (IMMEDIATE: taken before reading, so nothing slips in between). Refused
 * while a data cut is locked, unless the work is part of locking and unlocking itself.
 */
export function inTransaction<T>(
  database: StudyDatabase,
  work: () => T,
  options: { whileLocked?: boolean } = {},
): T {
  return connectionOf(database)
    .transaction(() => {
      if (!options.whileLocked) {
        const lock = activeLock(database);
        if (lock) throw lockedError(lock);
      }
      return work();
    })
    .immediate();
}

/**
 * Reads that must agree with one another (a form's count, and each pass over its records, of the
 * analysis files): one read transaction, which sees one state of the study whatever others write
 * meanwhile, and in which a server sends a long result a page at a time. Not inside another
 * transaction.
 */
export function inReadSnapshot<T>(database: StudyDatabase, work: () => T): T {
  const connection = connectionOf(database);
  const snapshot = dialectOf(database).snapshotSql;
  return connection.transaction(() => {
    if (snapshot) connection.exec(snapshot);
    return work();
  })();
}

/**
 * Inside a write transaction: waits until no other transaction holds `what` (PostgreSQL: an
 * advisory lock released at commit). Numbers taken as max + 1 (query and list IDs) and imports
 * need it when several people write at once; SQLite's write transactions are one at a time already.
 */
/** The lock name of query IDs (Q-000001, ...), taken by every writer of a new query. */
export const QUERY_IDS = 'query ids';

export function serializeWrites(database: StudyDatabase, what: string): void {
  const sql = dialectOf(database).serializeSql;
  if (sql) connectionOf(database).prepare(sql).get(`cdm: ${what}`);
}

/**
 * A write the database refused as its last line of defence, in the API's words: the lock
 * triggers, or (team mode) a privilege this person's role does not have.
 */
export function lockTriggerRefusal(error: unknown): StudyError | undefined {
  if (error instanceof Error && error.message.includes(LOCKED_MESSAGE))
    return new StudyError('LOCKED', LOCKED_MESSAGE);
  if (error instanceof PgError && error.code === '42501')
    return new StudyError(
      'FORBIDDEN',
      `the database refused this to your role (${error.message}): ask the study's owner for the role that may do it`,
    );
  return undefined;
}
