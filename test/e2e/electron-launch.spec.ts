import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { root } from './browser-mode-fixture';

/**
 * The desktop app, launched for real: the window loads the app from its own protocol, the page has
 * no Node, `window.cdm` is the typed API, navigation away and new windows are refused. Needs the
 * Electron binary (not downloadable on every machine): skipped with a message when it is missing.
 */

const pathTxt = path.join(root, 'node_modules/electron/path.txt');
const present = fs.existsSync(pathTxt);

const SKIPPED = 'Electron binary not present (node_modules/electron/path.txt missing): launch test skipped';

test('the desktop window opens on a study with only the typed API exposed', async () => {
  if (!present) {
    process.stdout.write(`${SKIPPED}\n`);
    test.skip(true, SKIPPED);
  }
  test.setTimeout(300_000);
  const binary = path.join(root, 'node_modules/electron/dist', fs.readFileSync(pathTxt, 'utf8').trim());
  // Build as npm start does: the renderer, better-sqlite3 for Electron, the bundles.
  execFileSync(
    process.execPath,
    ['-e', "import('vite').then((v) => v.build({ configFile: 'vite.config.ts', logLevel: 'error' }))"],
    { cwd: root, stdio: 'inherit' },
  );
  const nativeDir = execFileSync(process.execPath, ['scripts/electron-native.mjs'], {
    cwd: root,
    encoding: 'utf8',
  }).trim();
  execFileSync(process.execPath, ['scripts/build-electron.mjs', '--native-dir', nativeDir], {
    cwd: root,
    stdio: 'inherit',
  });

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdm-electron-'));
  const study = path.join(dir, 'study.db');
  execFileSync(process.execPath, ['bin/cdm.js', 'init', study], { cwd: root, stdio: 'ignore' });
  const env = { ...process.env } as Record<string, string>;
  delete env.ELECTRON_RUN_AS_NODE;
  const app = await electron.launch({
    executablePath: binary,
    args: ['.', '--study', study],
    cwd: root,
    env,
  });
  try {
    const window = await app.firstWindow();
    await window.waitForLoadState('domcontentloaded');
    expect(window.url()).toMatch(/^cdm-app:\/\/app\/index\.html(#.*)?$/);
    await expect(window.locator('#root')).not.toBeEmpty();
    expect(await window.evaluate('typeof require + " " + typeof process')).toBe('undefined undefined');
    expect(await window.evaluate('window.cdm.desktop')).toBe(true);
    expect(await window.evaluate('typeof window.cdm.invoke')).toBe('undefined');
    const info = (await window.evaluate("window.cdm['study.info']({})")) as {
      ok: boolean;
      value: { file: string };
    };
    expect(info).toMatchObject({ ok: true, value: { file: study } });
    const bad = (await window.evaluate("window.cdm['discrepancies.get']({ id: 'x' })")) as {
      ok: boolean;
      error: { code: string };
    };
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
    expect(await window.evaluate('window.open("https://example.com/") === null')).toBe(true);
    await window.evaluate('location.href = "https://example.com/"').catch(() => undefined);
    await window.waitForTimeout(500);
    expect(window.url()).toMatch(/^cdm-app:\/\/app\/index\.html(#.*)?$/);
    await window.screenshot({ path: test.info().outputPath('electron-window.png') });
  } finally {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
