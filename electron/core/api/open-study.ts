import type { StudyDefinition } from '../../../shared/study/definition-schema';
import { createStudyDatabase, openStudyDatabase } from '../db/opening/open-study-database';
import { createStudyApi, type StudyApi } from './study-api';

/** The doors (CLI, server, Electron) open studies here, never the database layer directly. */
export function openStudy(file: string, options: { validateOutputs?: boolean } = {}): StudyApi {
  return createStudyApi(openStudyDatabase(file), options);
}

export function createStudy(file: string, definition: StudyDefinition, user: string, now: Date): StudyApi {
  return createStudyApi(createStudyDatabase(file, definition, user, now));
}
