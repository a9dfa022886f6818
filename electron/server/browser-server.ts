import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { isApiMethod } from '../../shared/api/contract';
import type { ApiErrorBody, ApiErrorCode } from '../../shared/api/errors';
import { API_PATH, DOWNLOAD_PATH, EVENTS_PATH, TOKEN_QUERY, UPLOAD_PATH } from '../../shared/api/transport';
import { errorBody } from '../host/error-body';
import { contentTypeOf, rendererFile } from '../host/renderer-files';
import { callApi, type Workspace, type WorkspaceDoor } from '../host/workspace';
import { browserDoor } from './browser-door';
import { createDownloadRegistry } from './downloads';
import { authenticated, originRefusal, sessionCookie, tokenMatches } from './request-guard';
import { noStore, setSecurityHeaders } from './security-headers';
import { uploadPathHider, UPLOADS_PREFIX } from './upload-paths';
import { createUploadStore, DEFAULT_UPLOAD_LIMITS, type UploadLimits } from './uploads';
import { StudyError } from '../core/api';

/**
 * Browser mode: the app served on 127.0.0.1 only, to the holder of a per-run token. The study API
 * runs in the workspace's worker, so a long import never blocks this server. See
 * shared/api/transport.ts for the routes.
 */
export interface BrowserServerOptions {
  workspace: Workspace;
  /** The built renderer (dist/renderer); null: the API only, and `/` says how to build it. */
  rendererDir: string | null;
  /** 0 (default): a free port chosen by the system. */
  port?: number;
  /** The per-run folder for uploads (default: a new temporary folder, removed at close). */
  uploadDir?: string;
  uploadLimits?: UploadLimits;
  /** Largest JSON request of the API. */
  apiBodyBytes?: number;
  door?: WorkspaceDoor;
}

export interface BrowserServer {
  readonly port: number;
  readonly token: string;
  /** What to open: the token travels once, then lives in an HttpOnly cookie. */
  readonly url: string;
  readonly uploadDir: string;
  /** null: the renderer is not built; the API is served anyway. */
  readonly rendererDir: string | null;
  close(): Promise<void>;
}

export const DEFAULT_API_BODY_BYTES = 8 * 1024 * 1024;
const SSE_KEEPALIVE_MS = 20_000;

const STATUS_OF: Record<ApiErrorCode, number> = {
  BAD_INPUT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  BLOCKED: 409,
  LOCKED: 409,
  NEWER_DATABASE: 409,
  FORBIDDEN: 403,
  INTERNAL: 500,
};

export function httpStatusOf(code: ApiErrorCode): number {
  return STATUS_OF[code];
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  noStore(response);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}

function sendError(response: ServerResponse, error: ApiErrorBody): void {
  sendJson(response, httpStatusOf(error.code), { error });
}

function sendText(
  response: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  noStore(response);
  response.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

class BodyTooLarge extends Error {}

async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? NaN);
  if (declared > limit) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function mediaType(request: IncomingMessage): string {
  return (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

function contentDisposition(file: string): string {
  const name = path.basename(file);
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const { workspace, rendererDir } = options;
  const door = options.door ?? browserDoor;
  const token = randomBytes(32).toString('base64url');
  const uploadDir = options.uploadDir ?? fs.mkdtempSync(path.join(os.tmpdir(), UPLOADS_PREFIX));
  const hideUploads = uploadPathHider(uploadDir);
  const uploads = createUploadStore(uploadDir, options.uploadLimits ?? DEFAULT_UPLOAD_LIMITS);
  const downloads = createDownloadRegistry();
  const apiBodyBytes = options.apiBodyBytes ?? DEFAULT_API_BODY_BYTES;
  const eventStreams = new Set<ServerResponse>();
  let port = 0;

  const handleApi = async (request: IncomingMessage, response: ServerResponse, method: string) => {
    if (request.method !== 'POST')
      return sendText(response, 405, 'the API answers POST only', { Allow: 'POST' });
    if (!isApiMethod(method))
      return sendError(response, { code: 'NOT_FOUND', message: `unknown API method ${method}` });
    // JSON only: a page of another origin cannot send it without a preflight, which is never granted.
    if (mediaType(request) !== 'application/json')
      return sendError(response, {
        code: 'BAD_INPUT',
        message: 'send the request as JSON (Content-Type: application/json)',
      });
    let input: unknown;
    try {
      const body = await readBody(request, apiBodyBytes);
      input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        response.setHeader('Connection', 'close');
        return sendError(response, {
          code: 'BAD_INPUT',
          message: `${method}: the request is larger than ${apiBodyBytes} bytes`,
        });
      }
      return sendError(response, { code: 'BAD_INPUT', message: `${method}: the request is not valid JSON` });
    }
    try {
      const output = await callApi(workspace, door, method, input);
      downloads.noteResult(method, output);
      // The delivery's folder goes back to imports.batch as it is: the window never shows it.
      sendJson(response, 200, method === 'imports.delivery' ? (output ?? null) : hideUploads(output ?? null));
    } catch (error) {
      sendError(response, hideUploads(errorBody(error, method)));
    }
  };

  const handleUpload = async (request: IncomingMessage, response: ServerResponse, url: URL) => {
    if (request.method !== 'POST') return sendText(response, 405, 'uploads are POSTed', { Allow: 'POST' });
    // Raw bytes only, for the same reason as JSON above: a form of another origin cannot send this type.
    if (mediaType(request) !== 'application/octet-stream') {
      return sendError(response, {
        code: 'BAD_INPUT',
        message: 'send the file as its raw bytes (Content-Type: application/octet-stream)',
      });
    }
    try {
      sendJson(
        response,
        200,
        await uploads.receive(request, url.searchParams.get('name'), url.searchParams.get('upload')),
      );
    } catch (error) {
      response.setHeader('Connection', 'close');
      sendError(response, errorBody(error, 'upload'));
    }
  };

  const handleDownload = (request: IncomingMessage, response: ServerResponse, url: URL) => {
    if (request.method !== 'GET') return sendText(response, 405, 'downloads are GETs', { Allow: 'GET' });
    const file = downloads.lookup(url.searchParams.get('path') ?? '');
    if (!file) return sendError(response, { code: 'NOT_FOUND', message: 'not a file this server wrote' });
    const size = fs.statSync(file).size;
    noStore(response);
    response.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': size,
      'Content-Disposition': contentDisposition(file),
    });
    fs.createReadStream(file)
      .on('error', () => response.destroy())
      .pipe(response);
  };

  const handleEvents = (request: IncomingMessage, response: ServerResponse) => {
    if (request.method !== 'GET') return sendText(response, 405, 'events are a GET', { Allow: 'GET' });
    noStore(response);
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    response.write('retry: 3000\n\n');
    const send = (event: string, data: unknown) =>
      response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    const stopProgress = workspace.onProgress((event) => send('progress', hideUploads(event)));
    const stopChange = workspace.onChange((state) => send('workspace', state));
    // Team mode: another person's change (LISTEN/NOTIFY): the window reloads what it shows.
    const stopStudyChange = workspace.onStudyChanged((by) => send('changed', { by }));
    const keepalive = setInterval(() => response.write(': keepalive\n\n'), SSE_KEEPALIVE_MS);
    eventStreams.add(response);
    const stop = () => {
      clearInterval(keepalive);
      stopProgress();
      stopChange();
      stopStudyChange();
      eventStreams.delete(response);
    };
    request.on('close', stop);
    response.on('close', stop);
  };

  const handleStatic = (request: IncomingMessage, response: ServerResponse, url: URL) => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return sendText(response, 405, 'not allowed', { Allow: 'GET, HEAD' });
    if (rendererDir === null) {
      return sendText(
        response,
        503,
        'The window of the workstation is not built: run `npm run build:renderer`, then reload. The API is served.',
      );
    }
    const file = rendererFile(rendererDir, url.pathname);
    // The browser asks for a tab icon by itself; without one in the build, answer "none" quietly.
    if (!file && url.pathname === '/favicon.ico') return sendText(response, 204, '');
    if (!file) return sendText(response, 404, 'not found');
    const size = fs.statSync(file).size;
    // index.html is fetched fresh (it names this build's assets); assets are named by their hash.
    response.setHeader(
      'Cache-Control',
      path.basename(file) === 'index.html' ? 'no-store' : 'private, max-age=3600',
    );
    response.writeHead(200, { 'Content-Type': contentTypeOf(file), 'Content-Length': size });
    if (request.method === 'HEAD') return response.end();
    fs.createReadStream(file)
      .on('error', () => response.destroy())
      .pipe(response);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    setSecurityHeaders(response);
    const refusal = originRefusal(request, port);
    if (refusal) return sendText(response, refusal.status, refusal.message);
    let url: URL;
    try {
      url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    } catch {
      return sendText(response, 400, 'bad request');
    }
    // The printed URL: trade the token for the session cookie, and take it out of the address bar.
    const offered = url.searchParams.get(TOKEN_QUERY);
    if (
      offered !== null &&
      (request.method === 'GET' || request.method === 'HEAD') &&
      !url.pathname.startsWith(API_PATH)
    ) {
      if (!tokenMatches(offered, token))
        return sendText(
          response,
          401,
          'wrong token: open the URL that cdm serve printed (a new run prints a new one)',
        );
      response.setHeader('Set-Cookie', sessionCookie(port, token));
      return sendText(response, 303, 'see /', { Location: '/' });
    }
    if (!authenticated(request, token, port)) {
      return sendText(
        response,
        401,
        'no valid token: open the URL that cdm serve printed (a new run prints a new one)',
      );
    }
    if (url.pathname.startsWith(`${API_PATH}/`))
      return handleApi(request, response, url.pathname.slice(API_PATH.length + 1));
    if (url.pathname === UPLOAD_PATH) return handleUpload(request, response, url);
    if (url.pathname === DOWNLOAD_PATH) return handleDownload(request, response, url);
    if (url.pathname === EVENTS_PATH) return handleEvents(request, response);
    return handleStatic(request, response, url);
  };

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendError(response, errorBody(error, request.url ?? 'request'));
      else response.destroy();
    });
  });
  server.requestTimeout = 0; // an upload of a large export may take long; the token keeps strangers out
  server.headersTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      uploads.dispose();
      reject(
        error.code === 'EADDRINUSE'
          ? new StudyError(
              'BAD_INPUT',
              `port ${options.port} is in use; choose another with --port, or leave it out for a free one`,
            )
          : error,
      );
    });
    // Loopback only: never 0.0.0.0, never a LAN address.
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/?${TOKEN_QUERY}=${token}`,
    uploadDir,
    rendererDir,
    async close() {
      for (const stream of eventStreams) stream.end();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      uploads.dispose();
    },
  };
}
