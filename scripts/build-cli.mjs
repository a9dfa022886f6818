#!/usr/bin/env node
// Bundles the command line into dist/cli (one ES module, plus the custom-check process beside it),
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
      format: 'esm',
      // What a command loads on demand (the import's readers, the xlsx and Excel libraries, the
      // server) stays in chunks of its own, loaded when used: `check` does not load the xlsx reader.
      splitting: true,
      target: 'node20',
      plugins: [packages],
      // The bundled CommonJS packages require Node's own modules.
      banner: {
        js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);",
      },
      metafile: true,
      logLevel: 'warning',
    });
    // This script is an input too: a new entry point must rebuild bundles made before it; so is the
    // lock file: a new version of a bundled package must rebuild them too.
    const inputs = [
      'scripts/build-cli.mjs',
      'package-lock.json',
      ...Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/')),
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
