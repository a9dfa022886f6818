import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeStagesOfEndedProcesses, stageFolder } from '../../electron/core/db/stage-folder';
import { tempDir } from '../helpers/study-builder';

/** The id of a process that has ended (it ran `node -e 0` and exited). */
function endedPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid!;
}

describe('stage folders', () => {
  it('are readable by their owner alone', () => {
    const folder = stageFolder();
    expect(path.basename(folder)).toMatch(new RegExp(`^cdm-stage-${process.pid}-`));
    expect(fs.statSync(folder).mode & 0o777).toBe(0o700);
    expect(stageFolder()).toBe(folder);
  });

  it('of processes that ended are removed, and nothing else', () => {
    const tmp = tempDir('cdm-stage-sweep-');
    const ended = endedPid();
    const endedFolder = path.join(tmp, `cdm-stage-${ended}-AbC123`);
    fs.mkdirSync(endedFolder);
    fs.writeFileSync(path.join(endedFolder, '1.db'), 'records');
    // Stage files as earlier versions wrote them, straight into the temporary folder.
    fs.writeFileSync(path.join(tmp, `cdm-stage-${ended}-mxcx2xk4-1.db`), 'records');
    fs.writeFileSync(path.join(tmp, `cdm-stage-${ended}-mxcx2xk4-1.db-journal`), 'journal');
    const running = [`cdm-stage-${process.pid}-Xyz789`, `cdm-stage-${process.ppid}-Qrs456`];
    for (const name of running) fs.mkdirSync(path.join(tmp, name));
    const unrelated = ['cdm-stage-abc-1.db', 'cdm-stages-1-x', 'cdm-uploads-1-x', 'my-cdm-stage-1-x'];
    for (const name of unrelated) fs.writeFileSync(path.join(tmp, name), 'keep');

    const removed = removeStagesOfEndedProcesses(tmp);

    expect(removed.sort()).toEqual(
      [
        `cdm-stage-${ended}-AbC123`,
        `cdm-stage-${ended}-mxcx2xk4-1.db`,
        `cdm-stage-${ended}-mxcx2xk4-1.db-journal`,
      ].sort(),
    );
    expect(fs.readdirSync(tmp).sort()).toEqual([...running, ...unrelated].sort());
    fs.rmSync(tmp, { recursive: true, force: true });
  });
});
