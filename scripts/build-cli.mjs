#!/usr/bin/env node
// Bundles the command line into dist/cli (one CommonJS file, plus the workers beside it),
// so that it starts in a fraction of a second instead of compiling TypeScript at every run.
// bin/cdm.js rebuilds it by itself whenever a source file is newer than the bundle.
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_DIR = path.join(root, 'dist/cli');

// The pure-JS packages every command loads go into the bundle: one file to compile (and to cache)
// instead of about a hundred modules (zod's) to resolve and read at every start. Every other
// package is loaded from node_modules at run time (better-sqlite3 is native; the others load only
// when used).
const BUNDLED_PACKAGES = new Set(['zod', 'commander', 'papaparse']);

const packageName = (specifier) => specifier.split('/', specifier.startsWith('@') ? 2 : 1).join('/');

const packages = {
  name: 'packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, ({ path: specifier, kind }) => {
      if (kind === 'entry-point' || BUNDLED_PACKAGES.has(packageName(specifier))) return undefined;
      // import() of a package left outside becomes a require() of it (they are CommonJS): a script
      // run from V8's code cache (bin/run-bundle.js) loses what import() needs.
      if (kind === 'dynamic-import') return { path: specifier, namespace: 'required-package' };
      return { path: specifier, external: true };
    });
    b.onLoad({ filter: /.*/, namespace: 'required-package' }, ({ path: specifier }) => ({
      contents: `module.exports = require(${JSON.stringify(specifier)});`,
      loader: 'js',
    }));
    // zod's translations of its own error messages (half of its code): no door uses them (our
    // messages are our own), and z.locales is empty in the command line.
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({
      contents: 'export {};',
      loader: 'js',
    }));
  },
};

export async function buildCli() {
  const staging = fs.mkdtempSync(path.join(root, 'dist', '.cli-'));
  try {
    const result = await build({
      absWorkingDir: root,
      entryPoints: {
        cdm: 'electron/cli/main.ts',
        // Beside the code that starts them, as the bundled code looks for them.
        'custom-check-worker': 'electron/core/db/custom-check-worker.ts',
        'study-worker': 'electron/host/study-worker.ts',
        'import-worker': 'electron/core/import/prepare-worker.ts',
        'check-worker': 'electron/core/checks/check-helper-worker.ts',
      },
      outdir: staging,
      bundle: true,
      platform: 'node',
      // CommonJS, one file an entry: bin/cdm.js runs it with V8's code cache (bin/run-bundle.js),
      // which Node 20 offers to scripts, not to ES modules. What a command loads on demand (the
      // import's readers, the xlsx and Excel libraries, the server) is still only compiled and run
      // when used: `check` does not run the xlsx reader.
      format: 'cjs',
      target: 'node20',
      plugins: [packages],
      // `import.meta.url` becomes the bundle's own URL (as in the Electron bundles), so the code
      // that finds files beside itself (workers, resources/) works as from sources.
      define: { 'import.meta.url': '__bundleUrl' },
      banner: { js: 'const __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
      metafile: true,
      logLevel: 'warning',
    });
    // This script is an input too: a new entry point must rebuild bundles made before it; so is the
    // lock file: a new version of a bundled package must rebuild them too.
    const inputs = [
      'scripts/build-cli.mjs',
      'package-lock.json',
      // (Not the stand-ins the plugin makes, `required-package:NAME`: no file.)
      ...Object.keys(result.metafile.inputs).filter(
        (f) => !f.startsWith('node_modules/') && !f.startsWith('required-package:'),
      ),
    ];
    fs.writeFileSync(path.join(staging, 'inputs.json'), JSON.stringify(inputs));
    // The repository is "type": "module"; these bundles are CommonJS (workers are started by file).
    fs.writeFileSync(path.join(staging, 'package.json'), '{ "type": "commonjs" }\n');
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
