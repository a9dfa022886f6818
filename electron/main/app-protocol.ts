import fs from 'node:fs/promises';
import { protocol } from 'electron';
import { contentTypeOf, rendererFile } from '../host/renderer-files';
import { APP_HOST, APP_RESPONSE_HEADERS, APP_SCHEME } from './window-options';

/**
 * Serves the built renderer on cdm-app://app/ with the app's CSP on every answer. Nothing outside
 * the renderer folder can be named (see rendererFile).
 */
export function registerAppProtocol(rendererDir: string | null): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const text = (status: number, body: string) =>
      new Response(body, {
        status,
        headers: { ...APP_RESPONSE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
      });
    if (url.host !== APP_HOST) return text(404, 'not found');
    if (rendererDir === null)
      return text(503, 'The window of the workstation is not built: run `npm run build` and start again.');
    const file = rendererFile(rendererDir, url.pathname);
    if (!file) return text(404, 'not found');
    const body = await fs.readFile(file);
    return new Response(body, {
      status: 200,
      headers: { ...APP_RESPONSE_HEADERS, 'Content-Type': contentTypeOf(file) },
    });
  });
}
