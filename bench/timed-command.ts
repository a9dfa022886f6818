import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

/** One command's run, measured from outside as a user meets it. */
export interface Timed {
  /** Wall time, spawn to exit. */
  ms: number;
  /** User + system CPU time of the command and its threads (null without /usr/bin/time). */
  cpuMs: number | null;
  /** Peak resident memory (null without /usr/bin/time). */
  maxRssMb: number | null;
  stdout: string;
}

const TIME = '/usr/bin/time';

/**
 * Runs a command to its end and measures it: wall time here, CPU time and peak memory by GNU time
 * (`/usr/bin/time`, when installed). Throws with the command's stderr when it fails.
 */
export function timed(command: string, args: readonly string[], options: { cwd?: string } = {}): Timed {
  const withTime = fs.existsSync(TIME);
  const t0 = performance.now();
  const result = withTime
    ? spawnSync(TIME, ['-f', '%U %S %M', command, ...args], {
        encoding: 'utf8',
        maxBuffer: 1 << 28,
        ...options,
      })
    : spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 28, ...options });
  const ms = performance.now() - t0;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr.slice(-2000)}`);
  }
  if (!withTime) return { ms, cpuMs: null, maxRssMb: null, stdout: result.stdout };
  const [user, system, rssKb] = result.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return { ms, cpuMs: (user! + system!) * 1000, maxRssMb: rssKb! / 1024, stdout: result.stdout };
}

/** The median run (by wall time) of several. */
export function median<T extends { ms: number }>(runs: readonly T[]): T {
  return [...runs].sort((a, b) => a.ms - b.ms)[Math.floor((runs.length - 1) / 2)]!;
}
