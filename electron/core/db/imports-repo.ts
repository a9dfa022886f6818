import type { MessageArgs } from '../../../shared/messages/render-message';
import type { FormCounts, ImportHistoryItem, NumberDates } from '../../../shared/api/imports';
import type { IssueWithArgs } from '../common/issue-with-args';
import type { StudyDatabase } from './study-database';
import { connectionOf } from './connection';
import { insertReturningId } from './statement-cache';

export interface NewImport {
  siteId: string;
  exportDate: string;
  exportDay: number;
  source: string;
  user: string;
  at: string;
  forms: Record<string, FormCounts>;
  unknownColumns: { form: string; column: string; file: string }[];
  warningCount: number;
  errorCount: number;
  /** The subjects whose records the import changes in any way a check can see. */
  changedSubjects: readonly string[];
}

export function insertImport(database: StudyDatabase, i: NewImport): number {
  const connection = connectionOf(database);
  return insertReturningId(
    connection,
    `INSERT INTO imports (site_id, export_date, export_day, source, imported_by, imported_at, summary, unknown_columns, warning_count, error_count, changed_subjects)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    i.siteId,
    i.exportDate,
    i.exportDay,
    i.source,
    i.user,
    i.at,
    JSON.stringify(i.forms),
    JSON.stringify(i.unknownColumns),
    i.warningCount,
    i.errorCount,
    JSON.stringify(i.changedSubjects),
  );
}

export interface NewSource {
  importId: number;
  path: string;
  fileName: string;
  sheet: string | null;
  form: string;
  encoding: string | null;
  sha256: string;
  bytes: number;
  rows: number;
  numberDates: NumberDates;
}

const NO_NUMBER_DATES: NumberDates = { serial: 0, year: 0, yyyymmdd: 0 };

export function insertSource(database: StudyDatabase, s: NewSource): number {
  const connection = connectionOf(database);
  return insertReturningId(
    connection,
    `INSERT INTO import_sources (import_id, path, file_name, sheet, form, encoding, sha256, bytes, rows, number_dates)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    s.importId,
    s.path,
    s.fileName,
    s.sheet,
    s.form,
    s.encoding,
    s.sha256,
    s.bytes,
    s.rows,
    Object.values(s.numberDates).some((n) => n > 0) ? JSON.stringify(s.numberDates) : null,
  );
}

export function issueWriter(
  database: StudyDatabase,
): (importId: number, sourceId: number | null, issue: IssueWithArgs) => void {
  const connection = connectionOf(database);
  const insert = connection.prepare(
    `INSERT INTO import_issues (import_id, source_id, form, line, column_name, level, code, message, message_args)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return (importId, sourceId, i) => {
    const args = i.args === null ? null : JSON.stringify(i.args);
    insert.run(importId, sourceId, i.form, i.line, i.column, i.level, i.code, i.message, args);
  };
}

/** The newest import id: a preview is only committed while it is still the newest. */
export function latestImportId(database: StudyDatabase): number {
  const row = connectionOf(database).prepare('SELECT coalesce(max(id), 0) AS id FROM imports').get() as {
    id: number;
  };
  return row.id;
}

export function knownSites(database: StudyDatabase): Set<string> {
  const rows = connectionOf(database).prepare('SELECT DISTINCT site_id FROM imports').raw().all() as [
    string,
  ][];
  return new Set(rows.map((r) => r[0]));
}

export function latestExportOfSite(
  database: StudyDatabase,
  siteId: string,
): { exportDate: string; exportDay: number } | undefined {
  return connectionOf(database)
    .prepare(
      'SELECT export_date AS exportDate, export_day AS exportDay FROM imports WHERE site_id = ? ORDER BY export_day DESC, id DESC LIMIT 1',
    )
    .get(siteId) as { exportDate: string; exportDay: number } | undefined;
}

type SourceRow = Omit<ImportHistoryItem['files'][number], 'numberDates'> & { number_dates: string | null };

interface ImportRow {
  id: number;
  site_id: string;
  export_date: string;
  source: string;
  imported_by: string;
  imported_at: string;
  summary: string;
  warning_count: number;
  error_count: number;
}

type StoredIssue = Omit<IssueWithArgs, 'args'> & { args: string | null };

/** The imports, oldest first, each with its first warnings (their messages in English and as named values). */
export function importHistory(
  database: StudyDatabase,
  warningsPerImport: number,
): (Omit<ImportHistoryItem, 'warnings'> & { warnings: IssueWithArgs[] })[] {
  const c = connectionOf(database);
  const imports = c.prepare('SELECT * FROM imports ORDER BY id').all() as ImportRow[];
  const sources = c.prepare(
    'SELECT path, sheet, form, encoding, rows, sha256, number_dates FROM import_sources WHERE import_id = ? ORDER BY id',
  );
  const issues = c.prepare(
    `SELECT i.level, i.code, s.path AS file, s.sheet, i.form, i.line, i.column_name AS "column", i.message, i.message_args AS args
     FROM import_issues i LEFT JOIN import_sources s ON s.id = i.source_id WHERE i.import_id = ? ORDER BY i.id LIMIT ?`,
  );
  return imports.map((i) => ({
    importId: i.id,
    siteId: i.site_id,
    exportDate: i.export_date,
    source: i.source,
    importedBy: i.imported_by,
    importedAt: i.imported_at,
    files: (sources.all(i.id) as SourceRow[]).map(({ number_dates, ...file }) => ({
      ...file,
      numberDates: number_dates === null ? NO_NUMBER_DATES : (JSON.parse(number_dates) as NumberDates),
    })),
    forms: JSON.parse(i.summary) as Record<string, FormCounts>,
    warningCount: i.warning_count,
    errorCount: i.error_count,
    warnings: (issues.all(i.id, warningsPerImport) as StoredIssue[]).map((w) => ({
      ...w,
      args: w.args === null ? null : (JSON.parse(w.args) as MessageArgs),
    })),
  }));
}

export function importedAt(database: StudyDatabase, importId: number): string {
  const row = connectionOf(database)
    .prepare('SELECT imported_at AS at FROM imports WHERE id = ?')
    .get(importId) as { at: string } | undefined;
  if (!row) throw new Error(`import ${importId} does not exist`);
  return row.at;
}
