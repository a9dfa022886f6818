import type { ApiErrorBody } from './errors';

/**
 * How the doors carry the API contract.
 *
 * Browser mode (electron/server, loopback only): `cdm serve DB` prints
 * `http://127.0.0.1:PORT/?token=...`. A per-run random token is required on every request. The first
 * request carrying `?token=` sets an HttpOnly SameSite=Strict session cookie (named per port) and
 * redirects to `/`, so the token does not stay in the address bar; after that the cookie (or an
 * `Authorization: Bearer <token>` header, for scripts) authenticates. The renderer uses a HashRouter
 * (`/#/discrepancies?...`): the URL fragment holds routes, never the token. The server refuses a
 * Host other than 127.0.0.1:PORT or localhost:PORT, an Origin other than its own, and requests a
 * browser marks as coming from another site.
 * - API: POST `${API_PATH}/<method>` with the JSON request (Content-Type: application/json); answers
 *   200 with the JSON response, or `{ error: { code, message } }` with 400 (BAD_INPUT), 404
 *   (NOT_FOUND), 409 (CONFLICT, BLOCKED, LOCKED, NEWER_DATABASE) or 500 (INTERNAL).
 * - Files a person drops in the browser: POST `${UPLOAD_PATH}?name=<relative path>[&upload=<id>]`
 *   with the raw file as body. The first file of a drop (no `upload`) opens a new per-run folder;
 *   the answer ({@link UploadResult}) gives its id, to send the rest of the drop into the same folder,
 *   and the folder's path, to pass to `imports.preview`.
 * - Files the server wrote (query lists, snapshot files): GET `${DOWNLOAD_PATH}?path=<absolute path>`;
 *   only files a call through this server wrote can be fetched.
 * - Progress of long calls: Server-Sent Events at `${EVENTS_PATH}` (`event: progress`, data a
 *   ProgressEvent of shared/api/workspace.ts; `event: workspace` when another study is opened;
 *   `event: changed`, data `{ by }`, when another person changed a team study).
 *
 * Electron: the preload exposes `window.cdm`, one function per method of the contract (no generic
 * invoke), each bound to the IPC channel `${IPC_PREFIX}<method>` and answering an {@link IpcResult};
 * main validates every request with the contract before the core sees it. Desktop helpers (dialogs,
 * the path of a dropped file) have their own channels, below; events from main (progress, menu
 * commands, another study opened) arrive on `DESKTOP_EVENT_CHANNEL` and `PROGRESS_CHANNEL`.
 */
export const API_PATH = '/api';
export const UPLOAD_PATH = '/upload';
export const DOWNLOAD_PATH = '/download';
export const EVENTS_PATH = '/events';
export const IPC_PREFIX = 'cdm:';
export const TOKEN_HEADER = 'authorization';
/** The query parameter that carries the token in the printed URL (first request only). */
export const TOKEN_QUERY = 'token';
/** Cookies are not separated by port on 127.0.0.1: each server names its cookie with its port. */
export const SESSION_COOKIE_PREFIX = 'cdm_session_';

/** Electron: what a bridged method answers (an error thrown through IPC would lose its code). */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };

/** Electron: main -> window events. */
export const PROGRESS_CHANNEL = 'cdm-event:progress';
export const DESKTOP_EVENT_CHANNEL = 'cdm-event:desktop';

/** Electron: the desktop helpers of the preload, each on its own channel. */
export const DESKTOP_CHANNELS = {
  pickFiles: 'cdm-desktop:pick-files',
  pickFolder: 'cdm-desktop:pick-folder',
  pickSaveFolder: 'cdm-desktop:pick-save-folder',
  setLanguage: 'cdm-desktop:set-language',
} as const;

export interface PickFilesOptions {
  title?: string;
  /** e.g. [{ name: 'Site exports', extensions: ['csv', 'xlsx'] }] */
  filters?: { name: string; extensions: string[] }[];
  multiple?: boolean;
}

export interface PickFolderOptions {
  title?: string;
}

/** Browser mode: the answer to one uploaded file. */
export interface UploadResult {
  /** Send the other files of the same drop with `upload=<id>`. */
  upload: string;
  /** The per-run folder holding the drop, as given (relative paths kept). */
  folder: string;
  /** Where this file landed. */
  path: string;
  bytes: number;
}
