import fs from 'node:fs';
import type { StudyDefinition } from '../../../../shared/study/definition-schema';
import { badInput } from '../../common/errors';
import { parseStoredDefinition } from '../../study/load-definition';
import { buildStudyModel, type StudyModel } from '../../study/study-model';
import { STUDY_TABLE_VERSION } from '../migrations';
import { migrate, requireCurrentSchema } from '../migrations/run-migrations';
import { createConnection, openConnection, type Connection } from '../open-database';
import { insertStudy, readStudyDefinitionJson } from '../study-repo';
import { attachConnection } from '../connection';
import type { StudyDatabase } from '../study-database';

/**
 * Creating and opening a study database: the one place above the migrations (they use
 * open-database.ts and lock-triggers.ts of db/, so db/ itself never imports them).
 */

function handle(file: string, connection: Connection, model: StudyModel): StudyDatabase {
  return attachConnection({ file, model, close: () => connection.close() }, connection);
}

/** Creates the database in a temporary file and moves it into place, so a failed init leaves nothing. */
export function createStudyDatabase(
  file: string,
  definition: StudyDefinition,
  user: string,
  now: Date,
): StudyDatabase {
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
