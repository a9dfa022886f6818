import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { menuTemplate, type MenuActions } from '../../electron/main/app-menu';
import { desktopTranslator, systemLanguage } from '../../electron/main/desktop-i18n';
import enLabels from '../../electron/main/locales/en.json';
import koLabels from '../../electron/main/locales/ko.json';
import {
  APP_ENTRY_URL,
  APP_RESPONSE_HEADERS,
  APP_SCHEME_PRIVILEGES,
  DESKTOP_CONTENT_SECURITY_POLICY,
  ipcSenderAllowed,
  isAppUrl,
  navigationAllowed,
  permissionAllowed,
  requestAllowed,
  windowOpenResponse,
  windowOptions,
} from '../../electron/main/window-options';
import { BROWSER_CONTENT_SECURITY_POLICY } from '../../electron/server/security-headers';

const root = path.resolve(__dirname, '../..');

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name!, values]),
  );
}

describe('the desktop window', () => {
  const options = windowOptions({ preload: '/app/preload.js', devTools: false });
  const web = options.webPreferences!;

  it('isolates the page from Node and Electron', () => {
    expect(web.contextIsolation).toBe(true);
    expect(web.nodeIntegration).toBe(false);
    expect(web.nodeIntegrationInWorker).toBe(false);
    expect(web.nodeIntegrationInSubFrames).toBe(false);
    expect(web.sandbox).toBe(true);
    expect(web.webSecurity).toBe(true);
    expect(web.allowRunningInsecureContent).toBe(false);
    expect(web.webviewTag).toBe(false);
    expect(web.navigateOnDragDrop).toBe(false);
    expect(web.preload).toBe('/app/preload.js');
    expect(web.devTools).toBe(false);
  });

  it('loads the app from its own standard, secure scheme', () => {
    expect(APP_ENTRY_URL).toBe('cdm-app://app/index.html');
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({ standard: true, secure: true });
    expect(APP_SCHEME_PRIVILEGES.privileges?.bypassCSP).toBeFalsy();
  });

  it('serves every file with a strict Content-Security-Policy', () => {
    const csp = directives(DESKTOP_CONTENT_SECURITY_POLICY);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    // Inline styles only (AG Grid themes, ECharts tooltips), never inline or remote script.
    expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(DESKTOP_CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/);
    expect(APP_RESPONSE_HEADERS['Content-Security-Policy']).toBe(DESKTOP_CONTENT_SECURITY_POLICY);
    expect(APP_RESPONSE_HEADERS['X-Content-Type-Options']).toBe('nosniff');
  });

  it('the browser mode has the same script and object rules', () => {
    const browser = directives(BROWSER_CONTENT_SECURITY_POLICY);
    const desktop = directives(DESKTOP_CONTENT_SECURITY_POLICY);
    for (const name of [
      'default-src',
      'script-src',
      'style-src',
      'object-src',
      'base-uri',
      'frame-ancestors',
      'connect-src',
    ]) {
      expect(browser.get(name), name).toEqual(desktop.get(name));
    }
  });

  it('renderer/index.html repeats the policy as a meta tag (frame-ancestors cannot be in a meta)', async () => {
    const fs = await import('node:fs');
    const html = fs.readFileSync(path.join(root, 'renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBeDefined();
    const expected = DESKTOP_CONTENT_SECURITY_POLICY.split('; ')
      .filter((d) => !d.startsWith('frame-ancestors'))
      .join('; ');
    expect(meta).toBe(expected);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
  });

  it('never leaves the app: navigation, redirects, new windows', () => {
    expect(isAppUrl('cdm-app://app/index.html')).toBe(true);
    expect(isAppUrl('cdm-app://app/index.html#/discrepancies?status=OPEN')).toBe(true);
    expect(isAppUrl('cdm-app://other/index.html')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
    for (const url of [
      'https://example.com/',
      'http://127.0.0.1:8080/',
      'file:///home/user/study.db',
      'javascript:alert(1)',
      'data:text/html,x',
    ]) {
      expect(navigationAllowed(url), url).toBe(false);
      expect(windowOpenResponse(url)).toEqual({ action: 'deny' });
    }
    expect(navigationAllowed('cdm-app://app/index.html')).toBe(true);
  });

  it('refuses every permission', () => {
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'fileSystem',
    ]) {
      expect(permissionAllowed(permission)).toBe(false);
    }
  });

  it('cancels every request that is not the app itself', () => {
    expect(requestAllowed('cdm-app://app/assets/index-abc.js')).toBe(true);
    expect(requestAllowed('data:image/svg+xml;base64,AAAA')).toBe(true);
    expect(requestAllowed('https://fonts.googleapis.com/css')).toBe(false);
    expect(requestAllowed('http://127.0.0.1:1234/api/study.info')).toBe(false);
    expect(requestAllowed('file:///etc/hosts')).toBe(false);
    expect(requestAllowed('devtools://devtools/bundled/inspector.html')).toBe(false);
    expect(requestAllowed('devtools://devtools/bundled/inspector.html', true)).toBe(true);
  });

  it('answers IPC only from the top frame of the app', () => {
    expect(ipcSenderAllowed('cdm-app://app/index.html#/import', true)).toBe(true);
    expect(ipcSenderAllowed('cdm-app://app/index.html', false)).toBe(false);
    expect(ipcSenderAllowed('https://evil.example/', true)).toBe(false);
    expect(ipcSenderAllowed(undefined, true)).toBe(false);
  });

  it('loads in plain Node without Electron (the module imports Electron types only)', () => {
    const out = execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        "const m = await import('./electron/main/window-options.ts'); console.log(m.APP_ENTRY_URL)",
      ],
      { cwd: root, encoding: 'utf8' },
    );
    expect(out.trim()).toBe('cdm-app://app/index.html');
  });
});

describe('the desktop menu', () => {
  const calls: string[] = [];
  const actions: MenuActions = {
    newStudy: () => calls.push('new'),
    openStudy: () => calls.push('open'),
    openRecent: (file) => calls.push(`recent ${file}`),
    command: (command) => calls.push(`command ${command}`),
    about: () => calls.push('about'),
  };
  type Item = { label?: string; role?: string; enabled?: boolean; submenu?: Item[]; click?: () => void };
  const flat = (items: Item[]): Item[] => items.flatMap((item) => [item, ...flat(item.submenu ?? [])]);
  const find = (items: Item[], label: string): Item => {
    const found = flat(items).find((item) => item.label === label);
    if (!found) throw new Error(`no menu item ${label}`);
    return found;
  };

  it('has File, Study, View and Help, with the study commands sent to the window', () => {
    const template = menuTemplate(
      {
        platform: 'linux',
        hasStudy: true,
        development: false,
        t: desktopTranslator('en'),
        recent: [
          { file: '/s/a.db', code: 'A', name: 'A study', openedAt: '2026-01-01T00:00:00Z', exists: true },
        ],
      },
      actions,
    ) as Item[];
    expect(template.map((m) => m.label ?? m.role)).toEqual(['&File', 'editMenu', '&Study', '&View', '&Help']);
    for (const label of [
      'New study...',
      'Open study...',
      'Import export...',
      'Export query lists...',
      'Run checks',
      'Lock...',
      'Unlock...',
    ]) {
      find(template, label).click!();
    }
    find(find(template, 'Recent studies').submenu!, 'A  a.db').click!();
    expect(calls).toEqual([
      'new',
      'open',
      'command import',
      'command export-queries',
      'command run-checks',
      'command lock',
      'command unlock',
      'recent /s/a.db',
    ]);
    // No developer tools or reload in a release.
    expect(JSON.stringify(template)).not.toMatch(/toggleDevTools|"reload"/);
  });

  it('disables study commands while no study is open', () => {
    const template = menuTemplate(
      { platform: 'linux', hasStudy: false, development: true, recent: [], t: desktopTranslator('en') },
      actions,
    ) as Item[];
    for (const label of ['Import export...', 'Export query lists...', 'Run checks', 'Lock...', 'Unlock...']) {
      expect(find(template, label).enabled, label).toBe(false);
    }
    expect(find(template, '(none yet)').enabled).toBe(false);
  });

  it('speaks the language chosen in the window: every label in English and Korean', () => {
    const keys = (o: object, prefix = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) =>
        typeof v === 'object' && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
      );
    expect(keys(koLabels)).toEqual(keys(enLabels));
    const template = menuTemplate(
      { platform: 'linux', hasStudy: true, development: false, recent: [], t: desktopTranslator('ko') },
      actions,
    ) as Item[];
    expect(template.map((m) => m.label ?? m.role)).toEqual([
      '파일(&F)',
      'editMenu',
      '연구(&S)',
      '보기(&V)',
      '도움말(&H)',
    ]);
    find(template, '점검 실행').click!();
    expect(calls.at(-1)).toBe('command run-checks');
    // No label is left in English, nor is a key shown instead of its words.
    for (const item of flat(template))
      if (item.label) expect(item.label).not.toMatch(/^[A-Za-z .&]+$|^menu\./);
    expect(systemLanguage('ko-KR')).toBe('ko');
    expect(systemLanguage('en-US')).toBe('en');
  });
});
