#!/usr/bin/env node
// better-sqlite3 for Electron, for `npm start` only, WITHOUT touching node_modules/better-sqlite3 (the
// command line and the tests need that one built for Node). A copy is rebuilt against the installed
// Electron in node_modules/.cache/cdm-electron-native/<electron version>/, and the Electron bundles
// load it from there (scripts/build-electron.mjs --native-dir). Packaging does it differently:
// `electron-builder install-app-deps` rebuilds in place (scripts/package.mjs restores it afterwards).
// The rebuild needs Electron's headers (downloaded once from electronjs.org) and a C++ toolchain,
// unless a prebuilt binary can be fetched.
import process from 'node:process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** The installed Electron binary, from node_modules/electron/path.txt (never require('electron'): it may download). */
export function electronBinary() {
  const pathTxt = path.join(root, 'node_modules/electron/path.txt');
  if (!fs.existsSync(pathTxt)) return null;
  const binary = path.join(root, 'node_modules/electron/dist', fs.readFileSync(pathTxt, 'utf8').trim());
  return fs.existsSync(binary) ? binary : null;
}

export async function ensureElectronNative({ log = (m) => process.stderr.write(`${m}\n`) } = {}) {
  const electronVersion = readJson(path.join(root, 'node_modules/electron/package.json')).version;
  const source = path.join(root, 'node_modules/better-sqlite3');
  const sqliteVersion = readJson(path.join(source, 'package.json')).version;
  const dir = path.join(
    root,
    'node_modules/.cache/cdm-electron-native',
    `electron-${electronVersion}-better-sqlite3-${sqliteVersion}`,
  );
  const binary = path.join(dir, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
  if (fs.existsSync(binary)) return dir;

  log(
    `building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (once) in ${path.relative(root, dir)}`,
  );
  const building = `${dir}.building-${process.pid}`;
  fs.rmSync(building, { recursive: true, force: true });
  fs.mkdirSync(path.join(building, 'node_modules'), { recursive: true });
  fs.cpSync(source, path.join(building, 'node_modules/better-sqlite3'), {
    recursive: true,
    filter: (file) => !file.includes(`${path.sep}build${path.sep}`) && !file.endsWith(`${path.sep}build`),
  });
  fs.writeFileSync(
    path.join(building, 'package.json'),
    JSON.stringify(
      { name: 'cdm-electron-native', private: true, dependencies: { 'better-sqlite3': sqliteVersion } },
      null,
      2,
    ),
  );
  const { rebuild } = await import('@electron/rebuild');
  try {
    await rebuild({ buildPath: building, electronVersion, onlyModules: ['better-sqlite3'], force: true });
  } catch (error) {
    fs.rmSync(building, { recursive: true, force: true });
    throw new Error(
      `could not build better-sqlite3 for Electron ${electronVersion}: ${error.message}\n` +
        '(it needs the Electron headers from electronjs.org or a prebuilt binary, and a C++ toolchain; ' +
        'without them use the browser mode: npm start -- --browser)',
      { cause: error },
    );
  }
  if (!fs.existsSync(path.join(building, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'))) {
    fs.rmSync(building, { recursive: true, force: true });
    throw new Error('the rebuild of better-sqlite3 for Electron produced no binary');
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(building, dir);
  return dir;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${await ensureElectronNative()}\n`);
}
