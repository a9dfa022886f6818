import os from 'node:os';
import { isServerLocation, serverDatabaseName } from '../../shared/study-location';
import fs from 'node:fs';
import path from 'node:path';
import type { WorkspaceDoor } from '../host/workspace';
import { StudyError } from '../core/api';

/**
 * Browser mode opens and creates studies by a path the person types (a web page has no file dialog
 * that yields a path). This is allowed: only the person holding this run's token reaches the
 * server, that is the user who started `cdm serve`, and the API already names files of that
 * user's disk (site exports, query lists, snapshots). The rules below keep a typed path from doing
 * what the person did not mean: absolute paths only; open an existing file (the core then checks it
 * is a study database); create only a new `.db` file in an existing folder (never overwrite); a study
 * definition must be an existing `.json` file. `cdm serve --no-switch` turns switching off.
 */
export const browserDoor: WorkspaceDoor = {
  chooseStudyToOpen: () =>
    Promise.reject(
      new StudyError(
        'BAD_INPUT',
        'workspace.open: give the path of the study database (browser mode has no file dialog)',
      ),
    ),
  chooseNewStudyFile: () =>
    Promise.reject(
      new StudyError(
        'BAD_INPUT',
        'workspace.create: give the path of the new study database (browser mode has no file dialog)',
      ),
    ),
  checkPath(file, purpose) {
    // A study on a PostgreSQL server (team mode): the server says whether it exists.
    if (isServerLocation(file) && purpose !== 'study definition') return;
    if (!path.isAbsolute(file))
      throw new StudyError('BAD_INPUT', `${file}: give the full path (from the root of the disk)`);
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (purpose === 'open') {
      if (!stat) throw new StudyError('BAD_INPUT', `${file}: no such file`);
      if (!stat.isFile()) throw new StudyError('BAD_INPUT', `${file}: not a file`);
      return;
    }
    if (purpose === 'study definition') {
      if (!stat?.isFile() || path.extname(file).toLowerCase() !== '.json')
        throw new StudyError('BAD_INPUT', `${file}: not a study definition (.json file)`);
      return;
    }
    if (stat)
      throw new StudyError('BAD_INPUT', `${file}: already exists; choose a new file for the study database`);
    if (path.extname(file).toLowerCase() !== '.db')
      throw new StudyError('BAD_INPUT', `${file}: a new study database must be a .db file`);
    if (!fs.statSync(path.dirname(file), { throwIfNoEntry: false })?.isDirectory()) {
      throw new StudyError('BAD_INPUT', `${file}: folder ${path.dirname(file)} does not exist`);
    }
  },
};

/** Where browser mode suggests the files it writes go: a folder beside the study database. */
export function browserOutputDir(studyFile: string): string {
  if (isServerLocation(studyFile)) return path.join(os.homedir(), 'cdm-files', serverDatabaseName(studyFile));
  return path.join(path.dirname(studyFile), `${path.basename(studyFile, path.extname(studyFile))}-files`);
}
