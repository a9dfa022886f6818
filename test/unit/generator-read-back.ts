import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { unzipSync } from 'fflate';
import Papa from 'papaparse';
import * as XLSX from 'xlsx';
import { formTokensOf } from '../../tools/generator/file-names';
import type { SiteFormat } from '../../tools/generator/site-formats';
import type { ExcelValue, SourceRow, SourceTable } from '../../electron/core/import/source-table';
import { standardiseTables, type StandardTable } from '../../electron/core/import/standardise-table';
import type { StudyModel } from '../../electron/core/study/study-model';

/**
 * Reads a generated site export back the way the importer will (a minimal reader for tests: the
 * project's reader is not the subject here), and standardises it with the project's own
 * standardiseTable, so a test can compare what comes out with expected/.
 */

function sourceTable(
  file: string,
  sheet: string | null,
  form: string,
  header: string[],
  rows: SourceRow[],
): SourceTable {
  return {
    path: file,
    fileName: path.basename(file),
    sheet,
    form,
    header,
    headerLine: 1,
    rows,
    encoding: null,
    sha256: '',
    bytes: 0,
  };
}

function readCsv(file: string, format: SiteFormat, forms: string[]): SourceTable {
  const bytes = fs.readFileSync(file);
  let text =
    format.encoding === 'cp949'
      ? iconv.decode(bytes, 'cp949')
      : bytes.toString(format.encoding === 'utf16le' ? 'utf16le' : 'utf8');
  if (format.encoding === 'utf8-bom' || format.encoding === 'utf16le') {
    if (text.charCodeAt(0) !== 0xfeff) throw new Error(`${file}: no BOM`);
    text = text.slice(1);
  }
  const parsed = Papa.parse<string[]>(text, {
    delimiter: format.delimiter,
    newline: format.eol,
    skipEmptyLines: true,
  });
  if (parsed.errors.length) throw new Error(`${file}: ${parsed.errors[0]!.message}`);
  const [header, ...data] = parsed.data;
  const tokens = formTokensOf(path.basename(file), forms);
  if (tokens.length !== 1) throw new Error(`${file}: names ${tokens.length} forms`);
  return sourceTable(
    file,
    null,
    tokens[0]!.toUpperCase(),
    header!,
    data.map((cells, i) => ({ line: i + 2, cells })),
  );
}

function readWorkbook(file: string, forms: string[]): SourceTable[] {
  const workbook = XLSX.read(fs.readFileSync(file), { cellNF: true });
  // A 1904-system workbook: real dates are handed over in the 1900 system, bare numbers say so.
  const date1904 = workbook.Workbook?.WBProps?.date1904 === true;
  return workbook.SheetNames.map((name) => {
    const form = forms.find((f) => f === name.toUpperCase());
    if (!form) throw new Error(`${file}: sheet ${name} is no form`);
    const sheet = workbook.Sheets[name]!;
    const range = XLSX.utils.decode_range(sheet['!ref']!);
    const rows: SourceRow[] = [];
    let header: string[] = [];
    for (let r = range.s.r; r <= range.e.r; r++) {
      const cells: string[] = [];
      const excel: (ExcelValue | undefined)[] = [];
      for (let c = range.s.c; c <= range.e.c; c++) {
        const cell = sheet[XLSX.utils.encode_cell({ r, c })] as XLSX.CellObject | undefined;
        if (!cell) {
          cells.push('');
          excel.push(undefined);
          continue;
        }
        cells.push(cell.w ?? String(cell.v));
        if (cell.t === 'n' && typeof cell.z === 'string' && XLSX.SSF.is_date(cell.z))
          excel.push({ kind: 'date', serial: (cell.v as number) + (date1904 ? 1462 : 0) });
        else if (cell.t === 'n')
          excel.push({ kind: 'number', value: cell.v as number, ...(date1904 ? { date1904: true } : {}) });
        else excel.push(undefined);
      }
      if (r === range.s.r) header = cells;
      else if (cells.some((c) => c !== '')) rows.push({ line: r + 1, cells, excel });
    }
    return sourceTable(file, name, form, header, rows);
  });
}

/** Standardised tables of one site export (a folder or a workbook). */
/**
 * The entries of a zipped export (fflate's reader, not the project's), names read as CP949: the
 * generator writes them as Korean Windows does, without the UTF-8 flag, which fflate then hands
 * over byte for byte as Latin-1.
 */
export function unzipExport(zipPath: string): { name: string; bytes: Uint8Array }[] {
  return Object.entries(unzipSync(fs.readFileSync(zipPath))).map(([name, bytes]) => ({
    name: iconv.decode(Buffer.from(name, 'latin1'), 'cp949'),
    bytes,
  }));
}

/** A zipped export unzipped into `dir`: the folder of CSV files, or the workbook. */
function unzippedExport(zipPath: string, format: SiteFormat, dir: string): string {
  const entries = unzipExport(zipPath);
  for (const entry of entries) fs.writeFileSync(path.join(dir, path.basename(entry.name)), entry.bytes);
  if (format.container === 'csv') return dir;
  if (entries.length !== 1) throw new Error(`${zipPath}: ${entries.length} entries, not one workbook`);
  return path.join(dir, path.basename(entries[0]!.name));
}

export function readBackSiteExport(
  model: StudyModel,
  exportPath: string,
  format: SiteFormat,
): StandardTable[] {
  if (!format.zipped) return readBackUnzipped(model, exportPath, format);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdm-read-back-'));
  try {
    return readBackUnzipped(model, unzippedExport(exportPath, format, dir), format);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function readBackUnzipped(model: StudyModel, exportPath: string, format: SiteFormat): StandardTable[] {
  const forms = model.forms.map((f) => f.code);
  const sources =
    format.container === 'xlsx'
      ? readWorkbook(exportPath, forms)
      : fs
          .readdirSync(exportPath)
          .sort()
          .map((f) => readCsv(path.join(exportPath, f), format, forms));
  return standardiseTables(model, sources);
}

/** A standard record's values as an object keyed by column (dates take three slots in `values`). */
export function recordObject(
  table: StandardTable,
  values: readonly (string | number | null)[],
): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  let slot = 0;
  for (const column of table.form.columns) {
    out[column.name] = values[slot] ?? null;
    slot += column.type === 'date' ? 3 : 1;
  }
  return out;
}
