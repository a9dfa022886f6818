import type { StudyDefinition } from '../../../shared/study/definition-schema';
import { createStudyDatabase, openStudyDatabase } from '../db/opening/open-study-database';
import { createStudyApi, type StudyApi } from './study-api';
import { compareStudies, copyStudyTo } from '../db/opening/copy-study-repo';
import { watchStudyChanges } from '../db/study-changes-repo';
import type { CopyResult } from '../../../shared/api/copy';

/** The doors (CLI, server, Electron) open studies here, never the database layer directly. */
export function openStudy(file: string, options: { validateOutputs?: boolean } = {}): StudyApi {
  return createStudyApi(openStudyDatabase(file), options);
}

/** Team mode: calls back with who changed the study from another session (nothing on a study file). */
export function watchChanges(study: StudyApi, onChange: (by: string) => void): () => void {
  return watchStudyChanges(study.database, onChange);
}

export function createStudy(file: string, definition: StudyDefinition, user: string, now: Date): StudyApi {
  return createStudyApi(createStudyDatabase(file, definition, user, now));
}

/**
 * `copy SOURCE TARGET`: the whole study copied to a new file or PostgreSQL database, then both
 * compared table by table.
 */
export function copyStudy(source: string, target: string): CopyResult {
  const from = openStudyDatabase(source);
  try {
    copyStudyTo(from, target);
    const to = openStudyDatabase(target);
    try {
      const tables = compareStudies(from, to);
      return { source: from.file, target: to.file, tables, identical: tables.every((t) => t.identical) };
    } finally {
      to.close();
    }
  } finally {
    from.close();
  }
}
