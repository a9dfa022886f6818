import { expect, type Page } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The renderer the e2e tests serve: dist/renderer, built once per run with the project's Vite
 * config; CDM_RENDERER_DIR points at another build instead (and skips the build).
 */
export async function builtRenderer(): Promise<string> {
  if (process.env.CDM_RENDERER_DIR) return path.resolve(process.env.CDM_RENDERER_DIR);
  const out = path.join(root, 'dist/renderer');
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'error' });
  if (!fs.existsSync(path.join(out, 'index.html')))
    throw new Error('vite build wrote no dist/renderer/index.html');
  return out;
}

/** Runs `cdm ...args` and waits; throws with its stderr when it fails. */
export function cdm(...args: string[]): string {
  const run = spawnSync(process.execPath, [path.join(root, 'bin/cdm.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`cdm ${args.join(' ')} failed: ${run.stderr}`);
  return run.stdout;
}

export interface ServedStudy {
  url: string;
  port: number;
  origin: string;
  dir: string;
  stop(): Promise<void>;
}

/**
 * `cdm init` then `cdm serve` as a person would run them; resolves with the URL it printed.
 * `prepare` runs in between (e.g. imports with the command line) on the new study database.
 */
export async function serveStudy(
  rendererDir: string,
  options: { prepare?: (db: string, dir: string) => void } = {},
): Promise<ServedStudy> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdm-e2e-'));
  const db = path.join(dir, 'study.db');
  await new Promise<void>((resolve, reject) => {
    const init = spawn(process.execPath, [path.join(root, 'bin/cdm.js'), 'init', db], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    init.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    init.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`cdm init failed: ${stderr}`))));
  });
  options.prepare?.(db, dir);
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'bin/cdm.js'), 'serve', db], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CDM_RENDERER_DIR: rendererDir },
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`cdm serve printed no URL in time: ${stderr}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const line = stdout.split('\n').find((l) => l.startsWith('http://'));
      if (line) {
        clearTimeout(timer);
        resolve(line.trim());
      }
    });
    child.on('exit', (code) => reject(new Error(`cdm serve ended (${code}): ${stderr}`)));
  });
  const parsed = new URL(url);
  return {
    url,
    port: Number(parsed.port),
    origin: parsed.origin,
    dir,
    async stop() {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Opens the study with its token, waits for the app's first screen, then goes to `route`. */
export async function openAt(page: Page, served: ServedStudy, route: string): Promise<void> {
  await page.goto(served.url);
  await expect(page).toHaveURL(/#\/dashboard$/, { timeout: 30_000 });
  await page.goto(`${served.origin}/#${route}`);
}
