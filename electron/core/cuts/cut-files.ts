import type { CutFiles } from '../../../shared/api/exports';
import { cutByName } from '../db/cuts-repo';
import type { StudyDatabase } from '../db/study-database';
import { StudyError, notFound } from '../common/errors';
import { formatOfPath, readManifest } from './snapshot-manifest';

/** What a cut's snapshot holds, from its manifest (each file with its kind); says so when the folder moved. */
export function cutFiles(database: StudyDatabase, name: string): CutFiles {
  const cut = cutByName(database, name);
  if (!cut) throw notFound(`no data cut named "${name}"`);
  try {
    const manifest = readManifest(cut.snapshotDir);
    return {
      cut: cut.name,
      dir: cut.snapshotDir,
      available: true,
      problem: null,
      files: manifest.files.map((f) => ({ ...f, format: f.format ?? formatOfPath(f.path) })),
    };
  } catch (error) {
    if (!(error instanceof StudyError)) throw error;
    return { cut: cut.name, dir: cut.snapshotDir, available: false, problem: error.message, files: [] };
  }
}
