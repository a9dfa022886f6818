import type { Progress } from '../common/call-context';
import fs from 'node:fs';
import path from 'node:path';
import type { Cut } from '../../../shared/api/cuts';
import { DISCREPANCY_EXPORT_FIELDS } from '../../../shared/api/discrepancies';
import { DATA_FILE_FORMATS } from '../../../shared/api/exports';
import { copyStudyToFile } from '../db/cuts-repo';
import { listDiscrepancies } from '../db/discrepancies-repo';
import type { StudyDatabase } from '../db/study-database';
import { csvFileWriter, xlsxFileWriter } from '../export/table-files';
import { writeFormFiles } from '../export/write-form-files';
import { SNAPSHOT_DATABASE, describeFiles, writeManifest, type SnapshotManifest } from './snapshot-manifest';

const PAGE = 20_000;

/** The discrepancy list as CSV and xlsx, a page at a time; returns how many there are. */
async function writeDiscrepancies(database: StudyDatabase, dir: string): Promise<number> {
  const columns = [...DISCREPANCY_EXPORT_FIELDS];
  const tables = [
    csvFileWriter(path.join(dir, 'discrepancies.csv'), columns),
    await xlsxFileWriter(path.join(dir, 'discrepancies.xlsx'), 'discrepancies', columns),
  ];
  for (let offset = 0; ; offset += PAGE) {
    const page = listDiscrepancies(database, { offset, limit: PAGE });
    const rows = page.rows.map((d) => columns.map((c) => d[c]));
    for (const table of tables) table.add(rows);
    if (offset + page.rows.length >= page.total || page.rows.length === 0) {
      for (const table of tables) await table.finish();
      return page.total;
    }
  }
}

/**
 * The snapshot of a locked cut (workflow.md): a consistent copy of the database (SQLite backup
 * API); each form as CDISC Dataset-JSON (datasets/), SAS V5 transport (xpt/), CSV (UTF-8 with BOM,
 * for Excel and Korean text) and xlsx (forms/), described by define.xml; the discrepancy list; and
 * a manifest with the SHA-256 of every file.
 */
export async function writeSnapshot(
  database: StudyDatabase,
  dir: string,
  cut: Cut,
  now: Date,
  progress?: Progress,
): Promise<{ manifest: SnapshotManifest; manifestSha256: string; warnings: string[] }> {
  fs.mkdirSync(dir, { recursive: true });
  await copyStudyToFile(database, path.join(dir, SNAPSHOT_DATABASE));
  const forms = await writeFormFiles(database, dir, {
    forms: database.model.forms,
    formats: new Set(DATA_FILE_FORMATS),
    createdAt: now,
    cut: { name: cut.name, lockedAt: cut.lockedAt },
    progress,
  });
  const discrepancies = await writeDiscrepancies(database, dir);
  const files = await describeFiles(dir, [
    { path: SNAPSHOT_DATABASE, format: 'database' },
    ...forms.files,
    { path: 'discrepancies.csv', format: 'csv' },
    { path: 'discrepancies.xlsx', format: 'xlsx' },
  ]);
  const manifest: SnapshotManifest = {
    format: 'cdm-snapshot/1',
    cut: cut.name,
    study: { code: database.model.definition.study.code, name: database.model.definition.study.name },
    lockedBy: cut.lockedBy,
    lockedAt: cut.lockedAt,
    reason: cut.reason,
    forced: cut.forced,
    rowCounts: forms.rowCounts,
    discrepancies,
    files,
  };
  return { manifest, manifestSha256: await writeManifest(dir, manifest), warnings: forms.warnings };
}
