#!/usr/bin/env node
// npm run package [-- --linux|--win|--mac ...]: the installers, in release/.
//  1. `electron-builder install-app-deps`: rebuild better-sqlite3 in node_modules for Electron
//     (explicitly here, never in a postinstall);
//  2. build the renderer (vite) and the Electron bundles (esbuild, minified);
//  3. electron-builder with electron-builder.yml (AppImage, NSIS, dmg), extra arguments passed on;
//  4. always: put back the better-sqlite3 binary built for Node (saved before step 1), so the command
//     line and the tests work again without a rebuild or a download.
import process from 'node:process';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as viteBuild } from 'vite';
import { buildElectron } from './build-electron.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const nodeBinary = path.join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
const saved = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdm-package-')), 'better_sqlite3.node');

function run(command, args) {
  process.stderr.write(`> ${command} ${args.join(' ')}\n`);
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal})`);
}

let failed = false;
fs.copyFileSync(nodeBinary, saved);
try {
  run(npx, ['electron-builder', 'install-app-deps']);
  await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
  await buildElectron({ minify: true });
  run(npx, ['electron-builder', '--config', 'electron-builder.yml', ...process.argv.slice(2)]);
} catch (error) {
  failed = true;
  process.stderr.write(`error: ${error.message}\n`);
} finally {
  fs.copyFileSync(saved, nodeBinary);
  fs.rmSync(path.dirname(saved), { recursive: true, force: true });
  process.stderr.write('better-sqlite3 is built for Node again (the command line and the tests use it)\n');
}
process.exitCode = failed ? 1 : 0;
