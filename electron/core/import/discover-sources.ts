import { lstatSync, realpathSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { openExportArchive, refuseZippedDelivery, type ArchiveMember } from './export-archive';
import { type StudyError, badInput, placeFacts } from '../common/errors';
import { formatCount } from './source-limits';
import { canonicalForm, formOfFile, requireOneSourcePerForm } from './source-forms';
import { namedDateOf, type NamedDate } from './named-export-date';
import {
  ARCHIVE,
  compareNames,
  DELIMITED,
  isDataFileName,
  readFolder,
  statOrUndefined,
  WORKBOOK,
  type SourceKind,
  type SourceWarning,
} from './source-paths';
import { importNote, type ImportNoteKey } from './import-notes';

/** A data file of one site export. */
export interface SourceFile {
  /** Absolute. */
  path: string;
  /** As the user reaches it: for messages. */
  displayPath: string;
  fileName: string;
  kind: SourceKind;
  /** From the file name or --form; null for a workbook whose sheets name their forms. */
  form: string | null;
  /** A file inside a zip given as the export: `path` and `displayPath` are under the archive's. */
  member?: ArchiveMember;
}

export interface DiscoverOptions {
  /** The study's form codes. */
  forms: readonly string[];
  /** --form: the form of files whose name names none. */
  formOverride?: string;
  /** The password of a zip given as the export (in memory only). */
  password?: string;
}

export interface DiscoveredSources {
  files: SourceFile[];
  warnings: SourceWarning[];
  namedDate?: NamedDate;
}

const MAX_FOLDER_DEPTH = 16;
/** A site export is a few files; a folder tree this big was given by mistake (a home folder?). */
const MAX_FOLDER_ENTRIES = 10_000;

/**
 * The data files of one site export (folders, files, or one workbook), each with its form when
 * its name tells it. Folders are walked recursively, each real folder once (symbolic link loops
 * end), skipping hidden files, Office lock files (~$...) and files that hold no data.
 */
export function discoverSources(paths: readonly string[], options: DiscoverOptions): DiscoveredSources {
  if (paths.length === 0) throw badInput('no files or folders given');
  const formOverride =
    options.formOverride === undefined ? undefined : canonicalForm(options.formOverride, options.forms);
  const found: Omit<SourceFile, 'form'>[] = [];
  const warnings: SourceWarning[] = [];
  const seenFolders = new Set<string>();
  const seenFiles = new Map<string, string>();
  let entriesSeen = 0;

  const addFile = (path: string, displayPath: string, explicit: boolean) => {
    const kind = kindOfFile(displayPath, explicit, warnings);
    if (kind === undefined) return;
    const real = realpathSync(path);
    const earlier = seenFiles.get(real);
    if (earlier !== undefined) {
      warnings.push({ file: displayPath, ...importNote('sameFile', { earlier }) });
      return;
    }
    seenFiles.set(real, displayPath);
    if (kind === 'archive') addArchive(path, displayPath);
    else found.push({ path: resolve(path), displayPath, fileName: basename(path), kind });
  };

  // The archive's files as a folder's: hidden ones and macOS's __MACOSX skipped, the rest by name.
  const addArchive = (path: string, displayPath: string) => {
    const archive = openExportArchive(path, displayPath);
    const files = archive.files
      .filter(({ segments }) => !segments.some((s) => s.startsWith('.') || s === '__MACOSX'))
      .sort((a, b) => compareNames(a.segments.join('/'), b.segments.join('/')));
    for (const { segments, entry } of files) {
      const memberDisplay = join(displayPath, ...segments);
      const kind = kindOfFile(memberDisplay, false, warnings);
      if (kind === undefined || kind === 'archive') continue;
      found.push({
        path: join(resolve(path), ...segments),
        displayPath: memberDisplay,
        fileName: segments[segments.length - 1]!,
        kind,
        member: {
          archiveBytes: archive.bytes,
          entry,
          archiveDisplay: displayPath,
          ...(options.password === undefined ? {} : { password: options.password }),
        },
      });
    }
  };

  const walk = (folder: string, displayFolder: string, depth: number) => {
    const real = realpathSync(folder);
    if (seenFolders.has(real)) {
      warnings.push({ file: displayFolder, ...importNote('folderSeen') });
      return;
    }
    seenFolders.add(real);
    if (depth > MAX_FOLDER_DEPTH) {
      warnings.push({ file: displayFolder, ...importNote('tooDeep', { depth: MAX_FOLDER_DEPTH }) });
      return;
    }
    const entries = readFolder(folder, displayFolder).sort((a, b) => compareNames(a.name, b.name));
    entriesSeen += entries.length;
    if (entriesSeen > MAX_FOLDER_ENTRIES) {
      throw badInput(
        `${displayFolder}: more than ${formatCount(MAX_FOLDER_ENTRIES)} files and folders; give the folder of one site export`,
      );
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(folder, entry.name);
      const displayPath = join(displayFolder, entry.name);
      let isFolder = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = statOrUndefined(path);
        if (target === undefined) {
          if (isDataFileName(entry.name)) throw unreadableFormFile(displayPath, BROKEN_LINK);
          warnings.push({ file: displayPath, ...importNote('brokenLink') });
          continue;
        }
        isFolder = target.isDirectory();
        isFile = target.isFile();
      }
      if (isFolder && isDataFileName(entry.name)) throw unreadableFormFile(displayPath, FOLDER_AS_FILE);
      if (isFolder) walk(path, displayPath, depth + 1);
      else if (isFile) addFile(path, displayPath, false);
    }
  };

  for (const given of paths) {
    const stats = statOrUndefined(given);
    if (stats === undefined) {
      if (isSymbolicLink(given)) throw unreadableFormFile(given, BROKEN_LINK);
      throw badInput(`${given}: no such file or folder`);
    }
    if (stats.isDirectory() && isDataFileName(basename(resolve(given))))
      throw unreadableFormFile(given, FOLDER_AS_FILE);
    if (stats.isDirectory()) walk(given, given, 0);
    else if (stats.isFile()) addFile(given, given, true);
    else throw badInput(`${given}: not a file or folder`);
  }
  if (found.length === 0) {
    throw badInput(`${paths.join(', ')}: no data files (.csv, .tsv, .txt, .xlsx, .xlsm) found`);
  }

  const files = found.map((file) => ({ ...file, form: formOfFile(file, options.forms, formOverride) }));
  refuseZippedDelivery(files);
  requireOneSourcePerForm(
    files.filter((f) => f.kind === 'delimited').map((f) => ({ form: f.form!, file: f.displayPath })),
  );
  const namedDate = namedDateOf(paths, files, warnings);
  return namedDate === undefined ? { files, warnings } : { files, warnings, namedDate };
}

const BROKEN_LINK = 'a symbolic link that leads nowhere (broken, or a loop)';
const FOLDER_AS_FILE = "a folder with a data file's name";

/**
 * site-exports.md: a form file the export names that cannot be read refuses the whole export, for
 * a half-loaded export would mix two dates of one site's data.
 */
export function unreadableFormFile(displayPath: string, what: string, sheet?: string): StudyError {
  const where = sheet === undefined ? displayPath : `${displayPath}, sheet ${sheet}`;
  return badInput(`${where}: ${what}; the export is not loaded without it (nothing was changed)`, {
    kind: 'FILE_UNREADABLE',
    facts: placeFacts({ file: displayPath, sheet }),
  });
}

function isSymbolicLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function kindOfFile(
  displayPath: string,
  explicit: boolean,
  warnings: SourceWarning[],
): SourceKind | 'archive' | undefined {
  const name = basename(displayPath);
  const extension = extname(name).toLowerCase();
  const skip = (key: ImportNoteKey) => {
    const note = importNote(key);
    if (explicit) throw badInput(`${displayPath}: ${note.message.replace(/; skipped$/, '')}`);
    warnings.push({ file: displayPath, ...note });
    return undefined;
  };
  if (name.startsWith('~$')) return skip('officeLockFile');
  if (DELIMITED.has(extension)) return 'delimited';
  if (WORKBOOK.has(extension)) return 'workbook';
  if (ARCHIVE.has(extension)) return explicit ? 'archive' : skip('archiveNotOpened');
  if (extension === '.xls') return skip('excel97');
  return skip('notADataFile');
}
