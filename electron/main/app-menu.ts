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
  /** The labels in the window's language (desktop-i18n.ts). */
  t: (key: string) => string;
}

/** The application menu, as plain data (Menu.buildFromTemplate makes it real). */
export function menuTemplate(state: MenuState, actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = state.platform === 'darwin';
  const t = state.t;
  const recent: MenuItemConstructorOptions[] =
    state.recent.length === 0
      ? [{ label: t('menu.noneYet'), enabled: false }]
      : state.recent.map((r) => ({
          label: `${r.code ?? path.basename(r.file)}  ${path.basename(r.file)}`,
          sublabel: r.file,
          enabled: r.exists,
          click: () => actions.openRecent(r.file),
        }));
  const file: MenuItemConstructorOptions = {
    label: t('menu.file'),
    submenu: [
      { label: t('menu.newStudy'), accelerator: 'CmdOrCtrl+N', click: () => actions.newStudy() },
      { label: t('menu.openStudy'), accelerator: 'CmdOrCtrl+O', click: () => actions.openStudy() },
      { label: t('menu.recentStudies'), submenu: recent },
      { type: 'separator' },
      {
        label: t('menu.importExport'),
        accelerator: 'CmdOrCtrl+I',
        enabled: state.hasStudy,
        click: () => actions.command('import'),
      },
      {
        label: t('menu.exportQueryLists'),
        accelerator: 'CmdOrCtrl+E',
        enabled: state.hasStudy,
        click: () => actions.command('export-queries'),
      },
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const study: MenuItemConstructorOptions = {
    label: t('menu.study'),
    submenu: [
      {
        label: t('menu.runChecks'),
        accelerator: 'F5',
        enabled: state.hasStudy,
        click: () => actions.command('run-checks'),
      },
      { type: 'separator' },
      { label: t('menu.lock'), enabled: state.hasStudy, click: () => actions.command('lock') },
      { label: t('menu.unlock'), enabled: state.hasStudy, click: () => actions.command('unlock') },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: t('menu.view'),
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
    label: t('menu.help'),
    submenu: [{ label: t('menu.about'), click: () => actions.about() }],
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
