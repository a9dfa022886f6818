import path from 'node:path';
import { dialog, type BrowserWindow } from 'electron';
import type { WorkspaceDoor } from '../host/workspace';
import { StudyError } from '../core/api';

/** The desktop answers workspace.open / create with the system's own dialogs, titled in `t`'s language. */
export function desktopDoor(
  window: () => BrowserWindow | null,
  t: () => (key: string) => string,
): WorkspaceDoor {
  const studyFilters = () => [
    { name: t()('dialog.studyFiles'), extensions: ['db', 'sqlite'] },
    { name: t()('dialog.allFiles'), extensions: ['*'] },
  ];
  return {
    async chooseStudyToOpen() {
      const parent = window();
      const options = {
        title: t()('dialog.openStudy'),
        properties: ['openFile' as const],
        filters: studyFilters(),
      };
      const result = parent
        ? await dialog.showOpenDialog(parent, options)
        : await dialog.showOpenDialog(options);
      return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0]!;
    },
    async chooseNewStudyFile() {
      const parent = window();
      const options = {
        title: t()('dialog.newStudy'),
        defaultPath: 'study.db',
        filters: studyFilters(),
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
