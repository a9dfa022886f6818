#!/usr/bin/env node
// Bundles the command line into dist/cli (one script, plus the threads and processes it starts),
// so that it starts in a fraction of a second instead of compiling TypeScript at every run.
// bin/cdm.js rebuilds it by itself whenever a source file is newer than the bundle.
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_DIR = path.join(root, 'dist/cli');

// The pure-JS packages every command loads go into the bundle: one file to compile instead of about
// a hundred modules (zod's) to resolve, read and link at every start. Every other package is loaded
// from node_modules at run time (better-sqlite3 is native; the others load only when used).
const BUNDLED_PACKAGES = new Set(['zod', 'commander', 'papaparse']);

const packageName = (specifier) => specifier.split('/', specifier.startsWith('@') ? 2 : 1).join('/');

const packages = {
  name: 'packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, ({ path: specifier, kind }) =>
      kind === 'entry-point' || BUNDLED_PACKAGES.has(packageName(specifier))
        ? undefined
        : { path: specifier, external: true },
    );
    // zod's translations of its own error messages (half of its code): no door uses them (our
    // messages are our own), and z.locales is empty in the command line.
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({
      contents: 'export {};',
      loader: 'js',
    }));
  },
};

/** What both builds share: the packages bundled or left in node_modules, Node 20. */
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  plugins: [packages],
  metafile: true,
  logLevel: 'warning',
};

/**
 * Writes the few characters beyond ASCII that esbuild leaves (in regular expressions and comments)
 * as \u escapes, which mean the same there: bin/cdm.js then reads the bundle as Latin-1, and V8
 * holds it in one byte a character, twice as fast to read as UTF-8 into two.
 */
function asciiOnlyFile(file) {
  const text = fs.readFileSync(file, 'utf8');
  const ascii = asciiOnly(text);
  if (ascii !== text) fs.writeFileSync(file, ascii);
}

export const asciiOnly = (code) =>
  code.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

export async function buildCli() {
  const staging = fs.mkdtempSync(path.join(root, 'dist', '.cli-'));
  try {
    const results = await Promise.all([
      // The command itself: one CommonJS script, which bin/cdm.js compiles with V8's code cache
      // (kept beside it), so that a command does not compile the bundle anew at every start. Node 20
      // caches no ES module's code; and one script has no chunks to resolve and link.
      build({
        ...common,
        entryPoints: { cdm: 'electron/cli/main.ts' },
        outdir: staging,
        outExtension: { '.js': '.cjs' },
        format: 'cjs',
        // import() of a package becomes require(): V8 forgets a script's dynamic-import handler
        // when the script comes from the code cache (Node 20), and every package it loads that way
        // (exceljs) is CommonJS.
        supported: { 'dynamic-import': false },
        define: { 'import.meta.url': 'importMetaUrl' },
        banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
      }),
      // The threads and processes it starts (beside it, where the bundled code looks for them).
      build({
        ...common,
        entryPoints: {
          'custom-check-worker': 'electron/core/db/custom-check-worker.ts',
          'study-worker': 'electron/host/study-worker.ts',
          'import-worker': 'electron/core/import/prepare-worker.ts',
          'check-worker': 'electron/core/checks/check-helper-worker.ts',
        },
        outdir: staging,
        format: 'esm',
        // What a thread loads on demand (the import's readers, the xlsx library) stays in chunks.
        splitting: true,
        // The bundled CommonJS packages require Node's own modules.
        banner: {
          js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);",
        },
      }),
    ]);
    asciiOnlyFile(path.join(staging, 'cdm.cjs'));
    // This script is an input too: a new entry point must rebuild bundles made before it; so is the
    // lock file: a new version of a bundled package must rebuild them too.
    const inputs = [
      'scripts/build-cli.mjs',
      'package-lock.json',
      ...new Set(
        results.flatMap((r) => Object.keys(r.metafile.inputs).filter((f) => !f.startsWith('node_modules/'))),
      ),
    ];
    fs.writeFileSync(path.join(staging, 'inputs.json'), JSON.stringify(inputs));
    // Replace the whole folder at once: concurrent runs never see half a bundle.
    const old = `${CLI_DIR}.old-${process.pid}`;
    if (fs.existsSync(CLI_DIR)) fs.renameSync(CLI_DIR, old);
    fs.renameSync(staging, CLI_DIR);
    fs.rmSync(old, { recursive: true, force: true });
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    if (!fs.existsSync(CLI_DIR) || error.code !== 'ENOTEMPTY') throw error;
  }
  return CLI_DIR;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildCli();
  process.stderr.write(`built ${path.relative(root, CLI_DIR)}\n`);
}
