import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { asciiOnly } from '../../scripts/build-cli.mjs';
import { REPOSITORY, runCli } from '../helpers/run-cli';
import { tempDir } from '../helpers/study-builder';

/**
 * The command line runs one bundle (dist/cli/cdm.cjs) compiled with V8's code cache kept beside it
 * (bin/cdm.js): the bundle must hold only ASCII (it is read as Latin-1), and the cache must never
 * be more than a speed-up.
 */
const root = tempDir('cdm-cli-bundle-');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

it('writes what lies beyond ASCII as escapes that mean the same in strings, regular expressions and comments', () => {
  const code = String.raw`
    // 날짜 — µ
    const korean = /^(\d{4})\s*년(?:\s*(\d{1,2})\s*월)?$/;
    const range = /[가-힣]/u;
    const emoji = '검사 😀';
    ({ year: korean.exec('2023년 6월')?.[1], month: korean.exec('2023 년6월')?.[2], hangul: range.test('x한'), latin: range.test('abc'), emoji, length: emoji.length, tag: ${'`${"µg"}`'} });
  `;
  const ascii = asciiOnly(code);
  expect(ascii).not.toMatch(/[\u0080-\uffff]/);
  expect(ascii).not.toBe(code);
  expect((0, eval)(ascii)).toEqual((0, eval)(code));
  expect((0, eval)(ascii)).toMatchObject({ year: '2023', month: '6', hangul: true, latin: false, length: 5 });
});

it('runs the bundle from the code cache, and a cache V8 refuses is written again, the command unharmed', async () => {
  expect((await runCli(['init', path.join(root, 'a.db'), '--user', 'dm'])).code).toBe(0);
  const bundle = path.join(REPOSITORY, 'dist/cli/cdm.cjs');
  expect(fs.readFileSync(bundle, 'latin1')).not.toMatch(/[\u0080-\uffff]/);
  const built = fs.statSync(bundle);
  const cache = `${bundle}.${process.versions.v8}.${built.ino}-${Math.round(built.mtimeMs)}.cache`;
  expect(fs.statSync(cache).size).toBeGreaterThan(100_000);

  const garbage = Buffer.alloc(4096, 7);
  fs.writeFileSync(`${cache}.test`, garbage);
  fs.renameSync(`${cache}.test`, cache);
  const again = await runCli(['init', path.join(root, 'b.db'), '--user', 'dm']);
  expect(again.code, again.stderr).toBe(0);
  expect(again.stderr).toMatch(/^created .*b\.db: [^\n]*\n$/);
  expect(fs.readFileSync(cache).equals(garbage)).toBe(false);
  expect(fs.statSync(cache).size).toBeGreaterThan(100_000);
});

it('runs all the same where the cache cannot be written (a read-only install), and leaves nothing behind', async () => {
  expect((await runCli(['--help'])).code).toBe(0); // the bundle built and its cache written
  const bundle = path.join(REPOSITORY, 'dist/cli/cdm.cjs');
  const built = fs.statSync(bundle);
  const cache = `${bundle}.${process.versions.v8}.${built.ino}-${Math.round(built.mtimeMs)}.cache`;
  // (Root writes in read-only folders: a folder where the cache would go fails its read and write alike.)
  fs.rmSync(cache, { force: true });
  fs.mkdirSync(cache);
  try {
    const run = await runCli(['init', path.join(root, 'c.db'), '--user', 'dm']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/^created .*c\.db: [^\n]*\n$/);
    expect(fs.statSync(cache).isDirectory()).toBe(true);
    // A partial cache left behind by a process that has ended (others of the suite may be writing theirs).
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    const left = fs
      .readdirSync(path.dirname(bundle))
      .filter((f) => f.startsWith(`${path.basename(cache)}.`) && !alive(Number(f.split('.').pop())));
    expect(left).toEqual([]);
  } finally {
    fs.rmSync(cache, { recursive: true, force: true });
  }
  expect((await runCli(['--help'])).code).toBe(0);
  expect(fs.statSync(cache).isFile()).toBe(true);
});
