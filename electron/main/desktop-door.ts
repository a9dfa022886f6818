import path from 'node:path';
import { dialog, type BrowserWindow } from 'electron';
import { StudyError } from '../core/errors';
import type { WorkspaceDoor } from '../host/workspace';

const STUDY_FILTERS = [
  { name: 'Study database', extensions: ['db', 'sqlite'] },
  { name: 'All files', extensions: ['*'] },
];

/** The desktop answers workspace.open / create with the system's own dialogs. */
export function desktopDoor(window: () => BrowserWindow | null): WorkspaceDoor {
  return {
    async chooseStudyToOpen() {
      const parent = window();
      const options = { title: 'Open study', properties: ['openFile' as const], filters: STUDY_FILTERS };
      const result = parent
        ? await dialog.showOpenDialog(parent, options)
        : await dialog.showOpenDialog(options);
      return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0]!;
    },
    async chooseNewStudyFile() {
      const parent = window();
      const options = {
        title: 'New study',
        defaultPath: 'study.db',
        filters: STUDY_FILTERS,
        properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const],
      };
      const result = parent
        ? await dialog.showSaveDialog(parent, options)
        : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    checkPath(file) {
      if (!path.isAbsolute(file)) throw new StudyError('BAD_INPUT', `${file}: give the full path`);
    },
  };
}
