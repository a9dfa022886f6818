import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CDM, REPOSITORY } from '../helpers/run-cli';
import { tempDir } from '../helpers/study-builder';

const root = tempDir('cdm-cli-bundle-');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const RUN_BUNDLE = pathToFileURL(path.join(REPOSITORY, 'bin/run-bundle.js')).href;

/** Runs `file` as bin/cdm.js runs the command line's bundle, in a process of its own. */
function runThroughLoader(file: string): string {
  const script = `import(${JSON.stringify(RUN_BUNDLE)}).then((m) => m.loadBundle(${JSON.stringify(file)})());`;
  return execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
}

const cachesOf = (file: string) =>
  fs
    .readdirSync(path.dirname(file))
    .filter((f) => f.startsWith(`${path.basename(file)}.`) && f.endsWith('.cache'));

function writeBundle(file: string, answer: string): void {
  // The same length whatever the answer: V8 alone would take a cache made for the other text.
  fs.writeFileSync(file, `const words = ['${answer}'];\nprocess.stdout.write(words.join('') + '\\n');\n`);
}

describe('the command line bundle', () => {
  it('is fresh once built: every input it records is a file (else every run would build it again)', () => {
    execFileSync(process.execPath, [CDM, '--help'], { encoding: 'utf8' });
    const inputs = JSON.parse(
      fs.readFileSync(path.join(REPOSITORY, 'dist/cli/inputs.json'), 'utf8'),
    ) as string[];
    expect(inputs).toContain('electron/cli/main.ts');
    expect(
      inputs.filter((f) => !fs.statSync(path.join(REPOSITORY, f), { throwIfNoEntry: false })?.isFile()),
    ).toEqual([]);
  });

  it('runs with a code cache made by its first run, and ignores a damaged or foreign one', () => {
    const file = path.join(root, 'bundle.js');
    writeBundle(file, 'first');
    expect(runThroughLoader(file)).toBe('first\n');
    const [cache] = cachesOf(file);
    expect(cache).toBeDefined();
    const made = fs.readFileSync(path.join(root, cache!));
    expect(runThroughLoader(file)).toBe('first\n');
    expect(fs.readFileSync(path.join(root, cache!)).equals(made)).toBe(true); // used, not made again

    // Damaged past V8's header (which V8 checks), in the data it trusts: without our digest, V8 dies.
    const damaged = Buffer.from(made);
    for (let i = 120; i < damaged.length; i += 13) damaged[i] = damaged[i]! ^ 0xff;
    fs.writeFileSync(path.join(root, cache!), damaged);
    expect(runThroughLoader(file)).toBe('first\n');
    expect(fs.readFileSync(path.join(root, cache!)).equals(damaged)).toBe(false); // made again

    fs.writeFileSync(path.join(root, cache!), 'not a cache');
    expect(runThroughLoader(file)).toBe('first\n');

    // A rebuilt bundle of the same length never meets the old cache.
    fs.rmSync(file);
    writeBundle(file, 'other');
    expect(runThroughLoader(file)).toBe('other\n');
    expect(cachesOf(file).length).toBe(2);
  });
});
