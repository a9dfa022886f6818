import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadStudyDefinition } from '../../electron/core/study/load-definition';
import { generateStudy } from '../../tools/generator/compose/generate-study';
import { runCli, startCli } from '../helpers/run-cli';
import { tempDir } from '../helpers/study-builder';

/**
 * Stages hold patient data: an import killed while preparing (the window closed, Ctrl-C, a crash)
 * must not leave them in the temporary folder for good. The next import removes them.
 */
const USER = 'dm';
let root: string;
let tmp: string;
let db: string;
let exportDir: string;

const stagesIn = (folder: string) => fs.readdirSync(folder).filter((n) => n.startsWith('cdm-stage-'));

beforeAll(async () => {
  root = tempDir('cdm-stage-cleanup-');
  tmp = path.join(root, 'tmp');
  fs.mkdirSync(tmp);
  const manifest = await generateStudy({
    outDir: path.join(root, 'gen'),
    seed: 11,
    subjects: 300,
    sites: 1,
    rounds: 1,
    definition: loadStudyDefinition(),
  });
  exportDir = path.join(root, 'gen', manifest.rounds[0]!.exports[0]!.path);
  db = path.join(root, 'study.db');
  expect((await runCli(['init', db, '--user', USER])).code).toBe(0);
}, 120_000);

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** Starts an import and kills it (SIGKILL: no handler runs) once its stage folder holds a stage. */
async function killWhileStaging(): Promise<{ pid: number; folder: string } | null> {
  const child = startCli(['import', db, exportDir, '--user', USER], { env: { TMPDIR: tmp } });
  let exited = false;
  const exit = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  void exit.then(() => (exited = true));
  const prefix = `cdm-stage-${child.pid}-`;
  while (!exited) {
    const folder = stagesIn(tmp).find((n) => n.startsWith(prefix));
    if (folder && fs.readdirSync(path.join(tmp, folder)).some((f) => f.endsWith('.db'))) {
      child.kill('SIGKILL');
      await exit;
      return { pid: child.pid!, folder };
    }
    await sleep(1);
  }
  return null;
}

it('an import leaves no stage behind, and removes those of a killed import', async () => {
  const done = await runCli(['import', db, exportDir, '--user', USER, '--dry-run'], { env: { TMPDIR: tmp } });
  expect(done.code, done.stderr).toBe(0);
  expect(stagesIn(tmp)).toEqual([]);
  // A batch stages on other threads, which are terminated when it is done.
  const batch = await runCli(
    ['import', db, '--batch', path.dirname(exportDir), '--user', USER, '--dry-run'],
    {
      env: { TMPDIR: tmp },
    },
  );
  expect(batch.code, batch.stderr).toBe(0);
  expect(batch.stdout).toContain(path.basename(exportDir));
  expect(stagesIn(tmp)).toEqual([]);

  let killed: Awaited<ReturnType<typeof killWhileStaging>> = null;
  for (let attempt = 0; attempt < 5 && killed === null; attempt++) killed = await killWhileStaging();
  expect(killed, 'an import killed while it staged').not.toBeNull();
  expect(stagesIn(tmp)).toContain(killed!.folder);
  expect(fs.readdirSync(path.join(tmp, killed!.folder)).some((f) => f.endsWith('.db'))).toBe(true);

  const next = await runCli(['import', db, exportDir, '--user', USER], { env: { TMPDIR: tmp } });
  expect(next.code, next.stderr).toBe(0);
  expect(stagesIn(tmp)).toEqual([]);
}, 120_000);
