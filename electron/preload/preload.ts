/**
 * The preload: the typed API and nothing else. `window.cdm` has one function per method of the
 * contract, each bound to its own channel (`cdm:<method>`), built from the contract's method list;
 * plus the desktop helpers (dialogs, the path of a dropped file, events). No generic invoke: the
 * page cannot name a channel. Runs sandboxed; bundled as CommonJS by scripts/build-electron.mjs.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { apiMethods } from '../../shared/api/contract';
import {
  DESKTOP_CHANNELS,
  DESKTOP_EVENT_CHANNEL,
  IPC_PREFIX,
  PROGRESS_CHANNEL,
  type PickFilesOptions,
  type PickFolderOptions,
} from '../../shared/api/transport';
import type { DesktopEvent, ProgressEvent } from '../../shared/api/workspace';

function subscribe<T>(channel: string, listener: (payload: T) => void): () => void {
  const handler = (_event: unknown, payload: T) => listener(payload);
  ipcRenderer.on(channel, handler);
  return () => void ipcRenderer.removeListener(channel, handler);
}

const methods = Object.fromEntries(
  apiMethods.map((method) => [
    method,
    (input: unknown) => ipcRenderer.invoke(`${IPC_PREFIX}${method}`, input),
  ]),
);

contextBridge.exposeInMainWorld('cdm', {
  ...methods,
  desktop: true,
  pathForFile: (file: File): string => webUtils.getPathForFile(file),
  pickFiles: (options?: PickFilesOptions): Promise<string[]> =>
    ipcRenderer.invoke(DESKTOP_CHANNELS.pickFiles, options),
  pickFolder: (options?: PickFolderOptions): Promise<string | null> =>
    ipcRenderer.invoke(DESKTOP_CHANNELS.pickFolder, options),
  pickSaveFolder: (options?: PickFolderOptions): Promise<string | null> =>
    ipcRenderer.invoke(DESKTOP_CHANNELS.pickSaveFolder, options),
  setLanguage: (language: string): Promise<void> =>
    ipcRenderer.invoke(DESKTOP_CHANNELS.setLanguage, language),
  onProgress: (listener: (event: ProgressEvent) => void) => subscribe(PROGRESS_CHANNEL, listener),
  onEvent: (listener: (event: DesktopEvent) => void) => subscribe(DESKTOP_EVENT_CHANNEL, listener),
});
