import { spawnSync } from 'node:child_process';
import { CDM, REPOSITORY } from './run-cli';

/**
 * vitest's global setup: the command line's bundle built (and its code cache written) once, before
 * any test runs it. On a fresh clone, tests starting together would each build it and swap it in.
 */
export default function setup(): void {
  const run = spawnSync(process.execPath, [CDM, '--help'], { cwd: REPOSITORY, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`bin/cdm.js --help failed (${run.status}): ${run.stderr}`);
}
