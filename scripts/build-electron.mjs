#!/usr/bin/env node
// Bundles the Electron side into dist/electron (CommonJS; dist/electron/package.json says so):
//   main/main.js                 the shell (electron/main/main.ts)
//   main/study-worker.js         the study API worker (electron/host/study-worker.ts), beside main.js
//   main/custom-check-worker.js  the custom-check process, beside the bundle that forks it
//   main/import-worker.js        a thread preparing the next site exports of a delivery
//   main/check-worker.js         a thread running some checks of a check run beside the others
//   preload/preload.js           the sandboxed preload (no module loader there: one self-contained file)
// better-sqlite3 and electron stay external. `import.meta.url` becomes the bundle's own URL, so the
// code that finds files beside itself (workers, dist/renderer, resources/) works the same as from sources.
//
// --native-dir DIR: load better-sqlite3 from DIR/node_modules/better-sqlite3 (a copy rebuilt for
// Electron, made by scripts/electron-native.mjs) instead of node_modules (built for Node).
import process from 'node:process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist/electron');

export async function buildElectron({ nativeDir = null, minify = false } = {}) {
  fs.rmSync(outdir, { recursive: true, force: true });
  fs.mkdirSync(outdir, { recursive: true });
  // The repository is "type": "module"; these bundles are CommonJS.
  fs.writeFileSync(path.join(outdir, 'package.json'), '{ "type": "commonjs" }\n');

  const betterSqlite = nativeDir ? path.join(nativeDir, 'node_modules', 'better-sqlite3') : null;
  const nativePlugin = {
    name: 'native-modules',
    setup(b) {
      b.onResolve({ filter: /^better-sqlite3$/ }, () => ({
        path: betterSqlite ?? 'better-sqlite3',
        external: true,
      }));
    },
  };
  const common = {
    bundle: true,
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    minify,
    logLevel: 'warning',
    absWorkingDir: root,
    define: { 'import.meta.url': '__bundleUrl' },
    banner: { js: 'const __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  };
  await build({
    ...common,
    platform: 'node',
    entryPoints: {
      'main/main': 'electron/main/main.ts',
      'main/study-worker': 'electron/host/study-worker.ts',
      'main/custom-check-worker': 'electron/core/db/custom-check-worker.ts',
      'main/import-worker': 'electron/core/import/prepare-worker.ts',
      'main/check-worker': 'electron/core/checks/check-helper-worker.ts',
    },
    outdir,
    external: ['electron'],
    plugins: [nativePlugin],
  });
  await build({
    ...common,
    platform: 'browser',
    entryPoints: { 'preload/preload': 'electron/preload/preload.ts' },
    outdir,
    external: ['electron'],
    // A sandboxed preload has `require` for a few Electron modules only; no __filename either.
    define: {},
    banner: {},
  });
  return outdir;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--native-dir');
  const out = await buildElectron({
    nativeDir: i > 0 ? path.resolve(process.argv[i + 1]) : null,
    minify: process.argv.includes('--minify'),
  });
  process.stderr.write(`built ${path.relative(root, out)}\n`);
}
