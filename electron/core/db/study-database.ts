import fs from 'node:fs';
import type { StudyDefinition } from '../../../shared/study/definition-schema';
import { StudyError, badInput } from '../common/errors';
import { parseStudyDefinition } from '../study/load-definition';
import { buildStudyModel, type StudyModel } from '../study/study-model';
import { STUDY_TABLE_VERSION } from './migrations';
import { createConnection, migrate, openConnection, type Connection } from './open-database';
import { LOCKED_MESSAGE } from './lock-triggers';
import { insertStudy, readStudyDefinitionJson } from './study-repo';
import { attachEngine, connectionOf, dialectOf } from './connection';
import type { SqlDialect } from './sql-dialect';
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
import { copyStudyToSqlite } from './copy-study';

/**
 * An open study database: the file and the study model it was made for. Its connection stays
 * inside the data-access layer (connection.ts); everyone else goes through the repositories.
 */
export interface StudyDatabase {
  /** The study file, or the server's URL without its password (team mode). */
  readonly file: string;
  readonly model: StudyModel;
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
  const database: StudyDatabase = { file: displayUrl(url), model, close: () => connection.close() };
  return attachEngine(
    database,
    pgEngine(connection, (file) => copyStudyToSqlite(database, file)),
  );
}

/** The study model of what a connection holds, or a clear error. */
function storedModel(connection: DbConnection, where: string): StudyModel {
  const json = readStudyDefinitionJson(connection);
  if (json === undefined) throw badInput(`${where}: holds no study (it was not made by init)`);
  return buildStudyModel(parseStudyDefinition(json, where));
}

/** A new study on a PostgreSQL server, made in one transaction (a failed init leaves an empty database). */
function createPgStudy(url: string, definition: StudyDefinition, user: string, now: Date): StudyDatabase {
  buildStudyModel(definition);
  const connection = createPgDatabase(url);
  try {
    connection.transaction(() => {
      createStudySchema(connection);
      migratePg(connection, displayUrl(url), STUDY_TABLE_VERSION);
      insertStudy(connection, definition, user, now.toISOString());
      migratePg(connection, displayUrl(url));
    })();
    return pgHandle(url, connection, storedModel(connection, displayUrl(url)));
  } catch (error) {
    connection.close();
    throw error;
  }
}

/** Creates the database in a temporary file and moves it into place, so a failed init leaves nothing. */
export function createStudyDatabase(
  file: string,
  definition: StudyDefinition,
  user: string,
  now: Date,
): StudyDatabase {
  if (isPostgresUrl(file)) return createPgStudy(file, definition, user, now);
  if (fs.existsSync(file))
    throw badInput(`${file}: already exists; choose a new file for the study database`);
  const temporary = `${file}.creating-${process.pid}`;
  buildStudyModel(definition); // a definition the model refuses is refused before anything is written
  const connection = createConnection(temporary);
  try {
    // The study is stored first: the migrations make its form tables from it.
    migrate(connection, temporary, STUDY_TABLE_VERSION);
    connection.transaction(() => insertStudy(connection, definition, user, now.toISOString()))();
    migrate(connection, temporary);
    connection.pragma('wal_checkpoint(TRUNCATE)');
    connection.close();
    fs.renameSync(temporary, file);
  } catch (error) {
    if (connection.open) connection.close();
    for (const f of [temporary, `${temporary}-wal`, `${temporary}-shm`]) fs.rmSync(f, { force: true });
    throw error;
  }
  for (const f of [`${temporary}-wal`, `${temporary}-shm`]) fs.rmSync(f, { force: true });
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
    return handle(file, connection, buildStudyModel(parseStudyDefinition(json, file)));
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

/** A write the lock triggers refused (the last line of defence), in the same words as the API's refusal. */
export function lockTriggerRefusal(error: unknown): StudyError | undefined {
  if (error instanceof Error && error.message.includes(LOCKED_MESSAGE))
    return new StudyError('LOCKED', LOCKED_MESSAGE);
  return undefined;
}
