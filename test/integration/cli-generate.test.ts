import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectDone, expectRefused } from '../helpers/cli-expect';
import { runCli } from '../helpers/run-cli';
import { tempDir } from '../helpers/study-builder';

/** `generate` refuses what would go wrong, before it writes anything (cli.md: exit 2 wrong usage, 1 could not). */
const root = tempDir('cdm-cli-generate-');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('generate', () => {
  it('fewer subjects than sites is wrong usage (exit 2), not an internal error', async () => {
    const out = path.join(root, 'few');
    expectRefused(
      await runCli(['generate', '--out', out, '--sites', '5', '--subjects', '3']),
      '--subjects 3 --sites 5: every site needs a subject; give at least as many subjects as sites',
      2,
    );
    expect(fs.existsSync(out)).toBe(false);
  });

  it('refuses a folder that holds other files, and leaves them alone; writes again over its own output', async () => {
    const out = path.join(root, 'mine');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'notes.txt'), 'my notes');
    fs.mkdirSync(path.join(out, 'round-1'));
    expectRefused(
      await runCli(['generate', '--out', out, '--sites', '2', '--subjects', '4']),
      `${out}: the folder holds other files (notes.txt); give an empty folder, or one the generator wrote before`,
    );
    expect(fs.readdirSync(out).sort()).toEqual(['notes.txt', 'round-1']);

    const own = path.join(root, 'own');
    expectDone(await runCli(['generate', '--out', own, '--sites', '2', '--subjects', '4']));
    const first = fs.readFileSync(path.join(own, 'manifest.json'), 'utf8');
    expectDone(await runCli(['generate', '--out', own, '--sites', '2', '--subjects', '4']));
    expect(fs.readFileSync(path.join(own, 'manifest.json'), 'utf8')).toBe(first);
  }, 60_000);
});
