import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread on a module of this code base. From sources (tsx, vitest) the module is
 * TypeScript and tsx must be loaded in the thread first; in a build it is a bundle of its own,
 * beside the bundle that starts it.
 */
export function startWorkerThread(file: string, options: WorkerOptions = {}): Worker {
  if (!file.endsWith('.ts')) return new Worker(file, options);
  return new Worker(tsxBootstrap(file), { ...options, eval: true });
}

function tsxBootstrap(workerFile: string): string {
  const require = createRequire(import.meta.url);
  const tsxDir = path.dirname(require.resolve('tsx/package.json'));
  const exportsMap = (
    JSON.parse(fs.readFileSync(path.join(tsxDir, 'package.json'), 'utf8')) as {
      exports: Record<string, { import: { default: string } }>;
    }
  ).exports;
  const api = pathToFileURL(path.join(tsxDir, exportsMap['./esm/api']!.import.default)).href;
  const worker = pathToFileURL(workerFile).href;
  return `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(worker)}); })
    .catch((error) => { console.error(error); process.exit(70); });`;
}
