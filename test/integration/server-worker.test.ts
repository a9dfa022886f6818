import en from '../../renderer/src/i18n/en.json';
import type { ProgressEvent } from '../../shared/api/workspace';
import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudy } from '../../electron/core/api/open-study';
import { generateStudy } from '../../tools/generator/compose/generate-study';
import { loadStudyDefinition } from '../../electron/core/study/load-definition';
import { startBrowserMode, type BrowserMode } from '../../electron/server/browser-mode';
import { apiRequest, rawRequest } from '../helpers/http-request';
import { tempDir } from '../helpers/study-builder';

/**
 * A big import runs in the study worker, not on the server's event loop: while a delivery of site
 * exports is imported through the API, the server (in this very process) keeps answering at once.
 */

let dir: string;
let mode: BrowserMode;
let exportsDir: string;

beforeAll(async () => {
  dir = tempDir('cdm-server-worker-');
  const definition = loadStudyDefinition();
  exportsDir = path.join(dir, 'exports');
  await generateStudy({ outDir: exportsDir, seed: 11, subjects: 160, sites: 4, rounds: 1, definition });
  const studyFile = path.join(dir, 'study.db');
  createStudy(studyFile, definition, 'tester', new Date('2026-01-01T00:00:00Z')).close();
  const rendererDir = path.join(dir, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><div id="root"></div>');
  mode = await startBrowserMode({ studyFile, user: 'tester', rendererDir });
});

afterAll(async () => {
  await mode?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the study worker', () => {
  it('keeps the server responsive during an import, and reports its progress', async () => {
    const { port, token } = mode.server;
    const auth = { authorization: `Bearer ${token}` };
    const progress: ProgressEvent[] = [];
    const stop = mode.workspace.onProgress((event) => progress.push(event));
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();

    const started = Date.now();
    const importing = apiRequest(port, 'imports.batch', { dir: path.join(exportsDir, 'round-1') }, auth);
    let finished = false;
    void importing.then(() => (finished = true));
    const latencies: number[] = [];
    while (!finished) {
      const t0 = performance.now();
      const page = await rawRequest(port, { path: '/', headers: auth });
      expect(page.status).toBe(200);
      latencies.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 20));
    }
    const response = await importing;
    const importMs = Date.now() - started;
    delay.disable();
    stop();

    expect(response.status, response.text).toBe(200);
    const items = response.json<{ path: string; error?: string }[]>();
    expect(items.length).toBeGreaterThan(0);
    expect(items.filter((i) => i.error)).toEqual([]);
    // The server answered many times while the import ran, each time quickly.
    expect(latencies.length).toBeGreaterThan(3);
    expect(Math.max(...latencies)).toBeLessThan(Math.max(250, importMs / 4));
    expect(delay.max / 1e6).toBeLessThan(250);
    // Progress came by message from the worker, with n of m for a progress bar.
    expect(progress.some((p) => p.total === items.length && p.done === 1)).toBe(true);
    // ... and as notes the window words in its language, each with every value its words name.
    const keys = new Set(progress.flatMap((p) => (p.note ? [p.note.key] : [])));
    expect([...keys].sort()).toEqual(['coding', 'comparing', 'siteExport', 'writingSite']);
    for (const p of progress) {
      if (!p.note) continue;
      const words = (en as { progress: Record<string, string> }).progress[p.note.key]!;
      const named = [...words.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!);
      expect(Object.keys(p.note.values ?? {}).sort(), p.note.key).toEqual([...new Set(named)].sort());
    }
  });
});
