import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The command line as a data manager runs it (`npm run -s cli --` runs the same file). */
export const CDM = fileURLToPath(new URL('../../bin/cdm.js', import.meta.url));
export const REPOSITORY = path.dirname(path.dirname(CDM));

/** GNU time measures the child's peak resident memory from outside; without it, the child reports its own. */
const GNU_TIME = '/usr/bin/time';
const hasGnuTime = fs.existsSync(GNU_TIME);
const SELF_REPORT = fileURLToPath(new URL('./report-peak-memory.mjs', import.meta.url));

export interface CliRun {
  args: string[];
  /** null when the child was killed (by the timeout). */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Peak resident memory of the child, in bytes; null when it could not be measured (killed). */
  peakMemory: number | null;
  milliseconds: number;
  timedOut: boolean;
}

function childEnvironment(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.CDM_DEBUG; // a stack trace must never be printed: run as a data manager would
  delete env.NODE_OPTIONS; // vitest's own loader options are not the product's
  return env;
}

/**
 * Runs `node bin/cdm.js ...args` in a child process and waits for it; a child still running after
 * `timeoutMs` is killed (with its process group) and reported as timed out, never waited on forever.
 */
export async function runCli(
  args: string[],
  options: { timeoutMs?: number; cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CliRun> {
  const memoryFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdm-run-')), 'peak');
  const [command, commandArgs, env] = hasGnuTime
    ? [
        GNU_TIME,
        ['-f', '%M', '-o', memoryFile, process.execPath, CDM, ...args],
        childEnvironment(options.env),
      ]
    : [
        process.execPath,
        ['--import', SELF_REPORT, CDM, ...args],
        childEnvironment({ ...options.env, CDM_PEAK_MEMORY_FILE: memoryFile }),
      ];
  const started = Date.now();
  const child = spawn(command, commandArgs, {
    cwd: options.cwd ?? REPOSITORY,
    env,
    detached: true,
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (options.input !== undefined) child.stdin!.end(options.input);
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child);
  }, options.timeoutMs ?? 30_000);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (c, s) => resolve([c, s]));
  });
  clearTimeout(timer);
  const milliseconds = Date.now() - started;
  const peakMemory = readPeakMemory(memoryFile);
  fs.rmSync(path.dirname(memoryFile), { recursive: true, force: true });
  return {
    args,
    code: timedOut ? null : code,
    signal,
    stdout: Buffer.concat(stdout).toString('utf8'),
    stderr: Buffer.concat(stderr).toString('utf8'),
    peakMemory,
    milliseconds,
    timedOut,
  };
}

/** GNU time writes "%M" (KiB) as its last line (after "Command exited with non-zero status N"); the self-report writes bytes. */
function readPeakMemory(file: string): number | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const last = text.trim().split('\n').at(-1) ?? '';
  if (!/^\d+$/.test(last)) return null;
  return hasGnuTime ? Number(last) * 1024 : Number(last);
}

/** Starts `node bin/cdm.js ...args` (no wrapper: a signal sent to it reaches the program itself). */
export function startCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): ChildProcess {
  return spawn(process.execPath, [CDM, ...args], {
    cwd: options.cwd ?? REPOSITORY,
    env: childEnvironment(options.env),
    stdio: 'ignore',
  });
}

function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}
