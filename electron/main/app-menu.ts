import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand, RecentStudy } from '../../shared/api/workspace';

/** What the menu does; main wires each to a dialog, the workspace, or an event to the window. */
export interface MenuActions {
  newStudy(): void;
  openStudy(): void;
  openRecent(file: string): void;
  /** Asks the window to show the screen that answers it. */
  command(command: MenuCommand): void;
  about(): void;
}

export interface MenuState {
  platform: NodeJS.Platform;
  hasStudy: boolean;
  recent: RecentStudy[];
  development: boolean;
}

/** The application menu, as plain data (Menu.buildFromTemplate makes it real). */
export function menuTemplate(state: MenuState, actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = state.platform === 'darwin';
  const recent: MenuItemConstructorOptions[] =
    state.recent.length === 0
      ? [{ label: '(none yet)', enabled: false }]
      : state.recent.map((r) => ({
          label: `${r.code ?? path.basename(r.file)}  ${path.basename(r.file)}`,
          sublabel: r.file,
          enabled: r.exists,
          click: () => actions.openRecent(r.file),
        }));
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'New study...', accelerator: 'CmdOrCtrl+N', click: () => actions.newStudy() },
      { label: 'Open study...', accelerator: 'CmdOrCtrl+O', click: () => actions.openStudy() },
      { label: 'Recent studies', submenu: recent },
      { type: 'separator' },
      {
        label: 'Import export...',
        accelerator: 'CmdOrCtrl+I',
        enabled: state.hasStudy,
        click: () => actions.command('import'),
      },
      {
        label: 'Export query lists...',
        accelerator: 'CmdOrCtrl+E',
        enabled: state.hasStudy,
        click: () => actions.command('export-queries'),
      },
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const study: MenuItemConstructorOptions = {
    label: '&Study',
    submenu: [
      {
        label: 'Run checks',
        accelerator: 'F5',
        enabled: state.hasStudy,
        click: () => actions.command('run-checks'),
      },
      { type: 'separator' },
      { label: 'Lock...', enabled: state.hasStudy, click: () => actions.command('lock') },
      { label: 'Unlock...', enabled: state.hasStudy, click: () => actions.command('unlock') },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      ...(state.development
        ? ([
            { role: 'reload' },
            { role: 'toggleDevTools' },
            { type: 'separator' },
          ] as MenuItemConstructorOptions[])
        : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [{ label: 'About CDM Workstation', click: () => actions.about() }],
  };
  return [
    ...(mac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    file,
    { role: 'editMenu' },
    study,
    view,
    help,
  ];
}
