import { lstatSync, readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { type StudyError, badInput, placeFacts } from '../common/errors';
import type { WorkbookSheet } from './read-xlsx';
import { formatCount } from './source-limits';
import { unknownForm } from '../study/require-form';

/** Something the user should know that does not stop the import. */
export interface SourceWarning {
  /** The file as the user reaches it (the path given, or joined under the folder given). */
  file: string;
  sheet?: string;
  message: string;
}

export type SourceKind = 'delimited' | 'workbook';

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
}

export interface DiscoverOptions {
  /** The study's form codes. */
  forms: readonly string[];
  /** --form: the form of files whose name names none. */
  formOverride?: string;
}

/**
 * The export date the names carry (site-exports.md, "Site and export date"): a YYYYMMDD token in
 * the name of the folder or workbook given, else in the names of the files in it (or given), else
 * in the name of the folder holding the files given.
 */
export interface NamedDate {
  /** YYYY-MM-DD: the latest of `dates`. */
  date: string;
  source: 'file name' | 'folder name';
  /** A name that carries it. */
  name: string;
  /** Every date the names of that level carry, in order. */
  dates: string[];
}

export interface DiscoveredSources {
  files: SourceFile[];
  warnings: SourceWarning[];
  namedDate?: NamedDate;
}

const DELIMITED = new Set(['.csv', '.tsv', '.txt']);
const WORKBOOK = new Set(['.xlsx', '.xlsm']);
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
      warnings.push({ file: displayPath, message: `the same file as ${earlier}; read once` });
      return;
    }
    seenFiles.set(real, displayPath);
    found.push({ path: resolve(path), displayPath, fileName: basename(path), kind });
  };

  const walk = (folder: string, displayFolder: string, depth: number) => {
    const real = realpathSync(folder);
    if (seenFolders.has(real)) {
      warnings.push({
        file: displayFolder,
        message: 'a folder already read by another path (a symbolic link); skipped',
      });
      return;
    }
    seenFolders.add(real);
    if (depth > MAX_FOLDER_DEPTH) {
      warnings.push({ file: displayFolder, message: `more than ${MAX_FOLDER_DEPTH} folders deep; skipped` });
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
          warnings.push({ file: displayPath, message: `${BROKEN_LINK}; skipped` });
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
  requireOneSourcePerForm(
    files.filter((f) => f.kind === 'delimited').map((f) => ({ form: f.form!, file: f.displayPath })),
  );
  const namedDate = namedDateOf(paths, files, warnings);
  return namedDate === undefined ? { files, warnings } : { files, warnings, namedDate };
}

/** The form given for files whose names name none, as the study spells it, or an error listing the forms. */
export function canonicalForm(form: string, forms: readonly string[]): string {
  const match = forms.find((f) => f.toUpperCase() === form.trim().toUpperCase());
  if (match === undefined) throw unknownForm(form, forms);
  return match;
}

/** The forms a name names: its tokens (split on anything not a letter or digit) equal to a form code. */
export function formsNamedBy(name: string, forms: readonly string[]): string[] {
  const tokens = new Set(name.toUpperCase().split(/[^A-Z0-9]+/));
  return forms.filter((form) => tokens.has(form.toUpperCase()));
}

function formOfFile(
  file: Omit<SourceFile, 'form'>,
  forms: readonly string[],
  formOverride: string | undefined,
): string | null {
  const stem = basename(file.fileName, extname(file.fileName));
  const named = formsNamedBy(stem, forms);
  if (named.length > 1)
    throw badInput(
      `${file.displayPath}: the name names ${named.length} forms (${named.join(', ')}); rename the file so that it names one`,
    );
  if (named.length === 1) return named[0]!;
  if (formOverride !== undefined) return formOverride;
  if (file.kind === 'workbook') return null;
  throw badInput(`${file.displayPath}: the file name names no form (${forms.join(', ')}); rename it`, {
    kind: 'FORM_NOT_NAMED',
    facts: { file: file.displayPath, expected: forms.join(', ') },
  });
}

export interface SheetChoice {
  sheet: string;
  form: string;
}

/**
 * The sheets of a workbook to read: the visible worksheets named by a form; or, when none is,
 * the one sheet that holds data, as the workbook's own form (file name or --form).
 */
export function chooseWorkbookSheets(
  file: string,
  sheets: readonly WorkbookSheet[],
  fileForm: string | null,
  forms: readonly string[],
): { chosen: SheetChoice[]; warnings: SourceWarning[] } {
  const warnings: SourceWarning[] = [];
  const chosen: SheetChoice[] = [];
  const skipped: { sheet: string; message: string }[] = [];
  for (const sheet of sheets) {
    const named = formsNamedBy(sheet.name, forms);
    if (!sheet.isWorksheet) skipped.push({ sheet: sheet.name, message: 'a chart or macro sheet; skipped' });
    else if (sheet.hidden)
      skipped.push({ sheet: sheet.name, message: 'a hidden sheet; skipped (unhide it to load it)' });
    else if (named.length > 1)
      throw badInput(
        `${file}: sheet ${sheet.name}: the name names ${named.length} forms (${named.join(', ')}); rename the sheet`,
      );
    else if (named.length === 1) chosen.push({ sheet: sheet.name, form: named[0]! });
    else
      skipped.push({
        sheet: sheet.name,
        message: `not named by a form of the study (${forms.join(', ')}); skipped`,
      });
  }

  if (chosen.length === 0) {
    const withData = sheets.filter((s) => s.isWorksheet && !s.hidden && s.hasCells);
    if (fileForm === null) {
      throw badInput(
        `${file}: no sheet is named by a form (${forms.join(', ')}) and neither is the file; name the sheets by form`,
        { kind: 'FORM_NOT_NAMED', facts: { file, expected: forms.join(', ') } },
      );
    }
    if (withData.length === 0) throw badInput(`${file}: no visible sheet holds data`);
    if (withData.length > 1) {
      throw badInput(
        `${file}: sheets ${withData.map((s) => s.name).join(', ')} all hold data and none is named by a form; name each sheet by its form`,
      );
    }
    chosen.push({ sheet: withData[0]!.name, form: fileForm });
  }
  for (const s of skipped) {
    const taken = chosen.some((c) => c.sheet === s.sheet);
    const blank = sheets.find((x) => x.name === s.sheet)?.hasCells === false;
    if (!taken && !blank) warnings.push({ file, sheet: s.sheet, message: s.message });
  }
  return { chosen, warnings };
}

/** Two files or sheets for one form: an error naming both. */
export function requireOneSourcePerForm(
  sources: readonly { form: string; file: string; sheet?: string | null }[],
): void {
  const byForm = new Map<string, string>();
  for (const source of sources) {
    const where = source.sheet ? `${source.file}, sheet ${source.sheet}` : source.file;
    const earlier = byForm.get(source.form);
    if (earlier !== undefined)
      throw badInput(`${where}: a second table for form ${source.form}, after ${earlier}; keep one`);
    byForm.set(source.form, where);
  }
}

/** YYYY-MM-DD of the first YYYYMMDD token of a name that is a real date, if any. */
export function exportDateOfName(name: string): string | undefined {
  for (const token of name.split(/[^A-Za-z0-9]+/)) {
    if (!/^\d{8}$/.test(token)) continue;
    const year = Number(token.slice(0, 4));
    const month = Number(token.slice(4, 6));
    const day = Number(token.slice(6, 8));
    const date = new Date(Date.UTC(year, month - 1, day));
    if (year >= 1900 && year <= 2099 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day) {
      return `${token.slice(0, 4)}-${token.slice(4, 6)}-${token.slice(6, 8)}`;
    }
  }
  return undefined;
}

interface Name {
  name: string;
  source: NamedDate['source'];
}

/**
 * The names of what was given come first (a folder's, a workbook's, files'), then the names of the
 * files in the folders given, then the folders holding the files given: the first level that
 * carries a date gives it (the latest, with a warning when it carries several).
 */
function namedDateOf(
  paths: readonly string[],
  files: readonly Omit<SourceFile, 'form'>[],
  warnings: SourceWarning[],
): NamedDate | undefined {
  const isFolder = (p: string) => statOrUndefined(p)?.isDirectory() === true;
  const given: Name[] = paths.map((p) => ({
    name: basename(resolve(p)),
    source: isFolder(p) ? 'folder name' : 'file name',
  }));
  const found: Name[] = files.map((f) => ({ name: f.displayPath, source: 'file name' }));
  const holding: Name[] = paths
    .filter((p) => !isFolder(p))
    .map((p) => ({ name: basename(dirname(resolve(p))), source: 'folder name' }));
  for (const names of [given, found, holding]) {
    const dated = names.flatMap((n) => {
      const date = exportDateOfName(stripExtension(n.name));
      return date === undefined ? [] : [{ ...n, date }];
    });
    if (dated.length === 0) continue;
    const dates = [...new Set(dated.map((d) => d.date))].sort();
    const latest = dated.find((d) => d.date === dates[dates.length - 1])!;
    if (dates.length > 1) {
      warnings.push({
        file: latest.name,
        message: `the names carry ${dates.length} export dates (${dates.join(', ')}); the latest, ${latest.date}, is taken unless the export date is given`,
      });
    }
    return { date: latest.date, source: latest.source, name: latest.name, dates };
  }
  return undefined;
}

/** One export of a batch delivery: a folder or a workbook directly under the batch folder. */
export interface BatchExport {
  path: string;
  displayPath: string;
  name: string;
  exportDateFromName?: string;
}

/**
 * `import --batch DIR`: its subfolders and workbooks, by export date (from the name; undated last),
 * then name. What is skipped (loose files, lock files) goes to `warnings` when given.
 */
export function listBatchExports(folder: string, warnings: SourceWarning[] = []): BatchExport[] {
  const stats = statOrUndefined(folder);
  if (stats === undefined || !stats.isDirectory()) throw badInput(`${folder}: not a folder`);
  const exports: BatchExport[] = [];
  for (const entry of readFolder(folder, folder)) {
    if (entry.name.startsWith('.')) continue;
    const path = join(folder, entry.name);
    const target = entry.isSymbolicLink() ? statOrUndefined(path) : entry;
    const isWorkbook = WORKBOOK.has(extname(entry.name).toLowerCase());
    if (entry.name.startsWith('~$')) {
      warnings.push({ file: path, message: 'an Office lock file (is the workbook open in Excel?); skipped' });
    } else if (target?.isDirectory() || (target?.isFile() && isWorkbook)) {
      const date = exportDateOfName(stripExtension(entry.name));
      exports.push({
        path: resolve(path),
        displayPath: path,
        name: entry.name,
        ...(date === undefined ? {} : { exportDateFromName: date }),
      });
    } else {
      warnings.push({ file: path, message: 'not a site export (a folder or an .xlsx workbook); skipped' });
    }
  }
  if (exports.length === 0) throw badInput(`${folder}: no site exports (folders or .xlsx workbooks) in it`);
  exports.sort(
    (a, b) =>
      compareNames(a.exportDateFromName ?? '9999', b.exportDateFromName ?? '9999') ||
      compareNames(a.name, b.name),
  );
  return exports;
}

/**
 * A folder that holds several site exports rather than being one: no data file of its own, and
 * at least two subfolders or workbooks. Answers how many, else undefined (one site export).
 */
export function deliveryExportCount(paths: readonly string[]): number | undefined {
  if (paths.length !== 1) return undefined;
  const folder = paths[0]!;
  if (!statOrUndefined(folder)?.isDirectory()) return undefined;
  let exports = 0;
  for (const entry of readFolder(folder, folder)) {
    if (entry.name.startsWith('.') || entry.name.startsWith('~$')) continue;
    const target = entry.isSymbolicLink() ? statOrUndefined(join(folder, entry.name)) : entry;
    const extension = extname(entry.name).toLowerCase();
    if (target?.isFile() && DELIMITED.has(extension)) return undefined;
    if (target?.isDirectory() || (target?.isFile() && WORKBOOK.has(extension))) exports++;
  }
  return exports >= 2 ? exports : undefined;
}

const BROKEN_LINK = 'a symbolic link that leads nowhere (broken, or a loop)';
const FOLDER_AS_FILE = "a folder with a data file's name";

/** A name a site export's data file has (DM.csv, S03.xlsx): a link or folder of that name stands for one. */
function isDataFileName(name: string): boolean {
  const extension = extname(name).toLowerCase();
  return DELIMITED.has(extension) || WORKBOOK.has(extension);
}

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
): SourceKind | undefined {
  const name = basename(displayPath);
  const extension = extname(name).toLowerCase();
  const skip = (message: string) => {
    if (explicit) throw badInput(`${displayPath}: ${message.replace(/; skipped$/, '')}`);
    warnings.push({ file: displayPath, message });
    return undefined;
  };
  if (name.startsWith('~$')) return skip('an Office lock file (is the workbook open in Excel?); skipped');
  if (DELIMITED.has(extension)) return 'delimited';
  if (WORKBOOK.has(extension)) return 'workbook';
  if (extension === '.xls')
    return skip('an Excel 97-2003 workbook, which is not read: save it as .xlsx or CSV; skipped');
  return skip(`not a data file (.csv, .tsv, .txt, .xlsx, .xlsm); skipped`);
}

function readFolder(folder: string, displayFolder: string): Dirent[] {
  try {
    return readdirSync(folder, { withFileTypes: true });
  } catch (error) {
    throw badInput(
      `${displayFolder}: the folder cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function stripExtension(name: string): string {
  const base = basename(name);
  return basename(base, extname(base));
}

/** Code-point order: the same on every machine, unlike localeCompare. */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
