/**
 * The Electron shell: one window on the app's own protocol, the study API in a worker behind a
 * typed IPC bridge, native menus and dialogs. Built by scripts/build-electron.mjs into
 * dist/electron/main/main.js (CommonJS); never run from sources.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, Menu, protocol, session } from 'electron';
import { DESKTOP_EVENT_CHANNEL, PROGRESS_CHANNEL } from '../../shared/api/transport';
import type { DesktopEvent, MenuCommand, WorkspaceState } from '../../shared/api/workspace';
import { fileRecentStudies } from '../host/recent-studies';
import { findRendererDir } from '../host/renderer-files';
import { createWorkspace, type Workspace } from '../host/workspace';
import { menuTemplate } from './app-menu';
import { desktopTranslator, systemLanguage, type DesktopLanguage } from './desktop-i18n';
import { registerAppProtocol } from './app-protocol';
import { desktopDoor } from './desktop-door';
import { registerApiChannels, registerDesktopChannels } from './ipc-bridge';
import { guardWebContents, hardenSession } from './session-policy';
import { APP_ENTRY_URL, APP_SCHEME_PRIVILEGES, windowOptions } from './window-options';
import { DEFAULT_STUDY_FILE } from '../core/api';

const here = path.dirname(fileURLToPath(import.meta.url));
const development = !app.isPackaged;

/** `--study FILE` or `--study=FILE` (npm start passes the demo study this way). */
function studyArgument(argv: string[]): string | undefined {
  for (const [i, arg] of argv.entries()) {
    if (arg === '--study') return argv[i + 1];
    if (arg.startsWith('--study=')) return arg.slice('--study='.length);
  }
  return undefined;
}

function currentUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

// Before ready: the app's scheme is a standard, secure origin; every renderer is sandboxed.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
app.enableSandbox();
guardWebContents();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let window: BrowserWindow | null = null;
  let workspace: Workspace | null = null;
  let closed = false;
  let language: DesktopLanguage = 'en';
  let t = desktopTranslator(language);
  let lastState: WorkspaceState | null = null;
  const labels = () => t;

  const send = (event: DesktopEvent) => window?.webContents.send(DESKTOP_EVENT_CHANNEL, event);
  const showError = (title: string, error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    if (window) void dialog.showMessageBox(window, { type: 'error', title, message: title, detail: message });
    else dialog.showErrorBox(title, message);
  };

  const refreshMenu = (state: WorkspaceState | null) => {
    lastState = state;
    if (!workspace) return;
    const space = workspace;
    const door = desktopDoor(() => window, labels);
    const openFile = (file: string) =>
      void space.open(file).catch((error: unknown) => showError(t('dialog.couldNotOpen'), error));
    const template = menuTemplate(
      { platform: process.platform, hasStudy: state?.file != null, recent: space.recent(), development, t },
      {
        newStudy: () =>
          void door
            .chooseNewStudyFile()
            .then((file) => (file ? space.create(file) : undefined))
            .catch((error: unknown) => showError(t('dialog.couldNotCreate'), error)),
        openStudy: () =>
          void door
            .chooseStudyToOpen()
            .then((file) => (file ? space.open(file) : undefined))
            .catch((error: unknown) => showError(t('dialog.couldNotOpen'), error)),
        openRecent: openFile,
        command: (command: MenuCommand) => send({ type: 'menu', command }),
        about: () =>
          void dialog.showMessageBox({
            type: 'info',
            title: t('dialog.aboutTitle'),
            message: `CDM Workstation ${app.getVersion()}`,
            detail: `Electron ${process.versions.electron}, Node ${process.versions.node}, Chromium ${process.versions.chrome}`,
          }),
      },
    );
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  };

  const createWindow = () => {
    window = new BrowserWindow(
      windowOptions({ preload: path.join(here, '../preload/preload.js'), devTools: development }),
    );
    window.once('ready-to-show', () => window?.show());
    window.on('closed', () => (window = null));
    void window.loadURL(APP_ENTRY_URL);
  };

  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  app.on('window-all-closed', () => app.quit());

  app.on('before-quit', (event) => {
    if (closed || !workspace) return;
    // Let running writes finish and the study close cleanly before the process ends.
    event.preventDefault();
    closed = true;
    void workspace.close().finally(() => app.quit());
  });

  void app.whenReady().then(async () => {
    language = systemLanguage(app.getLocale());
    t = desktopTranslator(language);
    hardenSession(session.defaultSession, development);
    registerAppProtocol(findRendererDir(import.meta.url));
    const space = createWorkspace({
      mode: 'desktop',
      user: currentUser(),
      canSwitch: true,
      recent: fileRecentStudies(path.join(app.getPath('userData'), 'recent-studies.json')),
      defaultStudyDefinition: DEFAULT_STUDY_FILE,
      validateOutputs: development,
    });
    workspace = space;
    space.onProgress((event) => window?.webContents.send(PROGRESS_CHANNEL, event));
    space.onChange((state) => {
      window?.setTitle(state.study ? `${state.study.code} - CDM Workstation` : 'CDM Workstation');
      send({ type: 'workspace', state });
      refreshMenu(state);
    });
    space.onStudyChanged((by) => send({ type: 'changed', by }));
    registerApiChannels(
      space,
      desktopDoor(() => window, labels),
    );
    registerDesktopChannels(
      () => window,
      labels,
      (chosen) => {
        if (chosen === language) return;
        language = chosen;
        t = desktopTranslator(chosen);
        refreshMenu(lastState);
      },
    );
    refreshMenu(null);
    createWindow();
    // The study named on the command line, else the one opened last (if it is still there).
    const initial = studyArgument(process.argv) ?? space.recent().find((r) => r.exists)?.file;
    if (initial)
      await space
        .open(path.resolve(initial))
        .catch((error: unknown) => showError(t('dialog.couldNotOpen'), error));
  });
}
