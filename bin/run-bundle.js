// Loads the command line's CommonJS bundle with V8's code cache beside it, so that a start does not
// compile again what an earlier run compiled. V8 checks a cache against its source by length only,
// and a damaged cache can crash it: so each cache is named after the bundle it was made from (size,
// modification time, inode; a rebuilt bundle never meets an old cache) and starts with the SHA-256
// of its data. A cache that is missing, damaged or refused by V8 (another Node version, other V8
// flags) is not used and is made again at the end of the run; one that cannot be written is not.
import { Buffer } from 'node:buffer';
import { hash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import process from 'node:process';
import vm from 'node:vm';

const DIGEST_BYTES = 32;

/** Reads and compiles the bundle (the only step that may meet a bundle being swapped); returns its run. */
export function loadBundle(file) {
  const fd = fs.openSync(file, 'r');
  let source, stat;
  try {
    stat = fs.fstatSync(fd);
    source = fs.readFileSync(fd, 'utf8');
  } finally {
    fs.closeSync(fd);
  }
  const cacheFile = `${file}.${stat.size}-${Math.trunc(stat.mtimeMs)}-${stat.ino}.cache`;
  const cachedData = readCache(cacheFile);
  // Node's own CommonJS wrapper, on the first line: line numbers stay those of the file.
  const wrapped = `(function (exports, require, module, __filename, __dirname) { ${source}\n})`;
  // No import() in it (scripts/build-cli.mjs): a script from the cache could not run one.
  const script = new vm.Script(wrapped, { filename: file, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    // Made at the end of the run, the cache also holds the functions this command compiled.
    process.once('exit', () => writeCache(cacheFile, script.createCachedData()));
  }
  return () => {
    const module = { exports: {} };
    const run = script.runInThisContext();
    run.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  };
}

function readCache(cacheFile) {
  let content;
  try {
    content = fs.readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  const data = content.subarray(DIGEST_BYTES);
  return content.length > DIGEST_BYTES &&
    hash('sha256', data, 'buffer').equals(content.subarray(0, DIGEST_BYTES))
    ? data
    : undefined;
}

function writeCache(cacheFile, data) {
  const temporary = `${cacheFile}.${process.pid}`;
  try {
    fs.writeFileSync(temporary, Buffer.concat([hash('sha256', data, 'buffer'), data]));
    fs.renameSync(temporary, cacheFile);
  } catch {
    fs.rmSync(temporary, { force: true });
  }
}
