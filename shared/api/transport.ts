/**
 * How the doors carry the API contract.
 *
 * Browser mode (electron/server, loopback only): POST `${API_PATH}/<method>` with the JSON request;
 * answers 200 with the JSON response, or 4xx/5xx with `{ error: { code, message } }`. Every request
 * carries `Authorization: Bearer <token>`; the token is printed with the URL at start
 * (`http://127.0.0.1:PORT/#token=...`: in the fragment, so it never reaches a log or a Referer).
 * Files a user drops in the browser are sent to `${UPLOAD_PATH}?name=<relative path>` (raw body) and
 * land in a per-run folder whose path the response gives; files the server wrote (query lists,
 * snapshots) are fetched from `${DOWNLOAD_PATH}?path=<absolute path>` (only inside folders it wrote).
 *
 * Electron: the preload exposes `window.cdm`, one function per method of the contract (no generic
 * invoke), each bound to the IPC channel `${IPC_PREFIX}<method>`; main validates every request with
 * the contract before the core sees it.
 */
export const API_PATH = '/api';
export const UPLOAD_PATH = '/upload';
export const DOWNLOAD_PATH = '/download';
export const EVENTS_PATH = '/events';
export const IPC_PREFIX = 'cdm:';
export const TOKEN_HEADER = 'authorization';
