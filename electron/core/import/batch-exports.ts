import { extname, join, resolve } from 'node:path';
import { badInput } from '../common/errors';
import { exportDateOfName } from './named-export-date';
import {
  ARCHIVE,
  compareNames,
  DELIMITED,
  readFolder,
  statOrUndefined,
  stripExtension,
  WORKBOOK,
  type SourceWarning,
} from './source-paths';
import { importNote } from './import-notes';

/** One export of a batch delivery: a folder, a workbook or a zip directly under the batch folder. */
export interface BatchExport {
  path: string;
  displayPath: string;
  name: string;
  exportDateFromName?: string;
}

/**
 * `import --batch DIR`: its subfolders, workbooks and zips, by export date (from the name; undated last),
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
    const extension = extname(entry.name).toLowerCase();
    const isExportFile = WORKBOOK.has(extension) || ARCHIVE.has(extension);
    if (entry.name.startsWith('~$')) {
      warnings.push({ file: path, ...importNote('officeLockFile') });
    } else if (target?.isDirectory() || (target?.isFile() && isExportFile)) {
      const date = exportDateOfName(stripExtension(entry.name));
      exports.push({
        path: resolve(path),
        displayPath: path,
        name: entry.name,
        ...(date === undefined ? {} : { exportDateFromName: date }),
      });
    } else {
      warnings.push({ file: path, ...importNote('notASiteExport') });
    }
  }
  if (exports.length === 0)
    throw badInput(`${folder}: no site exports (folders, .xlsx workbooks or .zip archives) in it`);
  exports.sort(
    (a, b) =>
      compareNames(a.exportDateFromName ?? '9999', b.exportDateFromName ?? '9999') ||
      compareNames(a.name, b.name),
  );
  return exports;
}

/**
 * A folder that holds several site exports rather than being one: no data file of its own, and
 * at least two subfolders, workbooks or zips. Answers how many, else undefined (one site export).
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
    const isExportFile = WORKBOOK.has(extension) || ARCHIVE.has(extension);
    if (target?.isDirectory() || (target?.isFile() && isExportFile)) exports++;
  }
  return exports >= 2 ? exports : undefined;
}
