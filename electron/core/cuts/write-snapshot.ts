import fs from 'node:fs';
import path from 'node:path';
import type { Cut } from '../../../shared/api/cuts';
import { DISCREPANCY_EXPORT_FIELDS } from '../../../shared/api/discrepancies';
import { copyStudyToFile } from '../db/cuts-repo';
import { countRecords, iterateRecords } from '../db/data-repo';
import { listDiscrepancies } from '../db/discrepancies-repo';
import type { StudyDatabase } from '../db/study-database';
import { UTF8_BOM, toCsv, type CsvValue } from '../export/csv-writer';
import type { FormModel } from '../study/study-model';
import { sha256File } from '../common/file-hash';
import { MANIFEST, SNAPSHOT_DATABASE, type SnapshotManifest } from './snapshot-manifest';

const PAGE = 20_000;

async function writeRows(
  base: string,
  sheetName: string,
  columns: string[],
  pages: () => Generator<CsvValue[][]>,
): Promise<string[]> {
  const csvFile = `${base}.csv`;
  const xlsxFile = `${base}.xlsx`;
  const csv = fs.openSync(csvFile, 'w');
  fs.writeSync(csv, `${UTF8_BOM}${toCsv(columns, [])}\r\n`);
  // Loaded on first use: ExcelJS takes a second to load, and most commands never write a spreadsheet.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: xlsxFile,
    useSharedStrings: false,
    useStyles: true,
  });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(columns).commit();
  for (const rows of pages()) {
    if (rows.length) fs.writeSync(csv, `${toCsv(columns, rows, { header: false })}\r\n`);
    // Text is written as text (a string cell is never a formula), numbers as numbers.
    for (const row of rows) sheet.addRow(row.map((v) => (v === null || v === undefined ? null : v))).commit();
  }
  fs.closeSync(csv);
  sheet.commit();
  await workbook.commit();
  return [csvFile, xlsxFile];
}

function* formPages(database: StudyDatabase, form: FormModel, total: number): Generator<CsvValue[][]> {
  for (let offset = 0; offset < total; offset += PAGE) {
    const filter = { form, deleted: false };
    yield [...iterateRecords(database, filter, { raw: false, offset, limit: PAGE, withSite: true })].map(
      (r) => [r._site ?? null, ...form.columns.map((c) => r[c.name] ?? null)],
    ) as CsvValue[][];
  }
}

/**
 * The snapshot of a locked cut (workflow.md): a consistent copy of the database (SQLite backup
 * API), one file per form as CSV (UTF-8 with BOM, for Excel and Korean text) and xlsx, the
 * discrepancy list, and a manifest with the SHA-256 of every file.
 */
export async function writeSnapshot(
  database: StudyDatabase,
  dir: string,
  cut: Cut,
): Promise<{ manifest: SnapshotManifest; manifestSha256: string }> {
  fs.mkdirSync(path.join(dir, 'forms'), { recursive: true });
  await copyStudyToFile(database, path.join(dir, SNAPSHOT_DATABASE));
  const written: string[] = [path.join(dir, SNAPSHOT_DATABASE)];
  const rowCounts: Record<string, number> = {};
  for (const form of database.model.forms) {
    const total = countRecords(database, { form, deleted: false });
    rowCounts[form.code] = total;
    const columns = ['_SITE', ...form.columns.map((c) => c.name)];
    written.push(
      ...(await writeRows(path.join(dir, 'forms', form.code), form.code, columns, () =>
        formPages(database, form, total),
      )),
    );
  }
  const discrepancyColumns = DISCREPANCY_EXPORT_FIELDS;
  let discrepancyTotal = 0;
  written.push(
    ...(await writeRows(
      path.join(dir, 'discrepancies'),
      'discrepancies',
      [...discrepancyColumns],
      function* () {
        for (let offset = 0; ; offset += PAGE) {
          const { rows, total } = listDiscrepancies(database, { offset, limit: PAGE });
          discrepancyTotal = total;
          yield rows.map((d) => discrepancyColumns.map((c) => d[c]));
          if (offset + rows.length >= total || rows.length === 0) break;
        }
      },
    )),
  );
  const files = [];
  for (const file of written) {
    files.push({
      path: path.relative(dir, file).split(path.sep).join('/'),
      sha256: await sha256File(file),
      bytes: fs.statSync(file).size,
    });
  }
  const manifest: SnapshotManifest = {
    format: 'cdm-snapshot/1',
    cut: cut.name,
    study: { code: database.model.definition.study.code, name: database.model.definition.study.name },
    lockedBy: cut.lockedBy,
    lockedAt: cut.lockedAt,
    reason: cut.reason,
    forced: cut.forced,
    rowCounts,
    discrepancies: discrepancyTotal,
    files,
  };
  const manifestFile = path.join(dir, MANIFEST);
  fs.writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  return { manifest, manifestSha256: await sha256File(manifestFile) };
}
