import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { builtRenderer, serveStudy, type ServedStudy } from './browser-mode-fixture';

/**
 * Browser mode in a real Chromium: the printed URL opens the app; without the token nothing is
 * served; a page of another origin in the same browser (which holds the session cookie) cannot use
 * the API.
 */

let served: ServedStudy;
let evil: http.Server;
let evilOrigin: string;

/** A page on another port of 127.0.0.1 (the hardest case: the same "site" to the browser) that tries the API. */
function evilPage(target: string, victimFile: string): string {
  return `<!doctype html><title>other origin</title><script>
window.results = {};
const post = (method, init) => fetch('${target}/api/' + method, { method: 'POST', credentials: 'include', ...init });
(async () => {
  try {
    const r = await post('study.info', { headers: { 'content-type': 'application/json' }, body: '{}' });
    window.results.cors = 'status ' + r.status + ' ' + (await r.text()).slice(0, 80);
  } catch (e) { window.results.cors = 'failed: ' + e.name; }
  try {
    // A "simple" request (no preflight): the browser sends it and hides the answer; the server must refuse it.
    await post('workspace.create', { mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ file: ${JSON.stringify(victimFile)} }) });
    window.results.noCors = 'sent';
  } catch (e) { window.results.noCors = 'failed: ' + e.name; }
  try {
    const r = await fetch('${target}/upload?name=x.csv', { method: 'POST', mode: 'no-cors', credentials: 'include', body: 'x' });
    window.results.upload = 'sent ' + r.type;
  } catch (e) { window.results.upload = 'failed: ' + e.name; }
  await new Promise((resolve) => {
    const source = new EventSource('${target}/events', { withCredentials: true });
    source.onopen = () => { window.results.events = 'open'; source.close(); resolve(); };
    source.onerror = () => { window.results.events = 'error'; source.close(); resolve(); };
  });
  window.results.done = true;
})();
</script>`;
}

test.beforeAll(async () => {
  const rendererDir = await builtRenderer();
  served = await serveStudy(rendererDir);
  evil = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(evilPage(served.origin, path.join(served.dir, 'planted.db')));
  });
  await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
  evilOrigin = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => (evil ? evil.close(() => resolve()) : resolve()));
  await served?.stop();
});

test('the printed URL opens the app shell, and the token leaves the address bar', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  const response = await page.goto(served.url);
  expect(response?.status()).toBe(200);
  expect(page.url()).toBe(`${served.origin}/#/dashboard`); // the token gone, the first screen named
  expect(page.url()).not.toContain('token');
  // The app's script ran (no inline script: the CSP would have stopped it) and drew into #root.
  await expect(page.locator('#root')).not.toBeEmpty();
  expect(await page.evaluate('document.cookie')).toBe(''); // HttpOnly: the page never sees it
  const status = await page.evaluate(
    "fetch('/api/study.info', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then((r) => r.status)",
  );
  expect(status).toBe(200);
  const csp = response?.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(errors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
  await page.screenshot({ path: test.info().outputPath('app-shell.png') });
});

test('the same address without the token is refused', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const response = await page.goto(`${served.origin}/`);
  expect(response?.status()).toBe(401);
  await expect(page.locator('body')).toContainText('no valid token');
  expect(await page.locator('#root').count()).toBe(0);
  const wrong = await page.goto(`${served.origin}/?token=${'A'.repeat(43)}`);
  expect(wrong?.status()).toBe(401);
  await context.close();
});

test('a page of another origin in the same browser cannot use the API, even holding the cookie', async ({
  context,
}) => {
  const app = await context.newPage();
  await app.goto(served.url); // the session cookie is now in this browser
  const other = await context.newPage();
  await other.goto(evilOrigin);
  await expect
    .poll(() => other.evaluate('window.results && window.results.done'), { timeout: 15_000 })
    .toBe(true);
  const results = (await other.evaluate('window.results')) as Record<string, string>;
  expect(results.cors).toBe('failed: TypeError'); // no CORS grant: the answer never reaches the page
  expect(results.events).toBe('error');
  // The no-cors requests left the browser, but the server refused them: nothing was created.
  expect(fs.existsSync(path.join(served.dir, 'planted.db'))).toBe(false);
  const state = await app.evaluate(
    "fetch('/api/workspace.current', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then((r) => r.json())",
  );
  expect(state).toMatchObject({ file: path.join(served.dir, 'study.db') });
});
