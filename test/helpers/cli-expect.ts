import { expect } from 'vitest';
import type { CliRun } from './run-cli';

const GiB = 1024 ** 3;

/**
 * The contract of a refused command (cli.md, Errors): the exit code, exactly one line on stderr,
 * `error: ` and the message, no stack trace, nothing on stdout, no hang, under 1 GiB.
 */
export function expectRefused(run: CliRun, message: string | RegExp, code = 1): void {
  const shown = `cdm ${run.args.join(' ')}\nexit ${run.code}${run.timedOut ? ' (timed out)' : ''}\nstderr: ${run.stderr}`;
  expect(run.timedOut, shown).toBe(false);
  expect(run.code, shown).toBe(code);
  expect(run.stderr.endsWith('\n'), shown).toBe(true);
  const lines = run.stderr.slice(0, -1).split('\n');
  expect(lines, shown).toHaveLength(1);
  expect(lines[0]!.startsWith('error: '), shown).toBe(true);
  expect(run.stderr, shown).not.toMatch(/^\s+at |internal error|Error:|node:internal/m);
  if (typeof message === 'string') expect(lines[0]).toBe(`error: ${message}`);
  else expect(lines[0]).toMatch(message);
  expect(run.stdout, shown).toBe('');
  expectWithinMemory(run);
}

export function expectWithinMemory(run: CliRun): void {
  expect(run.peakMemory, 'peak memory of the child').not.toBeNull();
  expect(run.peakMemory!).toBeLessThan(GiB);
}

export function expectDone(run: CliRun): void {
  expect(run.code, `${run.args.join(' ')}\n${run.stderr}`).toBe(0);
}
