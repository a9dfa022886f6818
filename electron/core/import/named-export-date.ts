import { basename, dirname, resolve } from 'node:path';
import { statOrUndefined, stripExtension, type SourceWarning } from './source-paths';
import { importNote } from './import-notes';

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
 * The names of what was given come first (a folder's, a workbook's, a zip's, files'), then the
 * names of the files in the folders or zips given, then the folders inside a zip that hold its
 * files, then the folders holding the files given: the first level that carries a date gives it
 * (the latest, with a warning when it carries several).
 */
export function namedDateOf(
  paths: readonly string[],
  files: readonly { displayPath: string; member?: unknown }[],
  warnings: SourceWarning[],
): NamedDate | undefined {
  const isFolder = (p: string) => statOrUndefined(p)?.isDirectory() === true;
  const given: Name[] = paths.map((p) => ({
    name: basename(resolve(p)),
    source: isFolder(p) ? 'folder name' : 'file name',
  }));
  const found: Name[] = files.map((f) => ({ name: f.displayPath, source: 'file name' }));
  const zipped: Name[] = files
    .filter((f) => f.member !== undefined)
    .map((f) => ({ name: basename(dirname(f.displayPath)), source: 'folder name' }));
  const holding: Name[] = paths
    .filter((p) => !isFolder(p))
    .map((p) => ({ name: basename(dirname(resolve(p))), source: 'folder name' }));
  for (const names of [given, found, zipped, holding]) {
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
        ...importNote('namedDates', { count: dates.length, dates, latest: latest.date }),
      });
    }
    return { date: latest.date, source: latest.source, name: latest.name, dates };
  }
  return undefined;
}
