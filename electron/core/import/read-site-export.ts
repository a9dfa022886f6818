import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { badInput } from '../common/errors';
import { deliveryExportCount } from './batch-exports';
import {
  discoverSources,
  unreadableFormFile,
  type DiscoverOptions,
  type SourceFile,
} from './discover-sources';
import type { NamedDate } from './named-export-date';
import { chooseWorkbookSheets, requireOneSourcePerForm } from './source-forms';
import type { SourceWarning } from './source-paths';
import { chooseDelimiter, parseDelimited } from './read-delimited';
import { decodeText, type DecodedText } from './read-text';
import { readArchiveMember } from './export-archive';
import { openProtectedWorkbook } from '../common/office-decrypt';
import { listSheets, openWorkbook, readSheet, type Workbook } from './read-xlsx';
import { formatCount, MAX_FILE_BYTES } from './source-limits';
import type { SourceTable } from './source-table';

export type ReadSiteExportOptions = DiscoverOptions;

/** The tables of one site export, every cell as the site wrote it. */
export interface SiteExportTables {
  tables: SourceTable[];
  warnings: SourceWarning[];
  /** The export date the folder, workbook or file names carry. */
  namedDate?: NamedDate;
}

/**
 * Reads one site export (a folder, a list of files, a workbook or a zip) into one table per form. Each
 * file is read from disk once; its bytes are hashed, decoded and parsed, then let go.
 */
export function readSiteExport(paths: readonly string[], options: ReadSiteExportOptions): SiteExportTables {
  const tables: SourceTable[] = [];
  return { tables, ...readSiteExportTables(paths, options, (table) => tables.push(table)) };
}

/**
 * Reads one site export as readSiteExport does, handing each table over as soon as it is read, so
 * that its rows can be let go before the next table is read (an export is never whole in memory).
 */
export function readSiteExportTables(
  paths: readonly string[],
  options: ReadSiteExportOptions,
  onTable: (table: SourceTable) => void,
): Omit<SiteExportTables, 'tables'> {
  const deliveryExports = deliveryExportCount(paths);
  if (deliveryExports !== undefined)
    throw badInput(
      `${paths[0]}: a delivery of ${deliveryExports} site exports (subfolders, workbooks or zips), not one export; load it as a delivery`,
      { kind: 'DELIVERY_NOT_EXPORT', facts: { file: paths[0]!, exports: deliveryExports } },
    );
  const discovered = discoverSources(paths, options);
  const warnings = [...discovered.warnings];
  const read: { form: string; file: string; sheet: string | null }[] = [];

  for (const file of discovered.files) {
    const onContent = (identity: FileIdentity, table: TableContent) => {
      read.push({ form: table.form, file: file.displayPath, sheet: table.sheet });
      requireOneSourcePerForm(read);
      onTable({ ...identity, ...table });
    };
    if (file.kind === 'delimited') readDelimitedFile(file, warnings, onContent);
    else readWorkbookFile(file, options, warnings, onContent);
  }

  if (read.length === 0) throw badInput(`${paths.join(', ')}: no table with a header line found`);
  return discovered.namedDate === undefined ? { warnings } : { warnings, namedDate: discovered.namedDate };
}

type FileIdentity = Pick<SourceTable, 'path' | 'fileName' | 'sha256' | 'bytes'>;
type TableContent = Pick<SourceTable, 'sheet' | 'form' | 'header' | 'headerLine' | 'rows' | 'encoding'>;

/** Decodes a delimited file; its bytes are let go before the text is parsed. */
function decodeFile(file: SourceFile): { identity: FileIdentity; decoded: DecodedText } {
  const bytes = readFileBounded(file);
  return { identity: identityOf(file, bytes), decoded: decodeText(bytes, file.displayPath) };
}

type OnContent = (identity: FileIdentity, table: TableContent) => void;

function readDelimitedFile(file: SourceFile, warnings: SourceWarning[], onContent: OnContent): void {
  const { identity, decoded } = decodeFile(file);
  const delimiter = chooseDelimiter(file.fileName, decoded.text, file.displayPath);
  const parsed = parseDelimited(decoded.text, delimiter, file.displayPath);
  if (parsed === null)
    throw unreadableFormFile(
      file.displayPath,
      identity.bytes === 0 ? 'an empty file (0 bytes)' : 'no header line (only blank lines)',
    );
  for (const note of parsed.warnings) warnings.push({ file: file.displayPath, ...note });
  const { header, headerLine, rows } = parsed;
  onContent(identity, {
    sheet: null,
    form: file.form!,
    header,
    headerLine,
    rows,
    encoding: decoded.encoding,
  });
}

/** Opens a workbook (decrypted first when Excel saved it with a password); its bytes are let go once its parts are unzipped. */
function openWorkbookFile(
  file: SourceFile,
  password: string | undefined,
): { identity: FileIdentity; workbook: Workbook } {
  const bytes = readFileBounded(file);
  const xlsx = openProtectedWorkbook(bytes, file.displayPath, password);
  return { identity: identityOf(file, bytes), workbook: openWorkbook(xlsx, file.displayPath) };
}

function readWorkbookFile(
  file: SourceFile,
  options: ReadSiteExportOptions,
  warnings: SourceWarning[],
  onContent: OnContent,
): void {
  const { identity, workbook } = openWorkbookFile(file, options.password);
  const choice = chooseWorkbookSheets(file.displayPath, listSheets(workbook), file.form, options.forms);
  warnings.push(...choice.warnings);
  for (const { sheet, form } of choice.chosen) {
    const table = readSheet(workbook, sheet, file.displayPath);
    if (table === null)
      throw unreadableFormFile(file.displayPath, `an empty sheet for form ${form} (no header row)`, sheet);
    for (const note of table.warnings) warnings.push({ file: file.displayPath, sheet, ...note });
    onContent(identity, {
      sheet,
      form,
      header: table.header,
      headerLine: table.headerLine,
      rows: table.rows,
      encoding: null,
    });
  }
}

function identityOf(file: SourceFile, bytes: Uint8Array): FileIdentity {
  return {
    path: file.path,
    fileName: file.fileName,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    bytes: bytes.length,
  };
}

function readFileBounded(file: SourceFile): Uint8Array {
  if (file.member !== undefined) return readArchiveMember(file.member, file.displayPath);
  const refuse = (size: number) =>
    badInput(
      `${file.displayPath}: ${formatCount(Math.round(size / 1_000_000))} MB; files over ${formatCount(MAX_FILE_BYTES / 1_000_000)} MB are not read`,
    );
  const size = statSync(file.path).size;
  if (size > MAX_FILE_BYTES) throw refuse(size);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file.path);
  } catch (error) {
    throw badInput(
      `${file.displayPath}: the file cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  if (bytes.length > MAX_FILE_BYTES) throw refuse(bytes.length);
  return bytes;
}
