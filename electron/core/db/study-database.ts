import fs from 'node:fs';
import type { StudyDefinition } from '../../../shared/study/definition-schema';
import { StudyError, badInput } from '../common/errors';
import { parseStoredDefinition } from '../study/load-definition';
import { buildStudyModel, type StudyModel } from '../study/study-model';
import { STUDY_TABLE_VERSION } from './migrations';
import { createConnection, migrate, openConnection, type Connection } from './open-database';
import { LOCKED_MESSAGE } from './lock-triggers';
import { insertStudy, readStudyDefinitionJson } from './study-repo';
import { attachEngine, connectionOf, dialectOf } from './connection';
import { SQLITE_DIALECT, type SqlDialect } from './sql-dialect';
import { POSTGRES_DIALECT } from './postgres/pg-dialect';
import { sqliteEngine } from './sqlite-engine';
import type { DbConnection } from './engine';
import {
  createPgDatabase,
  createStudySchema,
  displayUrl,
  isPostgresUrl,
  migratePg,
  openPgDatabase,
  pgEngine,
} from './postgres/pg-study-engine';
import type { PgConnection } from './postgres/pg-connection';
import { PgError } from './postgres/pg-sync-client';
import { copyStudyToSqlite } from './copy-study-repo';
import { checkPgPassword } from './postgres/pg-password';
import { listenForChanges } from './postgres/pg-listen';

/**
 * An open study database: the file and the study model it was made for. Its connection stays
 * inside the data-access layer (connection.ts); everyone else goes through the repositories.
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

function handle(file: string, connection: Connection, model: StudyModel): StudyDatabase {
  return attachEngine({ file, model, close: () => connection.close() }, sqliteEngine(connection));
}

function pgHandle(url: string, connection: PgConnection, model: StudyModel): StudyDatabase {
  for (const form of model.forms)
    for (const column of form.columns)
      for (const name of [column.name, `${column.name}_lo`, `${column.name}_hi`])
        connection.knownCasing.set(name.toLowerCase(), name);
  const { name: sessionUser, pid: ownPid } = connection
    .prepare('SELECT current_user AS name, pg_backend_pid() AS pid')
    .get() as { name: string; pid: number };
  const database: StudyDatabase = {
    file: displayUrl(url),
    model,
    sessionUser,
    close: () => connection.close(),
  };
  return attachEngine(
    database,
    pgEngine(
      connection,
      (file) => copyStudyToSqlite(database, file),
      (password) => checkPgPassword(url, sessionUser, password),
      (onChange) => listenForChanges(url, ownPid, onChange),
    ),
  );
}

/** The study model of what a connection holds, or a clear error. */
function storedModel(connection: DbConnection, where: string): StudyModel {
  const json = readStudyDefinitionJson(connection);
  if (json === undefined) throw badInput(`${where}: holds no study (it was not made by init)`);
  return buildStudyModel(parseStoredDefinition(json, where));
}

/**
 * What a new study starts with: its row of the `study` table (the migrations make its form tables
 * from it), then, for a copy, everything else (`fill`, in the same transaction).
 */
export interface NewStudyContent {
  storeStudy(connection: DbConnection): void;
  fill?(connection: DbConnection, dialect: SqlDialect): void;
}

/** A new study on a PostgreSQL server, made in one transaction (a failed init leaves an empty database). */
function createPgStudy(url: string, content: NewStudyContent): void {
  const connection = createPgDatabase(url);
  try {
    connection.transaction(() => {
      createStudySchema(connection);
      migratePg(connection, displayUrl(url), STUDY_TABLE_VERSION);
      content.storeStudy(connection);
      migratePg(connection, displayUrl(url));
      content.fill?.(connection, POSTGRES_DIALECT);
    })();
  } finally {
    connection.close();
  }
}

/** A new study file, made under a temporary name and moved into place, so a failed init leaves nothing. */
function createSqliteStudy(file: string, content: NewStudyContent): void {
  if (fs.existsSync(file))
    throw badInput(`${file}: already exists; choose a new file for the study database`);
  const temporary = `${file}.creating-${process.pid}`;
  const connection = createConnection(temporary);
  try {
    migrate(connection, temporary, STUDY_TABLE_VERSION);
    connection.transaction(() => content.storeStudy(connection))();
    migrate(connection, temporary);
    if (content.fill) connection.transaction(() => content.fill!(connection, SQLITE_DIALECT))();
    connection.pragma('wal_checkpoint(TRUNCATE)');
    connection.pragma('journal_mode = DELETE');
    connection.close();
    fs.renameSync(temporary, file);
  } catch (error) {
    if (connection.open) connection.close();
    for (const f of [temporary, `${temporary}-wal`, `${temporary}-shm`]) fs.rmSync(f, { force: true });
    throw error;
  }
  for (const f of [`${temporary}-wal`, `${temporary}-shm`]) fs.rmSync(f, { force: true });
}

/** Makes a study at a file or a PostgreSQL URL (not opened). */
export function createStudyAt(location: string, content: NewStudyContent): void {
  if (isPostgresUrl(location)) createPgStudy(location, content);
  else createSqliteStudy(location, content);
}

export function createStudyDatabase(
  file: string,
  definition: StudyDefinition,
  user: string,
  now: Date,
): StudyDatabase {
  buildStudyModel(definition); // a definition the model refuses is refused before anything is written
  createStudyAt(file, { storeStudy: (c) => insertStudy(c, definition, user, now.toISOString()) });
  return openStudyDatabase(file);
}

export function openStudyDatabase(file: string, options: { readonly?: boolean } = {}): StudyDatabase {
  if (isPostgresUrl(file)) {
    const pg = openPgDatabase(file);
    try {
      return pgHandle(file, pg, storedModel(pg, displayUrl(file)));
    } catch (error) {
      pg.close();
      throw error;
    }
  }
  const connection = openConnection(file, options);
  try {
    const json = readStudyDefinitionJson(connection);
    if (json === undefined) throw badInput(`${file}: holds no study (it was not made by init)`);
    return handle(file, connection, buildStudyModel(parseStoredDefinition(json, file)));
  } catch (error) {
    connection.close();
    throw error;
  }
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
