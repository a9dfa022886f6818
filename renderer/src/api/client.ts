import type { ApiInput, ApiMethod, ApiOutput } from '../../../shared/api/contract';
import type { ApiErrorBody } from '../../../shared/api/errors';
import {
  API_PATH,
  EVENTS_PATH,
  type IpcResult,
  type PickFilesOptions,
  type PickFolderOptions,
} from '../../../shared/api/transport';
import type { DesktopEvent, MenuCommand, ProgressEvent, WorkspaceState } from '../../../shared/api/workspace';

/**
 * What the Electron preload exposes as `window.cdm`: one function a method of the contract (each on
 * its own IPC channel, answering an IpcResult), and the few desktop helpers a window needs.
 */
export type DesktopBridge = {
  readonly [M in ApiMethod]: (input: ApiInput<M>) => Promise<IpcResult<ApiOutput<M>>>;
} & {
  readonly desktop: true;
  /** The path on disk of a file or folder dropped on the window. */
  pathForFile(file: File): string;
  /** Open dialog for files; [] when cancelled. */
  pickFiles(options?: PickFilesOptions): Promise<string[]>;
  /** Open dialog for a folder; null when cancelled. */
  pickFolder(options?: PickFolderOptions): Promise<string | null>;
  /** Dialog for a folder to write into (query lists, snapshots); null when cancelled. */
  pickSaveFolder(options?: PickFolderOptions): Promise<string | null>;
  /** The native menus and dialogs follow the window's language. */
  setLanguage(language: string): Promise<void>;
  onProgress(listener: (event: ProgressEvent) => void): () => void;
  onEvent(listener: (event: DesktopEvent) => void): () => void;
};

declare global {
  interface Window {
    cdm?: DesktopBridge;
  }
}

/**
 * An error the core reported, in words for the data manager; `code` says what kind, `kind` and
 * `facts` what exactly (the window adds its own way out: errorHints in the i18n files).
 */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorBody['code'],
    message: string,
    readonly kind?: ApiErrorBody['kind'],
    readonly facts: NonNullable<ApiErrorBody['facts']> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const fromBody = (body: ApiErrorBody) => new ApiError(body.code, body.message, body.kind, body.facts);

export const isDesktop = (): boolean => window.cdm?.desktop === true;

/** The desktop bridge, or null in browser mode. */
export const desktopBridge = (): DesktopBridge | null => (isDesktop() ? window.cdm! : null);

/**
 * Browser mode: the session cookie (set when the printed URL was opened) authenticates every request;
 * the page never sees the token.
 */
async function overHttp<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
  const response = await fetch(`${API_PATH}/${method}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input ?? {}),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) {
    const error = (body as { error?: ApiErrorBody } | null)?.error;
    if (error?.code && error.message) throw fromBody(error);
    // 401/403 answer in plain words (no valid token, another origin): show them as they are.
    throw new ApiError(
      error?.code ?? 'INTERNAL',
      error?.message ?? (text.trim() || `${response.status} ${response.statusText}`),
    );
  }
  return body as ApiOutput<M>;
}

/** Calls the core: through the Electron bridge in the desktop app, over loopback HTTP in browser mode. */
export async function call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
  const bridge = window.cdm;
  if (bridge) {
    const invoke = bridge[method] as (input: ApiInput<M>) => Promise<IpcResult<ApiOutput<M>>>;
    let result: IpcResult<ApiOutput<M>>;
    try {
      result = await invoke(input);
    } catch (error) {
      throw new ApiError('INTERNAL', error instanceof Error ? error.message : String(error));
    }
    if (!result.ok) throw fromBody(result.error);
    return result.value;
  }
  return overHttp(method, input);
}

// Browser mode: one EventSource for the page, opened when the first listener comes.
type StreamListeners = {
  progress: Set<(event: ProgressEvent) => void>;
  workspace: Set<(state: WorkspaceState) => void>;
  changed: Set<(by: string) => void>;
};
const streamListeners: StreamListeners = { progress: new Set(), workspace: new Set(), changed: new Set() };
let eventSource: EventSource | null = null;

function openEventStream(): void {
  if (eventSource) return;
  eventSource = new EventSource(EVENTS_PATH);
  eventSource.addEventListener('progress', (message) => {
    const event = JSON.parse((message as MessageEvent<string>).data) as ProgressEvent;
    for (const listener of streamListeners.progress) listener(event);
  });
  eventSource.addEventListener('workspace', (message) => {
    const state = JSON.parse((message as MessageEvent<string>).data) as WorkspaceState;
    for (const listener of streamListeners.workspace) listener(state);
  });
  eventSource.addEventListener('changed', (message) => {
    const { by } = JSON.parse((message as MessageEvent<string>).data) as { by: string };
    for (const listener of streamListeners.changed) listener(by);
  });
}

function closeEventStreamIfUnused(): void {
  const listening =
    streamListeners.progress.size + streamListeners.workspace.size + streamListeners.changed.size;
  if (eventSource && listening === 0) {
    eventSource.close();
    eventSource = null;
  }
}

/** Progress messages of long calls (imports, check runs, lock); returns the unsubscribe function. */
export function onProgress(listener: (event: ProgressEvent) => void): () => void {
  const bridge = desktopBridge();
  if (bridge) return bridge.onProgress(listener);
  streamListeners.progress.add(listener);
  openEventStream();
  return () => {
    streamListeners.progress.delete(listener);
    closeEventStreamIfUnused();
  };
}

/** Another study was opened (from a menu, or another tab): reload what the screen shows. */
export function onWorkspaceChange(listener: (state: WorkspaceState) => void): () => void {
  const bridge = desktopBridge();
  if (bridge) return bridge.onEvent((event) => event.type === 'workspace' && listener(event.state));
  streamListeners.workspace.add(listener);
  openEventStream();
  return () => {
    streamListeners.workspace.delete(listener);
    closeEventStreamIfUnused();
  };
}

/** Desktop menu commands (File > Import export..., Study > Lock..., ...); never fires in browser mode. */
export function onMenuCommand(listener: (command: MenuCommand) => void): () => void {
  const bridge = desktopBridge();
  if (!bridge) return () => undefined;
  return bridge.onEvent((event) => event.type === 'menu' && listener(event.command));
}

/** Team mode: another person changed the open study (who); the window reloads what it shows. */
export function onStudyChanged(listener: (by: string) => void): () => void {
  const bridge = desktopBridge();
  if (bridge) return bridge.onEvent((event) => event.type === 'changed' && listener(event.by));
  streamListeners.changed.add(listener);
  openEventStream();
  return () => {
    streamListeners.changed.delete(listener);
    closeEventStreamIfUnused();
  };
}
