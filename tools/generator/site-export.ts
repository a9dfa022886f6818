import type { FormModel, StudyModel } from '../../electron/core/study/study-model';
import { csvText, encodeCsv } from './csv-writer';
import { formFileName, siteExportName } from './file-names';
import { RowFormatter, type SheetCell } from './messy-values';
import { createRandom, hashPick, hashText, hashUnit, mixHash } from './random';
import type { SiteStyle } from './site-formats';
import type { TruthRow, TruthValue } from './subject-records';
import { encodeWorkbook, type SheetData } from './xlsx-writer';
import { zipLikeWindows } from './zip-writer';

/** One site's export in one delivery: its files (a folder of CSV files, one workbook, or a zip of either) and what the importer must read from them. */

export interface ExportFile {
  /** Relative to the delivery folder (round-N/). */
  path: string;
  bytes: Buffer;
}

export interface ExpectedForm {
  form: string;
  records: Record<string, TruthValue>[];
  /** JSON text of each record (written to expected/ and hashed for the change tally). */
  json: string[];
  keys: string[];
}

export interface BuiltSiteExport {
  /** Folder, workbook or zip name inside the delivery. */
  name: string;
  files: ExportFile[];
  expected: ExpectedForm[];
}

interface Layout {
  /** Per file column: index of the form column, or -1 for the site's extra column. */
  columns: number[];
  header: string[];
}

function headerText(style: SiteStyle, name: string, h: number): string {
  const cased =
    style.headerCase === 'lower'
      ? name.toLowerCase()
      : style.headerCase === 'title'
        ? name[0] + name.slice(1).toLowerCase()
        : name;
  if (!style.headerPadding) return cased;
  return hashUnit(h) < 0.3 ? ` ${cased} ` : hashUnit(h) < 0.5 ? `${cased} ` : cased;
}

function layoutOf(style: SiteStyle, form: FormModel): Layout {
  const random = createRandom(hashText(`layout:${form.code}`, style.hash));
  const columns = form.columns.filter((c) => !style.omitColumns.has(c.name)).map((c) => c.index);
  if (style.shuffleColumns) {
    for (let i = columns.length - 1; i > 0; i--) {
      const j = random.int(0, i);
      [columns[i], columns[j]] = [columns[j]!, columns[i]!];
    }
  }
  if (style.extraColumn) columns.splice(random.int(1, columns.length), 0, -1);
  const header = columns.map((c, i) =>
    headerText(
      style,
      c === -1 ? style.extraColumn!.name : form.columns[c]!.name,
      mixHash(style.hash, i * 31 + form.code.length),
    ),
  );
  return { columns, header };
}

function sheetName(style: SiteStyle, form: string): string {
  if (style.xlsx.sheetCase === 'upper') return form;
  if (style.xlsx.sheetCase === 'lower') return form.toLowerCase();
  return hashPick(hashText(form, style.hash), [
    form,
    form.toLowerCase(),
    form[0] + form.slice(1).toLowerCase(),
  ]);
}

function cellText(cell: SheetCell): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return cell;
  return String(typeof cell === 'number' ? cell : cell.serial);
}

export function buildSiteExport(
  model: StudyModel,
  style: SiteStyle,
  exportDateIso: string,
  rowsByForm: ReadonlyMap<string, TruthRow[]>,
): BuiltSiteExport {
  const name = siteExportName(style.siteId, exportDateIso);
  const expected: ExpectedForm[] = [];
  const sheets: SheetData[] = [];
  const files: ExportFile[] = [];
  const format = style.format;
  for (const form of model.forms) {
    const formatter = new RowFormatter(style, model, form);
    const layout = layoutOf(style, form);
    const rows = rowsByForm.get(form.code) ?? [];
    const records: Record<string, TruthValue>[] = new Array(rows.length);
    const keys: string[] = new Array(rows.length);
    const json: string[] = new Array(rows.length);
    const lines: SheetCell[][] = new Array(rows.length);
    rows.forEach((row, r) => {
      const { cells, expected: values } = formatter.format(row);
      const record: Record<string, TruthValue> = {};
      form.columns.forEach((c) => (record[c.name] = values[c.index] ?? null));
      records[r] = record;
      json[r] = JSON.stringify(record);
      keys[r] = row.key;
      lines[r] = layout.columns.map((c) =>
        c === -1
          ? hashPick(hashText(`${row.key}|extra`, style.hash), style.extraColumn!.values)
          : (cells[c] ?? null),
      );
    });
    expected.push({ form: form.code, records, json, keys });
    if (format.container === 'xlsx') {
      sheets.push({ name: sheetName(style, form.code), header: layout.header, rows: lines });
    } else {
      const text = csvText(
        layout.header,
        lines.map((l) => l.map(cellText)),
        format.delimiter!,
        format.eol!,
        style.quoteAll,
      );
      files.push({
        path: `${name}/${formFileName(style.fileNaming, style.siteId, form.code, exportDateIso, format.extension!)}`,
        bytes: encodeCsv(text, format.encoding!),
      });
    }
  }
  if (format.container === 'xlsx')
    files.push({ path: `${name}.xlsx`, bytes: encodeWorkbook(sheets, { date1904: style.xlsx.date1904 }) });
  if (format.zipped) return { name: `${name}.zip`, files: [zipped(name, files)], expected };
  return { name: format.container === 'xlsx' ? `${name}.xlsx` : name, files, expected };
}

/** The export as one zip: a workbook by itself, a folder of CSV files under a Korean folder name. */
function zipped(name: string, files: readonly ExportFile[]): ExportFile {
  const entries = files.map((file) => ({
    name: file.path.startsWith(`${name}/`)
      ? `${name}_자료추출/${file.path.slice(name.length + 1)}`
      : file.path,
    bytes: file.bytes,
  }));
  return { path: `${name}.zip`, bytes: zipLikeWindows(entries) };
}
