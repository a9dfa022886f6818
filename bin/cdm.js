#!/usr/bin/env node
// The command line of the workstation (npm run -s cli -- <command>). It runs a bundle of the
// sources (dist/cli), rebuilt here first whenever a source file is newer than it.
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(root, 'dist/cli/cdm.js');

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

if (!bundleIsFresh()) {
  fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
  const { buildCli } = await import('../scripts/build-cli.mjs');
  await buildCli();
}
// Another run may be swapping in a fresh bundle this very moment (after a source change): try again.
for (let attempt = 1; ; attempt++) {
  try {
    await import(pathToFileURL(bundle).href);
    break;
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || attempt === 5) throw error;
    await sleep(200 * attempt);
  }
}
