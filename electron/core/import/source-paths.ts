import type { MessageArgs } from '../../../shared/messages/render-message';
import { readdirSync, statSync, type Dirent, type Stats } from 'node:fs';
import { basename, extname } from 'node:path';
import { badInput } from '../common/errors';

/**
 * What the paths of a site export are: which names are data files (and of which kind), the
 * entries of a folder, a path's stats, names without their extension and in a stable order; and
 * the warning a skipped path leaves.
 */

/** Something the user should know that does not stop the import. */
export interface SourceWarning {
  /** The file as the user reaches it (the path given, or joined under the folder given). */
  file: string;
  sheet?: string;
  /** In English; `args` renders it in either language (import-notes.ts). */
  message: string;
  args: MessageArgs;
}

/** A data file is delimited text or an .xlsx workbook, by its extension. */
export type SourceKind = 'delimited' | 'workbook';

export const DELIMITED = new Set(['.csv', '.tsv', '.txt']);
export const WORKBOOK = new Set(['.xlsx', '.xlsm']);
/** A site export sent zipped: opened when given (or in a delivery), never found inside a folder. */
export const ARCHIVE = new Set(['.zip']);

/** A name a site export's data file has (DM.csv, S03.xlsx): a link or folder of that name stands for one. */
export function isDataFileName(name: string): boolean {
  const extension = extname(name).toLowerCase();
  return DELIMITED.has(extension) || WORKBOOK.has(extension);
}

/** A folder's entries, or a bad-input error naming the folder as the user gave it. */
export function readFolder(folder: string, displayFolder: string): Dirent[] {
  try {
    return readdirSync(folder, { withFileTypes: true });
  } catch (error) {
    throw badInput(
      `${displayFolder}: the folder cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
}

/** The stats of what a path leads to (through links), undefined when it leads nowhere. */
export function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** The last name of a path without its extension. */
export function stripExtension(name: string): string {
  const base = basename(name);
  return basename(base, extname(base));
}

/** Code-point order: the same on every machine, unlike localeCompare. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
