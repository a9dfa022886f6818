#!/usr/bin/env node
// The command line of the workstation (npm run -s cli -- <command>). It runs a bundle of the
// sources (dist/cli), rebuilt here first whenever a source file is newer than it. CommonJS
// (bin/package.json): Node starts a CommonJS script sooner than an ES module.
const fs = require('node:fs');
const { createRequire } = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const root = path.resolve(__dirname, '..');
const bundle = path.join(root, 'dist/cli/cdm.cjs');

function bundleIsFresh() {
  try {
    const built = fs.statSync(bundle).mtimeMs;
    const inputs = JSON.parse(fs.readFileSync(path.join(root, 'dist/cli/inputs.json'), 'utf8'));
    // Joined by hand: path.join of some 330 paths, cold, would take as long as all their stats.
    return inputs.every((file) => fs.statSync(`${root}/${file}`).mtimeMs <= built);
  } catch {
    return false;
  }
}

/**
 * Runs the bundle (a CommonJS script) with V8's code cache of it, kept beside it: written at the
 * end of the first run of a build (or after V8 refused it: other flags), read by every other run,
 * which then compiles only what the cache lacks. The cache is only a speed-up, and a run that
 * cannot write it (a read-only install) runs all the same. V8 checks a cache against its own
 * version and flags but the source only by its length: the cache's name says which build of the
 * bundle (file and time) it was made from.
 */
function runBundle() {
  const fd = fs.openSync(bundle, 'r');
  let source;
  let built;
  try {
    built = fs.fstatSync(fd);
    // ASCII only (scripts/build-cli.mjs): read as Latin-1, the fastest.
    source = fs.readFileSync(fd, 'latin1');
  } finally {
    fs.closeSync(fd);
  }
  const cacheFile = `${bundle}.${process.versions.v8}.${built.ino}-${Math.round(built.mtimeMs)}.cache`;
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  // As Node wraps a CommonJS module, strict as the ES modules it was bundled from; one line, so
  // that the bundle's line numbers stay as they are.
  const script = new vm.Script(
    `(function (exports, require, module, __filename, __dirname) {'use strict';${source}\n})`,
    { filename: bundle, cachedData },
  );
  if (cachedData === undefined || script.cachedDataRejected)
    process.once('exit', () => {
      const partial = `${cacheFile}.${process.pid}`;
      try {
        // Not into the folder of another build swapped in meanwhile.
        if (fs.statSync(bundle).ino !== built.ino) return;
        fs.writeFileSync(partial, script.createCachedData());
        fs.renameSync(partial, cacheFile);
      } catch {
        fs.rmSync(partial, { force: true });
      }
    });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, path.dirname(bundle));
}

async function start() {
  if (!bundleIsFresh()) {
    fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
    const { buildCli } = await import('../scripts/build-cli.mjs');
    await buildCli();
  }
  // Another run may be swapping in a fresh bundle this very moment (after a source change): try again.
  for (let attempt = 1; ; attempt++) {
    try {
      return runBundle();
    } catch (error) {
      if (error?.code !== 'ENOENT' || error.path !== bundle || attempt === 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

// A bundle that cannot be built or started ends the process as an uncaught error does (exit 1).
void start();
