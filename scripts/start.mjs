#!/usr/bin/env node
// npm start [-- STUDY.db] [--browser] [--port N]
// Opens the workstation on STUDY.db, or on the demo study (generated, imported and checked once,
// kept in the user's cache folder). With the Electron binary installed (node_modules/electron/path.txt)
// it builds and launches the desktop app; otherwise, or with --browser, it builds the renderer and
// starts the browser mode (`cdm serve`), which prints the URL to open.
import process from 'node:process';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';
import { build as viteBuild } from 'vite';
import { buildElectron } from './build-electron.mjs';
import { electronBinary, ensureElectronNative } from './electron-native.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv) {
  const options = { study: undefined, browser: false, port: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--browser') options.browser = true;
    else if (arg === '--port') options.port = argv[++i];
    else if (arg.startsWith('--port=')) options.port = arg.slice('--port='.length);
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write('usage: npm start [-- STUDY.db] [--browser] [--port N]\n');
      process.exit(0);
    } else if (!arg.startsWith('-') && options.study === undefined) options.study = arg;
    else {
      process.stderr.write(`error: unknown argument ${arg}\n`);
      process.exit(2);
    }
  }
  return options;
}

async function studyFile(given) {
  if (given !== undefined) {
    if (/^postgres(ql)?:\/\//i.test(given)) return given; // team mode: a study on a PostgreSQL server
    const file = path.resolve(given);
    if (!fs.existsSync(file)) {
      process.stderr.write(
        `error: ${file}: no such study database (create one with: npm run -s cli -- init ${given})\n`,
      );
      process.exit(1);
    }
    return file;
  }
  register();
  const { ensureDemoStudy } = await import('./demo-study.ts');
  return ensureDemoStudy();
}

async function buildRenderer() {
  process.stderr.write('building the window (vite build)\n');
  await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
}

/** Runs a child with our stdio; passes Ctrl+C on and ends with its exit code. */
function run(command, args, env = process.env) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
}

const options = parseArgs(process.argv.slice(2));
const study = await studyFile(options.study);
await buildRenderer();

const electron = options.browser ? null : electronBinary();
if (electron) {
  const nativeDir = await ensureElectronNative();
  await buildElectron({ nativeDir });
  process.stderr.write(`starting the desktop app on ${study}\n`);
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  run(electron, ['.', '--study', study], env);
} else {
  if (!options.browser) {
    process.stderr.write(
      'Electron binary not present (node_modules/electron/path.txt missing): starting the browser mode instead\n',
    );
  }
  const args = [path.join(root, 'bin/cdm.js'), 'serve', study];
  if (options.port) args.push('--port', String(options.port));
  run(process.execPath, args);
}
