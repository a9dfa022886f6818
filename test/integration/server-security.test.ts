import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudy } from '../../electron/core/api/open-study';
import { loadStudyDefinition } from '../../electron/core/study/load-definition';
import { startBrowserMode, type BrowserMode } from '../../electron/server/browser-mode';
import { apiRequest, rawRequest } from '../helpers/http-request';
import { tempDir } from '../helpers/study-builder';

/** Browser mode: who may reach the server at all. */

let dir: string;
let mode: BrowserMode;
let port: number;
let token: string;
let bearer: Record<string, string>;

beforeAll(async () => {
  dir = tempDir('cdm-server-security-');
  const studyFile = path.join(dir, 'study.db');
  createStudy(studyFile, loadStudyDefinition(), 'tester', new Date('2026-01-01T00:00:00Z')).close();
  const rendererDir = path.join(dir, 'renderer');
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  fs.writeFileSync(
    path.join(rendererDir, 'index.html'),
    '<!doctype html><div id="root">app shell</div><script type="module" src="./assets/app.js"></script>',
  );
  fs.writeFileSync(path.join(rendererDir, 'assets/app.js'), 'console.log("app")');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'not for the browser');
  mode = await startBrowserMode({
    studyFile,
    user: 'tester',
    rendererDir,
    uploadDir: path.join(dir, 'uploads'),
  });
  port = mode.server.port;
  token = mode.server.token;
  bearer = { authorization: `Bearer ${token}` };
});

afterAll(async () => {
  await mode?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the browser-mode server: the door', () => {
  it('prints a loopback URL with a long random token', () => {
    expect(mode.server.url).toBe(`http://127.0.0.1:${port}/?token=${token}`);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('listens on 127.0.0.1 only', async () => {
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    const tryConnect = (host: string) =>
      new Promise<string>((resolve) => {
        const socket = net.connect({ host, port }, () => {
          socket.destroy();
          resolve('connected');
        });
        socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      });
    expect(await tryConnect('127.0.0.1')).toBe('connected');
    if (external) expect(await tryConnect(external)).toBe('ECONNREFUSED');
  });

  it('refuses every route without the token', async () => {
    for (const [method, route] of [
      ['GET', '/'],
      ['GET', '/index.html'],
      ['GET', '/assets/app.js'],
      ['POST', '/api/study.info'],
      ['GET', '/events'],
      ['GET', `/download?path=${encodeURIComponent(path.join(dir, 'secret.txt'))}`],
      ['POST', '/upload?name=a.csv'],
    ] as const) {
      const response = await rawRequest(port, {
        method,
        path: route,
        headers: { 'content-type': 'application/json' },
        body: method === 'POST' ? '{}' : undefined,
      });
      expect(response.status, `${method} ${route}`).toBe(401);
      expect(response.text).not.toContain('app shell');
    }
  });

  it('refuses a wrong token, in the URL, as bearer or as cookie', async () => {
    const wrong = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expect((await rawRequest(port, { path: `/?token=${wrong}` })).status).toBe(401);
    expect((await rawRequest(port, { path: '/?token=' })).status).toBe(401);
    expect((await apiRequest(port, 'study.info', {}, { authorization: `Bearer ${wrong}` })).status).toBe(401);
    expect((await apiRequest(port, 'study.info', {}, { authorization: `Bearer ${token}x` })).status).toBe(
      401,
    );
    expect(
      (await apiRequest(port, 'study.info', {}, { cookie: `cdm_session_${port}=${wrong}` })).status,
    ).toBe(401);
    // The cookie of another run (another port) does not count here.
    expect(
      (await apiRequest(port, 'study.info', {}, { cookie: `cdm_session_${port + 1}=${token}` })).status,
    ).toBe(401);
  });

  it('trades the token in the URL for an HttpOnly SameSite=Strict cookie, and redirects to / without it', async () => {
    const response = await rawRequest(port, { path: `/?token=${token}` });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/');
    const cookie = response.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toMatch(new RegExp(`^cdm_session_${port}=${token};`));
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    const page = await rawRequest(port, { path: '/', headers: { cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(page.text).toContain('app shell');
    expect(page.headers['content-type']).toContain('text/html');
  });

  it('refuses a Host that is not 127.0.0.1:PORT or localhost:PORT (DNS rebinding), even with the token', async () => {
    for (const host of [
      `evil.example:${port}`,
      `127.0.0.1:${port + 1}`,
      '127.0.0.1',
      `localhost`,
      `0.0.0.0:${port}`,
      `[::1]:${port}`,
    ]) {
      const response = await rawRequest(port, { path: '/', headers: { host, ...bearer } });
      expect(response.status, host).toBe(403);
      expect(response.headers['content-type']).toContain('text/plain');
      expect(response.text).toMatch(/^refused: /);
    }
    expect(
      (await rawRequest(port, { path: '/', headers: { host: `localhost:${port}`, ...bearer } })).status,
    ).toBe(200);
  });

  it('refuses another Origin, even with the cookie', async () => {
    const cookie = { cookie: `cdm_session_${port}=${token}` };
    for (const origin of [
      `http://127.0.0.1:${port + 1}`,
      'http://evil.example',
      'null',
      `https://127.0.0.1:${port}`,
      `http://localhost:${port}`,
    ]) {
      const response = await rawRequest(port, {
        method: 'POST',
        path: '/api/study.info',
        headers: { 'content-type': 'application/json', origin, ...cookie },
        body: '{}',
      });
      expect(response.status, origin).toBe(403);
      expect(response.text).toBe('refused: the request comes from another origin');
    }
    const same = await rawRequest(port, {
      method: 'POST',
      path: '/api/study.info',
      headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${port}`, ...cookie },
      body: '{}',
    });
    expect(same.status).toBe(200);
  });

  it('refuses what the browser marks as coming from another site (another port of 127.0.0.1 is the same "site")', async () => {
    for (const site of ['same-site', 'cross-site']) {
      const response = await rawRequest(port, {
        path: '/events',
        headers: { 'sec-fetch-site': site, cookie: `cdm_session_${port}=${token}` },
      });
      expect(response.status, site).toBe(403);
    }
  });

  it('puts a strict CSP and nosniff on every answer, and never caches the API', async () => {
    const page = await rawRequest(port, { path: '/', headers: bearer });
    const csp = page.headers['content-security-policy'] as string;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-eval|https?:/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const api = await apiRequest(port, 'study.info', {}, bearer);
    expect(api.headers['cache-control']).toBe('no-store');
    expect(api.headers['x-content-type-options']).toBe('nosniff');
    expect(api.headers['content-type']).toContain('application/json');
    const refused = await rawRequest(port, { path: '/' });
    expect(refused.headers['content-security-policy']).toBe(csp);
  });

  it('serves only the files of the renderer', async () => {
    for (const route of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/missing.js',
    ]) {
      const response = await rawRequest(port, { path: route, headers: bearer });
      expect(response.status, route).toBe(404);
      expect(response.text).not.toContain('not for the browser');
    }
    const asset = await rawRequest(port, { path: '/assets/app.js', headers: bearer });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toContain('text/javascript');
  });
});
