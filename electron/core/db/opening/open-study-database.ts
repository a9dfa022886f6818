import fs from 'node:fs';
import type { StudyDefinition } from '../../../../shared/study/definition-schema';
import { badInput } from '../../common/errors';
import { parseStoredDefinition } from '../../study/load-definition';
import { buildStudyModel, type StudyModel } from '../../study/study-model';
import { STUDY_TABLE_VERSION } from '../migrations';
import { migrate, requireCurrentSchema } from '../migrations/run-migrations';
import { createConnection, openConnection, type Connection } from '../open-database';
import { insertStudy, readStudyDefinitionJson } from '../study-repo';
import { attachEngine } from '../connection';
import { SQLITE_DIALECT, type SqlDialect } from '../sql-dialect';
import { POSTGRES_DIALECT } from '../pg-dialect';
import { sqliteEngine } from '../sqlite-engine';
import type { DbConnection } from '../engine';
import {
  createPgDatabase,
  createStudySchema,
  displayUrl,
  isPostgresUrl,
  migratePg,
  openPgDatabase,
  pgEngine,
} from './pg-study-engine';
import type { PgConnection } from '../pg-connection';
import { checkPgPassword } from '../pg-password';
import { listenForChanges } from '../pg-listen';
import type { StudyDatabase } from '../study-database';
import { copyStudyToSqlite } from './copy-study-repo';

/**
 * Creating and opening a study database, on a file or a PostgreSQL server: the one place above
 * the migrations (they use open-database.ts and lock-triggers.ts of db/, so db/ itself never
 * imports them).
 */

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
    if (options.readonly) requireCurrentSchema(connection, file);
    else migrate(connection, file);
    const json = readStudyDefinitionJson(connection);
    if (json === undefined) throw badInput(`${file}: holds no study (it was not made by init)`);
    return handle(file, connection, buildStudyModel(parseStoredDefinition(json, file)));
  } catch (error) {
    connection.close();
    throw error;
  }
}
