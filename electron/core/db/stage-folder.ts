import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';

/**
 * Where stage files are written: a folder of this thread under the system's temporary folder,
 * readable by its owner alone (stages hold patient data: on a shared machine the temporary folder
 * is everyone's), named by the process id. A process killed in an import (the window closed,
 * Ctrl-C, a crash, the laptop switched off) leaves its stages behind; the next import of any study
 * removes the folders of processes that no longer run.
 */
export const STAGE_FOLDER_PREFIX = 'cdm-stage-';

/** `cdm-stage-<pid>-...`: this workstation's stage folders (and the stage files of older versions). */
const STAGE_NAME = new RegExp(`^${STAGE_FOLDER_PREFIX}(\\d+)-`);

let folder: string | undefined;

/** This thread's stage folder, made (and the stages of dead processes removed) on first use. */
export function stageFolder(): string {
  if (folder !== undefined && fs.existsSync(folder)) return folder;
  removeStagesOfEndedProcesses();
  folder = fs.mkdtempSync(path.join(os.tmpdir(), `${STAGE_FOLDER_PREFIX}${process.pid}-`));
  const mine = folder;
  // A preparing thread's folder holds stages the writing thread may still read: a thread that ends
  // takes only its own (and one that is terminated, none: the main thread's exit takes them all).
  if (isMainThread) removeStagesAtExit();
  else process.once('exit', () => removeQuietly(mine));
  return folder;
}

let removingAtExit = false;

/** At the end of this process, the stage folders of all its threads go (called on the main thread). */
export function removeStagesAtExit(): void {
  if (removingAtExit) return;
  removingAtExit = true;
  process.once('exit', () => removeStagesOf(process.pid));
}

function removeStagesOf(pid: number, tmp = os.tmpdir()): void {
  for (const name of namesIn(tmp))
    if (STAGE_NAME.exec(name)?.[1] === String(pid)) removeQuietly(path.join(tmp, name));
}

function namesIn(folder: string): string[] {
  try {
    return fs.readdirSync(folder);
  } catch {
    return [];
  }
}

function removeQuietly(file: string): boolean {
  try {
    fs.rmSync(file, { recursive: true, force: true });
    return true;
  } catch {
    // Another user's, or being removed by another process this moment: not ours to insist on.
    return false;
  }
}

/** Removes the stage folders (and files) left by processes that no longer run; returns their names. */
export function removeStagesOfEndedProcesses(tmp = os.tmpdir()): string[] {
  const removed: string[] = [];
  for (const name of namesIn(tmp)) {
    const pid = STAGE_NAME.exec(name)?.[1];
    if (pid === undefined || isRunning(Number(pid))) continue;
    if (removeQuietly(path.join(tmp, name))) removed.push(name);
  }
  return removed;
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
