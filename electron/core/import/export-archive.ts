import { readFileSync, statSync } from 'node:fs';
import { badInput, StudyError } from '../common/errors';
import { formatCount, MAX_FILE_BYTES } from './source-limits';
import {
  isZip,
  megabytes,
  readZipEntries,
  unzipEntry,
  type ZipEntry,
  type ZipErrors,
} from '../common/zip-archive';

/**
 * A site export sent as one .zip (how sites mail them): the archive is read into memory once and
 * each data file is unzipped from it when it is read, never written to disk. What the readers and
 * the study see of an entry is a path under the archive's (`S01_20190601.zip/DM.csv`).
 */

/** A data file inside an archive: the archive's bytes and where the file lies in them. */
export interface ArchiveMember {
  archiveBytes: Uint8Array;
  entry: ZipEntry;
  /** The archive as the user reaches it: what a password is asked for. */
  archiveDisplay: string;
  /** The archive's password, when the user gave one (kept in memory only, never stored). */
  password?: string;
}

export interface ArchiveFile {
  /** Path segments inside the archive (backslashes read as folders, control characters shown as ?). */
  segments: string[];
  entry: ZipEntry;
}

/** Most entries an archive may hold: a site export is a few files. */
const MAX_ENTRIES = 10_000;

/** The files (not folders) of a zip given as a site export, in the archive's order. */
export function openExportArchive(
  path: string,
  displayPath: string,
): { bytes: Uint8Array; files: ArchiveFile[] } {
  const bytes = readArchive(path, displayPath);
  const errors = archiveErrors(displayPath);
  if (!isZip(bytes)) throw errors.corrupt('not a zip archive');
  const entries = readZipEntries(bytes, errors);
  if (entries.length > MAX_ENTRIES) {
    throw badInput(
      `${displayPath}: more than ${formatCount(MAX_ENTRIES)} entries; give the zip of one site export`,
      { kind: 'FILE_UNREADABLE', facts: { file: displayPath } },
    );
  }
  const files: ArchiveFile[] = [];
  for (const entry of entries) {
    const segments = [...entry.name]
      .map((c) => (c < ' ' || c === '\u007f' ? '?' : c))
      .join('')
      .split(/[\\/]/)
      .filter((segment) => segment !== '' && segment !== '.');
    if (segments.length === 0 || /[\\/]$/.test(entry.name)) continue; // a folder
    if (segments.includes('..')) {
      throw badInput(
        `${displayPath}: the entry ${segments.join('/')} names a place outside the archive; not read`,
        { kind: 'FILE_UNREADABLE', facts: { file: displayPath } },
      );
    }
    files.push({ segments, entry });
  }
  return { bytes, files };
}

/** A member's bytes, unzipped and checked; refused past the size any data file may have. */
export function readArchiveMember(member: ArchiveMember, displayPath: string): Uint8Array {
  const tooLarge = (size: number) =>
    badInput(
      `${displayPath}: ${formatCount(Math.round(size / 1_000_000))} MB unzipped; files over ${formatCount(MAX_FILE_BYTES / 1_000_000)} MB are not read`,
    );
  if (member.entry.size > MAX_FILE_BYTES) throw tooLarge(member.entry.size);
  const errors = archiveErrors(displayPath, member.archiveDisplay);
  return unzipEntry(member.archiveBytes, member.entry, MAX_FILE_BYTES, errors, member.password);
}

function archiveErrors(displayPath: string, archiveDisplay = displayPath): ZipErrors {
  const refuse = (message: string): StudyError =>
    badInput(message, { kind: 'FILE_UNREADABLE', facts: { file: displayPath } });
  return {
    corrupt: (why) => refuse(`${displayPath}: not a readable zip archive (${why})`),
    bomb: (why) => refuse(`${displayPath}: refused: ${why} (a zip bomb?)`),
    password: (wrong) =>
      wrong
        ? badInput(
            `${archiveDisplay}: the password given does not open ${displayPath}; nothing was changed`,
            { kind: 'FILE_PASSWORD_WRONG', facts: { file: archiveDisplay } },
          )
        : badInput(
            `${archiveDisplay}: a zip with a password (${displayPath} is encrypted): give its password, or unzip it and give the folder`,
            { kind: 'FILE_PASSWORD_NEEDED', facts: { file: archiveDisplay } },
          ),
  };
}

function readArchive(path: string, displayPath: string): Uint8Array {
  const refuse = (size: number) =>
    badInput(`${displayPath}: ${megabytes(size)}; archives over ${megabytes(MAX_FILE_BYTES)} are not read`);
  let bytes: Uint8Array;
  try {
    const size = statSync(path).size;
    if (size > MAX_FILE_BYTES) throw refuse(size);
    bytes = readFileSync(path);
  } catch (error) {
    if (error instanceof StudyError) throw error;
    throw badInput(
      `${displayPath}: the archive cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  if (bytes.length > MAX_FILE_BYTES) throw refuse(bytes.length);
  return bytes;
}

interface FoundFile {
  displayPath: string;
  kind: 'delimited' | 'workbook';
  form: string | null;
  member?: ArchiveMember;
}

/**
 * A zip of a delivery (several sites' exports side by side in it, under any common folders) is
 * not one export: said as such, before its forms would collide as "a second table for form AE".
 * Its folders are exports when two of them hold a file of the same form; workbooks, when two lie
 * side by side.
 */
export function refuseZippedDelivery(files: readonly FoundFile[]): void {
  const byArchive = new Map<string, { inside: string[]; file: FoundFile }[]>();
  for (const file of files) {
    if (file.member === undefined) continue;
    const archive = file.member.archiveDisplay;
    const inside = file.displayPath.slice(archive.length + 1).split(/[\\/]/);
    byArchive.set(archive, [...(byArchive.get(archive) ?? []), { inside, file }]);
  }
  for (const [archive, members] of byArchive) {
    const depth = commonFolders(members.map((m) => m.inside.slice(0, -1)));
    const folders = new Map<string, Set<string>>();
    let workbooks = 0;
    let loose = false;
    for (const { inside, file } of members) {
      if (inside.length - 1 === depth) {
        if (file.kind === 'workbook') workbooks++;
        else loose = true;
        continue;
      }
      const forms = folders.get(inside[depth]!) ?? new Set<string>();
      if (file.form !== null) forms.add(file.form);
      folders.set(inside[depth]!, forms);
    }
    const formSets = [...folders.values()];
    const shared = formSets.some((forms, i) =>
      formSets.some((other, j) => j > i && [...forms].some((f) => other.has(f))),
    );
    const exports = folders.size + workbooks;
    if (!loose && (shared || workbooks >= 2)) {
      throw badInput(
        `${archive}: a zip of ${exports} site exports (folders or workbooks), not one export; unzip it and load its folder as a delivery`,
        { kind: 'DELIVERY_NOT_EXPORT', facts: { file: archive, exports } },
      );
    }
  }
}

/** How many leading folders every path shares. */
function commonFolders(folders: readonly string[][]): number {
  let depth = 0;
  const shortest = Math.min(...folders.map((f) => f.length));
  while (depth < shortest && folders.every((f) => f[depth] === folders[0]![depth])) depth++;
  return depth;
}
