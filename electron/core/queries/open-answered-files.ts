import { readFileSync, statSync } from 'node:fs';
import { decryptOfficeFile, filePasswordError, isCompoundFile } from '../common/office-decrypt';
import {
  isZip,
  megabytes,
  readZipEntries,
  unzipEntry,
  type ZipEntry,
  type ZipErrors,
} from '../common/zip-archive';
import { UnreadableList } from './read-answered-list';

/**
 * What a file given as an answered query list holds: the list itself, or the lists inside a zip
 * (sites send patient data back zipped, often with a password, as they send exports). A workbook
 * Excel encrypted, alone or in the zip, opens with the same password. The password is used here
 * and kept nowhere.
 */

/** A list opened, or one of a zip that could not be (the others of the zip are still read). */
export type AnsweredFile =
  | {
      /** The file, or the entry under its zip's name (`S07_answers.zip/S07_queries.xlsx`). */
      file: string;
      bytes: Uint8Array;
    }
  | { file: string; unreadable: string };

/** An answered list is a few thousand rows: no entry of a zip of them needs more. */
const MAX_LIST_BYTES = 100_000_000;
const LIST_EXTENSIONS = /\.(xlsx|xlsm|csv|txt)$/i;

export function openAnsweredFiles(file: string, password: string | undefined): AnsweredFile[] {
  const size = statSync(file).size;
  if (size > MAX_LIST_BYTES) throw new UnreadableList(`${megabytes(size)}, far more than a query list`);
  const bytes = readFileSync(file);
  if (isZip(bytes)) {
    const named = /\.(xlsx|xlsm)$/i.test(file);
    const entries = readZipEntries(bytes, zipErrors(file, named ? 'workbook' : 'zip archive'));
    const workbook = named || entries.some((e) => e.name === '[Content_Types].xml');
    if (!workbook) return openZip(file, bytes, entries, password);
    return [{ file, bytes: checkedWorkbook(file, bytes, entries) }];
  }
  return [{ file, bytes: opened(file, bytes, password) }];
}

function openZip(
  file: string,
  bytes: Uint8Array,
  entries: ZipEntry[],
  password: string | undefined,
): AnsweredFile[] {
  const lists = entries.filter((entry) => {
    const segments = entry.name.split(/[\\/]/);
    const name = segments.at(-1) ?? '';
    return (
      LIST_EXTENSIONS.test(name) &&
      !segments.some((s) => s.startsWith('.') || s === '__MACOSX') &&
      !name.startsWith('~$')
    );
  });
  if (lists.length === 0) throw new UnreadableList('a zip holding no query list (xlsx or CSV)');
  const errors = zipErrors(file, 'zip archive');
  return lists.map((entry) => {
    const inner = `${file}/${entry.name.replace(/\\/g, '/')}`;
    if (entry.size > MAX_LIST_BYTES)
      return { file: inner, unreadable: `${megabytes(entry.size)}, far more than a query list` };
    try {
      const data = unzipEntry(bytes, entry, MAX_LIST_BYTES, errors, password);
      return { file: inner, bytes: opened(inner, data, password) };
    } catch (error) {
      if (!(error instanceof UnreadableList)) throw error;
      return { file: inner, unreadable: error.message };
    }
  });
}

/** A list as read: decrypted when Excel encrypted it, and a workbook's parts unzipped once, bounded. */
function opened(file: string, bytes: Uint8Array, password: string | undefined): Uint8Array {
  const plain = decrypted(file, bytes, password);
  return isZip(plain) ? checkedWorkbook(file, plain) : plain;
}

/**
 * A workbook's parts unzipped once before the workbook reader inflates them all at once: one that
 * would unzip past any query list's size (a zip bomb) is refused as it unzips.
 */
function checkedWorkbook(file: string, bytes: Uint8Array, entries?: ZipEntry[]): Uint8Array {
  const errors = zipErrors(file, 'workbook');
  const parts = entries ?? readZipEntries(bytes, errors);
  if (parts.some((part) => part.encrypted)) throw new UnreadableList('a workbook with encrypted parts');
  let left = MAX_LIST_BYTES;
  for (const part of parts) left -= unzipEntry(bytes, part, left, errors).length;
  return bytes;
}

function zipErrors(file: string, what: 'workbook' | 'zip archive'): ZipErrors {
  return {
    corrupt: (why) => new UnreadableList(`not a readable ${what} (${why})`),
    bomb: (why) => new UnreadableList(`refused: ${why} (a zip bomb?)`),
    password: (wrong) =>
      filePasswordError(
        file,
        wrong ? undefined : 'a zip with a password: give its password, or unzip it and give the list',
      ),
  };
}

/** A workbook Excel encrypted, opened with the password; any other file as it is. */
function decrypted(file: string, bytes: Uint8Array, password: string | undefined): Uint8Array {
  if (!isCompoundFile(bytes)) return bytes;
  const opened = decryptOfficeFile(bytes, password);
  switch (opened.kind) {
    case 'decrypted':
      return opened.bytes;
    case 'notEncrypted':
      throw new UnreadableList('an Excel 97-2003 workbook (.xls): save it as .xlsx');
    case 'unsupported':
      throw new UnreadableList(
        `a workbook encrypted with ${opened.why}, which is not read; save it without a password`,
      );
    case 'needsPassword':
      throw filePasswordError(file, 'a workbook with a password: give its password, or save it without one');
    case 'wrongPassword':
      throw filePasswordError(file);
  }
}
