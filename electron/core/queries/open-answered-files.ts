import { readFileSync } from 'node:fs';
import { badInput } from '../common/errors';
import { decryptOfficeFile, isCompoundFile } from '../common/office-decrypt';
import { isZip, readZipEntries, unzipEntry, type ZipEntry, type ZipErrors } from '../common/zip-archive';
import { UnreadableList } from './read-answered-list';

/**
 * What a file given as an answered query list holds: the list itself, or the lists inside a zip
 * (sites send patient data back zipped, often with a password, as they send exports). A workbook
 * Excel encrypted, alone or in the zip, opens with the same password. The password is used here
 * and kept nowhere.
 */

export interface AnsweredFile {
  /** The file, or the entry under its zip's name (`S07_answers.zip/S07_queries.xlsx`). */
  file: string;
  bytes: Uint8Array;
}

/** An answered list is a few thousand rows: no entry of a zip of them needs more. */
const MAX_LIST_BYTES = 100_000_000;
const LIST_EXTENSIONS = /\.(xlsx|xlsm|csv|txt)$/i;

export function openAnsweredFiles(file: string, password: string | undefined): AnsweredFile[] {
  const bytes = readFileSync(file);
  if (isZip(bytes) && !/\.(xlsx|xlsm)$/i.test(file)) {
    const errors = zipErrors(file);
    const entries = readZipEntries(bytes, errors);
    if (!entries.some((e) => e.name === '[Content_Types].xml'))
      return openZip(file, bytes, entries, password);
  }
  return [{ file, bytes: decrypted(file, bytes, password) }];
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
  const errors = zipErrors(file);
  return lists.map((entry) => {
    const inner = `${file}/${entry.name.replace(/\\/g, '/')}`;
    if (entry.size > MAX_LIST_BYTES)
      throw new UnreadableList(`${entry.name} is ${Math.round(entry.size / 1e6)} MB, not a query list`);
    const data = unzipEntry(bytes, entry, MAX_LIST_BYTES, errors, password);
    return { file: inner, bytes: decrypted(inner, data, password) };
  });
}

function zipErrors(file: string): ZipErrors {
  return {
    corrupt: (why) => new UnreadableList(`not a readable zip archive (${why})`),
    bomb: (why) => new UnreadableList(`refused: ${why} (a zip bomb?)`),
    password: (wrong) =>
      passwordError(file, wrong, 'a zip with a password: give its password, or unzip it and give the list'),
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
      throw passwordError(
        file,
        false,
        'a workbook with a password: give its password, or save it without one',
      );
    case 'wrongPassword':
      throw passwordError(file, true, '');
  }
}

function passwordError(file: string, wrong: boolean, needed: string): Error {
  return wrong
    ? badInput(`${file}: the password given does not open it; nothing was changed`, {
        kind: 'FILE_PASSWORD_WRONG',
        facts: { file },
      })
    : badInput(`${file}: ${needed}`, {
        kind: 'FILE_PASSWORD_NEEDED',
        facts: { file },
      });
}
