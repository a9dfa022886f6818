import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudy } from '../../electron/core/api/open-study';
import { loadStudyDefinition } from '../../electron/core/study/load-definition';
import { startBrowserMode, type BrowserMode } from '../../electron/server/browser-mode';
import { apiRequest, rawRequest } from '../helpers/http-request';
import { tempDir } from '../helpers/study-builder';

/** Browser mode: the API, uploads, downloads and progress, for the holder of the token. */

let dir: string;
let studyFile: string;
let mode: BrowserMode;
let port: number;
let bearer: Record<string, string>;
let cookie: Record<string, string>;

const UPLOAD_FILE_LIMIT = 64 * 1024;

beforeAll(async () => {
  dir = tempDir('cdm-server-api-');
  studyFile = path.join(dir, 'study.db');
  createStudy(studyFile, loadStudyDefinition(), 'tester', new Date('2026-01-01T00:00:00Z')).close();
  mode = await startBrowserMode({
    studyFile,
    user: 'browser-user',
    rendererDir: null,
    uploadDir: path.join(dir, 'uploads'),
    uploadLimits: { fileBytes: UPLOAD_FILE_LIMIT, totalBytes: 4 * UPLOAD_FILE_LIMIT, filesPerUpload: 20 },
    apiBodyBytes: 16 * 1024,
    validateOutputs: true,
  });
  port = mode.server.port;
  bearer = { authorization: `Bearer ${mode.server.token}` };
  cookie = { cookie: `cdm_session_${port}=${mode.server.token}` };
});

afterAll(async () => {
  await mode?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function upload(
  name: string,
  body: string | Buffer,
  uploadId?: string,
  contentType = 'application/octet-stream',
) {
  const query = new URLSearchParams({ name });
  if (uploadId) query.set('upload', uploadId);
  return rawRequest(port, {
    method: 'POST',
    path: `/upload?${query}`,
    headers: { 'content-type': contentType, ...bearer },
    body,
  });
}

describe('the browser-mode server: the API', () => {
  it('answers with the cookie and with the bearer header', async () => {
    for (const auth of [cookie, bearer]) {
      const response = await apiRequest(port, 'study.info', {}, auth);
      expect(response.status).toBe(200);
      expect(response.json<{ code: string; file: string }>()).toMatchObject({
        code: 'NIPMS-POM-KR-001',
        file: studyFile,
      });
    }
  });

  it('maps a BAD_INPUT to 400 with one plain message, never a stack', async () => {
    const response = await apiRequest(port, 'discrepancies.get', { id: 'seven' }, bearer);
    expect(response.status).toBe(400);
    const body = response.json<{ error: { code: string; message: string } }>();
    expect(Object.keys(body)).toEqual(['error']);
    expect(body.error.code).toBe('BAD_INPUT');
    expect(body.error.message).toMatch(/^discrepancies\.get: invalid request at id: /);
    expect(body.error.message).not.toMatch(/\n|\bat .*\(.*:\d+:\d+\)/);
    // Unknown fields are refused too (strict schemas), with the same shape.
    const extra = await apiRequest(port, 'study.info', { surprise: 1 }, bearer);
    expect(extra.status).toBe(400);
    expect(extra.json<{ error: { code: string } }>().error.code).toBe('BAD_INPUT');
  });

  it('maps NOT_FOUND to 404', async () => {
    const missing = await apiRequest(port, 'discrepancies.get', { id: 999_999 }, bearer);
    expect(missing.status).toBe(404);
    expect(missing.json<{ error: { code: string } }>().error.code).toBe('NOT_FOUND');
    const unknown = await apiRequest(port, 'study.drop', {}, bearer);
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'unknown API method study.drop' },
    });
  });

  it('takes only POSTed JSON of a sane size', async () => {
    expect((await rawRequest(port, { path: '/api/study.info', headers: bearer })).status).toBe(405);
    const form = await rawRequest(port, {
      method: 'POST',
      path: '/api/study.info',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...bearer },
      body: 'a=1',
    });
    expect(form.status).toBe(400);
    const text = await rawRequest(port, {
      method: 'POST',
      path: '/api/study.info',
      headers: { 'content-type': 'text/plain', ...bearer },
      body: '{}',
    });
    expect(text.status).toBe(400);
    const broken = await rawRequest(port, {
      method: 'POST',
      path: '/api/study.info',
      headers: { 'content-type': 'application/json', ...bearer },
      body: '{',
    });
    expect(broken.status).toBe(400);
    expect(broken.json<{ error: { message: string } }>().error.message).toBe(
      'study.info: the request is not valid JSON',
    );
    const big = await apiRequest(
      port,
      'discrepancies.setStatus',
      { ids: Array.from({ length: 5000 }, (_, i) => i + 1), status: 'CLOSED', reason: 'x' },
      bearer,
    );
    expect(big.status).toBe(400);
    expect(big.json<{ error: { message: string } }>().error.message).toMatch(/larger than 16384 bytes/);
  });

  it('maps LOCKED to 409, and hands out the snapshot files a lock through it wrote', async () => {
    const snapshotDir = path.join(dir, 'snapshots', 'cut-1');
    fs.mkdirSync(path.dirname(snapshotDir));
    const lock = await apiRequest(
      port,
      'cuts.lock',
      { name: 'Cut 1', reason: 'test', snapshotDir, force: true },
      bearer,
    );
    expect(lock.status, lock.text).toBe(200);
    const { snapshot } = lock.json<{ snapshot: { dir: string; files: { path: string }[] } }>();
    expect(snapshot.files.length).toBeGreaterThan(0);

    const raise = await apiRequest(
      port,
      'queries.raise',
      { subjectId: 'S01-001', form: 'DM', recordKey: 'S01-001', field: 'AGE', message: 'check' },
      bearer,
    );
    expect(raise.status).toBe(409);
    expect(raise.json<{ error: { code: string } }>().error.code).toBe('LOCKED');

    const written = path.resolve(snapshot.dir, snapshot.files[0]!.path);
    const download = await rawRequest(port, {
      path: `/download?path=${encodeURIComponent(written)}`,
      headers: bearer,
    });
    expect(download.status).toBe(200);
    expect(download.headers['content-disposition']).toContain(
      `attachment; filename="${path.basename(written)}"`,
    );
    expect(download.headers['content-type']).toBe('application/octet-stream');
    expect(download.headers['cache-control']).toBe('no-store');
    expect(Number(download.headers['content-length'])).toBe(fs.statSync(written).size);

    const unlock = await apiRequest(port, 'cuts.unlock', { reason: 'go on cleaning' }, bearer);
    expect(unlock.status).toBe(200);
  });

  it('refuses to download any file the server did not write', async () => {
    const uploaded = (await upload('notes.csv', 'a,b\n')).json<{ path: string }>().path;
    for (const file of [
      studyFile,
      '/etc/passwd',
      uploaded,
      path.join(dir, 'snapshots'),
      'relative/file.csv',
      `${dir}/snapshots/cut-1/../../study.db`,
    ]) {
      const response = await rawRequest(port, {
        path: `/download?path=${encodeURIComponent(file)}`,
        headers: bearer,
      });
      expect(response.status, file).toBe(404);
      expect(response.json<{ error: { message: string } }>().error.message).toBe(
        'not a file this server wrote',
      );
    }
    expect((await rawRequest(port, { path: '/download', headers: bearer })).status).toBe(404);
  });
});

describe('the browser-mode server: uploads', () => {
  it('keeps a dropped folder as a folder, one drop in one folder', async () => {
    const first = await upload('S01_20260101/DM.csv', 'SUBJID,SITEID\nS01-001,S01\n');
    expect(first.status).toBe(200);
    const result = first.json<{ upload: string; folder: string; path: string; bytes: number }>();
    expect(result.path).toBe(path.join(result.folder, 'S01_20260101', 'DM.csv'));
    expect(result.bytes).toBe(26);
    expect(result.folder.startsWith(mode.server.uploadDir)).toBe(true);
    const second = await upload('S01_20260101/AE.csv', 'SUBJID\n', result.upload);
    expect(second.json<{ folder: string }>().folder).toBe(result.folder);
    expect(fs.readdirSync(path.join(result.folder, 'S01_20260101')).sort()).toEqual(['AE.csv', 'DM.csv']);
    // The folder is what imports.preview is given: the core reads the uploaded files there. The
    // answer names the file as it was dropped, never the server's temporary folder.
    const preview = await apiRequest(
      port,
      'imports.preview',
      { paths: [path.join(result.folder, 'S01_20260101')] },
      bearer,
    );
    expect(preview.status).toBe(400);
    const message = preview.json<{ error: { message: string } }>().error.message;
    expect(message).toMatch(/^S01_20260101\/AE\.csv: required columns .* missing \(form AE\)$/);
    expect(message).not.toContain(mode.server.uploadDir);
  });

  it('refuses names that would leave the folder', async () => {
    for (const name of [
      '../evil.csv',
      'a/../../evil.csv',
      '/etc/evil.csv',
      '\\\\server\\share\\x.csv',
      'C:\\evil.csv',
      'C:evil.csv',
      'a/./b.csv',
      'a//b.csv',
      '..',
      'a\u0000b.csv',
    ]) {
      const response = await upload(name, 'x');
      expect(response.status, JSON.stringify(name)).toBe(400);
      expect(response.json<{ error: { code: string } }>().error.code).toBe('BAD_INPUT');
    }
    expect(fs.existsSync(path.join(path.dirname(mode.server.uploadDir), 'evil.csv'))).toBe(false);
    expect(fs.existsSync('/etc/evil.csv')).toBe(false);
  });

  it('refuses a file over the limit and leaves nothing of it behind', async () => {
    const response = await upload('big.csv', Buffer.alloc(UPLOAD_FILE_LIMIT + 1, 0x41));
    expect(response.status).toBe(400);
    expect(response.json<{ error: { message: string } }>().error.message).toMatch(/larger than/);
    const leftovers = fs
      .readdirSync(mode.server.uploadDir, { recursive: true })
      .map(String)
      .filter((f) => f.includes('big.csv'));
    expect(leftovers).toEqual([]);
  });

  it('refuses an upload id of another run, and bodies that a form could send', async () => {
    expect((await upload('a.csv', 'x', 'not-an-upload')).status).toBe(404);
    expect((await upload('a.csv', 'x', undefined, 'multipart/form-data; boundary=x')).status).toBe(400);
    expect((await upload('a.csv', 'x', undefined, 'text/plain')).status).toBe(400);
  });
});

describe('the browser-mode server: progress and the workspace', () => {
  it('streams the progress of a long call as Server-Sent Events', async () => {
    const events: string[] = [];
    const request = http.get({
      host: '127.0.0.1',
      port,
      path: '/events',
      headers: { host: `127.0.0.1:${port}`, ...cookie },
    });
    const response = await new Promise<http.IncomingMessage>((resolve) => request.on('response', resolve));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/event-stream');
    expect(response.headers['cache-control']).toBe('no-store');
    response.on('data', (chunk: Buffer) => events.push(chunk.toString()));
    const run = await apiRequest(port, 'checks.run', {}, bearer);
    expect(run.status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    request.destroy();
    const progress = events
      .join('')
      .split('\n\n')
      .filter((e) => e.startsWith('event: progress'));
    expect(progress.length).toBeGreaterThan(0);
    const first = JSON.parse(progress[0]!.split('\ndata: ')[1]!) as {
      method: string;
      message: string;
      callId: number;
    };
    expect(first.method).toBe('checks.run');
    expect(typeof first.callId).toBe('number');
  });

  it('says which study is open and where its files may go', async () => {
    const state = (await apiRequest(port, 'workspace.current', {}, bearer)).json();
    expect(state).toEqual({
      mode: 'browser',
      file: studyFile,
      study: expect.objectContaining({ code: 'NIPMS-POM-KR-001' }),
      canSwitch: true,
      outputDir: path.join(dir, 'study-files'),
    });
    expect(fs.statSync(path.join(dir, 'study-files')).isDirectory()).toBe(true);
  });

  it('opens and creates studies only by a full path, never over an existing file', async () => {
    const refusals: [string, unknown][] = [
      ['workspace.open', {}],
      ['workspace.open', { file: 'study.db' }],
      ['workspace.open', { file: path.join(dir, 'nothing.db') }],
      ['workspace.open', { file: path.join(dir, 'snapshots') }],
      ['workspace.create', { file: studyFile }],
      ['workspace.create', { file: path.join(dir, 'new.txt') }],
      ['workspace.create', { file: path.join(dir, 'no-such-folder', 'new.db') }],
      ['workspace.create', { file: path.join(dir, 'new.db'), studyFile: '/etc/passwd' }],
    ];
    for (const [method, input] of refusals) {
      const response = await apiRequest(port, method, input, bearer);
      expect(response.status, `${method} ${JSON.stringify(input)}`).toBe(400);
    }
    const notAStudy = path.join(dir, 'not-a-study.db');
    fs.writeFileSync(notAStudy, 'hello');
    const open = await apiRequest(port, 'workspace.open', { file: notAStudy }, bearer);
    expect(open.status).toBe(400);
    expect((await apiRequest(port, 'workspace.current', {}, bearer)).json<{ file: string }>().file).toBe(
      studyFile,
    );

    const second = path.join(dir, 'second.db');
    const created = await apiRequest(port, 'workspace.create', { file: second }, bearer);
    expect(created.status).toBe(200);
    expect(created.json()).toMatchObject({
      file: second,
      cancelled: false,
      outputDir: path.join(dir, 'second-files'),
    });
    expect((await apiRequest(port, 'study.info', {}, bearer)).json<{ file: string }>().file).toBe(second);
    const recent = (await apiRequest(port, 'workspace.recent', {}, bearer)).json<{ file: string }[]>();
    expect(recent.map((r) => r.file)).toEqual([second, studyFile]);
    expect((await apiRequest(port, 'workspace.open', { file: studyFile }, bearer)).status).toBe(200);
    expect((await apiRequest(port, 'study.info', {}, bearer)).json<{ file: string }>().file).toBe(studyFile);
  });

  it('`serve --no-switch` keeps the page on its study', async () => {
    const fixed = await startBrowserMode({ studyFile, user: 'u', rendererDir: null, allowSwitch: false });
    try {
      const auth = { authorization: `Bearer ${fixed.server.token}` };
      const response = await apiRequest(
        fixed.server.port,
        'workspace.open',
        { file: path.join(dir, 'second.db') },
        auth,
      );
      expect(response.status).toBe(409);
      expect(
        (await apiRequest(fixed.server.port, 'workspace.current', {}, auth)).json<{ canSwitch: boolean }>()
          .canSwitch,
      ).toBe(false);
    } finally {
      await fixed.close();
    }
  });
});
