import {
  dialog,
  ipcMain,
  type BrowserWindow,
  type IpcMainInvokeEvent,
  type OpenDialogOptions,
} from 'electron';
import { z } from 'zod';
import { apiMethods } from '../../shared/api/contract';
import type { ApiErrorBody } from '../../shared/api/errors';
import { DESKTOP_CHANNELS, IPC_PREFIX, type IpcResult } from '../../shared/api/transport';
import { errorBody } from '../host/error-body';
import { callApi, type Workspace, type WorkspaceDoor } from '../host/workspace';
import { isDesktopLanguage, type DesktopLanguage } from './desktop-i18n';
import { ipcSenderAllowed } from './window-options';

const refused: ApiErrorBody = {
  code: 'BAD_INPUT',
  message: 'refused: this call does not come from the app window',
};

function senderAllowed(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return frame !== null && ipcSenderAllowed(frame.url, frame.parent === null);
}

const pickFilesSchema = z
  .object({
    title: z.string().max(200).optional(),
    filters: z
      .array(
        z.object({ name: z.string().max(100), extensions: z.array(z.string().max(20)).max(20) }).strict(),
      )
      .max(10)
      .optional(),
    multiple: z.boolean().optional(),
  })
  .strict()
  .optional();
const pickFolderSchema = z
  .object({ title: z.string().max(200).optional() })
  .strict()
  .optional();

/**
 * One IPC channel per method of the contract (`cdm:<method>`), nothing generic: each request is
 * checked against the contract's schema (in callApi) before the workspace or the core sees it, and
 * answers an IpcResult so the error's code survives the crossing.
 */
export function registerApiChannels(workspace: Workspace, door: WorkspaceDoor): void {
  for (const method of apiMethods) {
    ipcMain.handle(`${IPC_PREFIX}${method}`, async (event, input: unknown): Promise<IpcResult<unknown>> => {
      if (!senderAllowed(event)) return { ok: false, error: refused };
      try {
        return { ok: true, value: await callApi(workspace, door, method, input) };
      } catch (error) {
        return { ok: false, error: errorBody(error, method) };
      }
    });
  }
}

/**
 * The desktop helpers of the preload: native dialogs that answer paths (default titles in `t`'s
 * language), and the window's choice of language for the menus and dialogs.
 */
export function registerDesktopChannels(
  window: () => BrowserWindow | null,
  t: () => (key: string) => string,
  onLanguage: (language: DesktopLanguage) => void,
): void {
  const open = async (options: OpenDialogOptions) => {
    const parent = window();
    const result = parent
      ? await dialog.showOpenDialog(parent, options)
      : await dialog.showOpenDialog(options);
    return result.canceled ? [] : result.filePaths;
  };
  ipcMain.handle(DESKTOP_CHANNELS.pickFiles, async (event, raw: unknown) => {
    if (!senderAllowed(event)) return [];
    const options = pickFilesSchema.parse(raw) ?? {};
    return open({
      title: options.title ?? t()('dialog.chooseFiles'),
      filters: options.filters,
      properties: options.multiple === false ? ['openFile'] : ['openFile', 'multiSelections'],
    });
  });
  ipcMain.handle(DESKTOP_CHANNELS.pickFolder, async (event, raw: unknown) => {
    if (!senderAllowed(event)) return null;
    const options = pickFolderSchema.parse(raw) ?? {};
    return (
      (
        await open({ title: options.title ?? t()('dialog.chooseFolder'), properties: ['openDirectory'] })
      )[0] ?? null
    );
  });
  ipcMain.handle(DESKTOP_CHANNELS.pickSaveFolder, async (event, raw: unknown) => {
    if (!senderAllowed(event)) return null;
    const options = pickFolderSchema.parse(raw) ?? {};
    return (
      (
        await open({
          title: options.title ?? t()('dialog.chooseWriteFolder'),
          properties: ['openDirectory', 'createDirectory', 'promptToCreate'],
        })
      )[0] ?? null
    );
  });
  ipcMain.handle(DESKTOP_CHANNELS.setLanguage, (event, raw: unknown) => {
    if (senderAllowed(event) && isDesktopLanguage(raw)) onLanguage(raw);
  });
}
