/**
 * The security settings of the desktop window, as plain data and plain functions: main applies
 * them, and a unit test in plain Node asserts them (this module imports nothing of Electron at run
 * time; the `import type` below is erased).
 */
import type { BrowserWindowConstructorOptions, CustomScheme } from 'electron';
import { APP_CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy';

/** The app's own files are served on this scheme (never file://), so the CSP and request rules have an origin to name. */
export const APP_SCHEME = 'cdm-app';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  // standard + secure: a real origin with a secure context (ES modules, fetch of its own files).
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
};

/** The app's policy (shared/content-security-policy.ts), sent on every page this door serves. */
export const DESKTOP_CONTENT_SECURITY_POLICY = APP_CONTENT_SECURITY_POLICY;

/** Headers on every file the app protocol serves. */
export const APP_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': DESKTOP_CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

export interface WindowSettings {
  /** The bundled preload script (CommonJS: sandboxed preloads cannot load ES modules). */
  preload: string;
  /** Developer tools: in development only. */
  devTools: boolean;
}

export function windowOptions(settings: WindowSettings): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'CDM Workstation',
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: settings.preload,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: settings.devTools,
    },
  };
}

/** A URL of the app's own files. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * will-navigate / will-redirect: the window never leaves the app. Routes are in the fragment
 * (HashRouter), which is not a navigation; reloading the app itself is allowed.
 */
export function navigationAllowed(url: string): boolean {
  return isAppUrl(url);
}

/** setWindowOpenHandler: no new windows, for any URL. */
export function windowOpenResponse(_url: string): { action: 'deny' } {
  return { action: 'deny' };
}

/** Permission requests and checks (camera, notifications, clipboard read, ...): all refused. */
export function permissionAllowed(_permission: string): boolean {
  return false;
}

/**
 * Every request of the session: only the app's own files (and the inline data: images of its CSS,
 * and the developer tools when they are on). Anything remote is cancelled.
 */
export function requestAllowed(url: string, devTools = false): boolean {
  if (isAppUrl(url)) return true;
  if (url.startsWith('data:')) return true;
  if (devTools && (url.startsWith('devtools://') || url.startsWith('chrome-extension://'))) return true;
  return false;
}

/** IPC: only the top frame of the app's own page may call the API. */
export function ipcSenderAllowed(frameUrl: string | undefined, isTopFrame: boolean): boolean {
  return isTopFrame && frameUrl !== undefined && isAppUrl(frameUrl);
}
