import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { badInput } from '../../common/errors';

/** One file of a dictionary release as read: where, its lines, and what it was (for the record). */
export interface ReleaseFile {
  name: string;
  path: string;
  lines: string[];
  sha256: string;
  bytes: number;
}

/**
 * The folder of a release: DIR itself, or the one subfolder the distribution puts the files in
 * (MedDRA's zip holds them in MedAscii/). File names are matched in any case.
 */
export function findReleaseFolder(dir: string, marker: string, subfolders: readonly string[]): string {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw badInput(`${dir}: no such folder`);
  if (findFile(dir, marker)) return dir;
  for (const entry of fs.readdirSync(dir)) {
    if (subfolders.some((s) => s.toLowerCase() === entry.toLowerCase())) {
      const inner = path.join(dir, entry);
      if (fs.statSync(inner).isDirectory() && findFile(inner, marker)) return inner;
    }
  }
  return dir;
}

export function findFile(dir: string, name: string): string | undefined {
  const wanted = name.toLowerCase();
  const entry = fs.readdirSync(dir).find((e) => e.toLowerCase() === wanted);
  return entry === undefined ? undefined : path.join(dir, entry);
}

/**
 * Reads one text file of a release. English and Western European MedDRA releases (and WHODrug's
 * text files) are in extended ASCII (Windows-1252); other MedDRA languages, Korean among them, in
 * UTF-8: valid UTF-8 is read as UTF-8, anything else as Windows-1252. A NUL byte is not text.
 */
export function readReleaseFile(dir: string, name: string, what: string): ReleaseFile {
  const file = findFile(dir, name);
  if (file === undefined) throw badInput(`${dir}: not a ${what}: ${name} is missing`);
  const bytes = fs.readFileSync(file);
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    const line = bytes.subarray(0, nul).toString('latin1').split('\n').length;
    throw badInput(`${file}: line ${line}: NUL bytes: not a text file of a ${what}`);
  }
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;
  const text = isUtf8(body) ? body.toString('utf8') : iconv.decode(body, 'windows-1252');
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return {
    name,
    path: file,
    lines,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    bytes: bytes.length,
  };
}
