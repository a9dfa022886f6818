import type { ApiInput, ApiMethod, ApiOutput } from '../../../shared/api/contract';
import type { ApiErrorBody } from '../../../shared/api/errors';
import { API_PATH } from '../../../shared/api/transport';

/** What the Electron preload exposes: one function a method of the contract. */
export type DesktopBridge = { [M in ApiMethod]: (input: ApiInput<M>) => Promise<ApiOutput<M>> } & {
  readonly desktop: true;
};

declare global {
  interface Window {
    cdm?: DesktopBridge;
  }
}

/** An error the core reported, in words for the data manager; `code` says what kind. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorBody['code'],
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const TOKEN_KEY = 'cdm.token';

/** The browser-mode token arrives in the URL fragment once; keep it for this tab only. */
export function sessionToken(): string | null {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match) {
    sessionStorage.setItem(TOKEN_KEY, match[1]!);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

async function overHttp<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
  const response = await fetch(`${API_PATH}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${sessionToken() ?? ''}` },
    body: JSON.stringify(input ?? {}),
  });
  const body = (await response.json().catch(() => null)) as { error?: ApiErrorBody } | null;
  if (!response.ok) throw new ApiError(body?.error?.code ?? 'INTERNAL', body?.error?.message ?? `${response.status} ${response.statusText}`);
  return body as ApiOutput<M>;
}

/** Calls the core: through the Electron bridge in the desktop app, over loopback HTTP in browser mode. */
export async function call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
  const bridge = window.cdm;
  if (bridge) {
    try {
      return await bridge[method](input);
    } catch (error) {
      // Electron wraps errors thrown in main: "Error invoking remote method '...': CODE: message".
      const text = error instanceof Error ? error.message : String(error);
      const match = /([A-Z_]+): (.*)$/s.exec(text);
      throw match ? new ApiError(match[1] as ApiErrorBody['code'], match[2]!) : new ApiError('INTERNAL', text);
    }
  }
  return overHttp(method, input);
}

export const isDesktop = (): boolean => window.cdm?.desktop === true;
