import type { DataRecord, RecordDetail } from '../../../shared/api/data';
import type { Language } from '../../../shared/messages/language';
import type { ValueIssue } from '../standardise/standardise-value';
import { messageText } from '../study/message-text';
import type { FormModel } from '../study/study-model';
import { formTable } from './form-tables';
import type { StudyDatabase } from './study-database';
import { connectionOf } from './connection';

export interface RecordFilter {
  form: FormModel;
  subject?: string;
  site?: string;
  deleted: boolean;
}

function whereClause(f: RecordFilter): { sql: string; params: string[] } {
  const conditions: string[] = [];
  const params: string[] = [];
  if (!f.deleted) conditions.push('r.deleted_import_id IS NULL');
  if (f.subject !== undefined) {
    conditions.push('r.subject_id = ?');
    params.push(f.subject);
  }
  if (f.site !== undefined) {
    conditions.push('r.site_id = ?');
    params.push(f.site);
  }
  return { sql: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

/** What the import found wrong with a value, in a language (an issue of an old import has only its English text). */
function issueText(
  database: StudyDatabase,
  issue: ValueIssue | undefined,
  language: Language,
): string | null {
  if (issue === undefined) return null;
  return messageText(database.model, issue.check, issue.args, issue.message, language);
}

export function countRecords(database: StudyDatabase, filter: RecordFilter): number {
  const { sql, params } = whereClause(filter);
  const row = connectionOf(database)
    .prepare(`SELECT count(*) AS n FROM ${formTable(filter.form.code)} r ${sql}`)
    .get(...params) as {
    n: number;
  };
  return row.n;
}

type Row = Record<string, string | number | null>;

/** One page of records in a stable order: site, subject, then as loaded. */
export function* iterateRecords(
  database: StudyDatabase,
  filter: RecordFilter,
  options: { raw: boolean; offset: number; limit: number; withSite?: boolean; withIds?: boolean },
): Generator<DataRecord> {
  const { sql, params } = whereClause(filter);
  const form = filter.form;
  const standard = form.columns.map((c) => `r."${c.name}"`);
  const statement = connectionOf(database).prepare(
    `SELECT r.record_id, r.site_id, r.deleted_import_id, r.raw, r.extra, r.line, s.path AS file, s.sheet, ${standard.join(', ')}
     FROM ${formTable(form.code)} r JOIN import_sources s ON s.id = r.source_id
     ${sql} ORDER BY r.site_id, r.subject_id, r.record_id LIMIT ? OFFSET ?`,
  );
  for (const row of statement.iterate(...params, options.limit, options.offset) as Iterable<Row>) {
    // Keys are column names of the file, which may be anything (even "__proto__"): no prototype.
    const record: DataRecord = Object.create(null) as DataRecord;
    if (options.withIds) record._recordId = row.record_id as number;
    if (options.withSite) record._site = row.site_id as string;
    if (options.raw) {
      const raw = JSON.parse(row.raw as string) as (string | null)[];
      form.columns.forEach((c, i) => {
        record[c.name] = raw[i] ?? null;
      });
      if (row.extra) {
        for (const [name, value] of JSON.parse(row.extra as string) as [string, string][]) {
          if (!(name in record)) record[name] = value;
        }
      }
      record._file = row.file as string;
      record._sheet = row.sheet ?? null;
      record._line = row.line as number;
    } else {
      for (const c of form.columns) record[c.name] = row[c.name] ?? null;
    }
    if (filter.deleted) record._deleted = row.deleted_import_id !== null;
    yield record;
  }
}

/**
 * Every live record of a form as one array [site, ...standardised values in column order], in the
 * order of `data` unless `ordered` is false: the fast path of the analysis and table files (no
 * provenance, no objects).
 */
export function iterateStandardValues(
  database: StudyDatabase,
  form: FormModel,
  options: { ordered: boolean } = { ordered: true },
): IterableIterator<(string | number | null)[]> {
  const columns = form.columns.map((c) => `r."${c.name}"`).join(', ');
  // Unordered, SQLite need not sort the table (enough to measure the values).
  const order = options.ordered ? 'ORDER BY r.site_id, r.subject_id, r.record_id' : '';
  return connectionOf(database)
    .prepare(
      `SELECT r.site_id, ${columns} FROM ${formTable(form.code)} r WHERE r.deleted_import_id IS NULL ${order}`,
    )
    .raw(true)
    .iterate() as IterableIterator<(string | number | null)[]>;
}

interface DetailRow {
  record_id: number;
  site_id: string;
  subject_id: string;
  record_key: string;
  occurrence: number;
  deleted_import_id: number | null;
  import_id: number;
  line: number;
  raw: string;
  extra: string | null;
  issues: string | null;
  file: string;
  sheet: string | null;
  [column: string]: unknown;
}

export function recordDetail(
  database: StudyDatabase,
  form: FormModel,
  recordId: number,
  language: Language = 'en',
): RecordDetail | undefined {
  const c = connectionOf(database);
  const row = c
    .prepare(
      `SELECT r.*, s.path AS file, s.sheet FROM ${formTable(form.code)} r JOIN import_sources s ON s.id = r.source_id WHERE r.record_id = ?`,
    )
    .get(recordId) as DetailRow | undefined;
  if (!row) return undefined;
  const raw = JSON.parse(row.raw) as (string | null)[];
  const issues = row.issues ? (JSON.parse(row.issues) as Record<string, ValueIssue>) : {};
  const history = c
    .prepare(
      `SELECT ch.import_id AS importId, i.export_date AS exportDate, i.imported_at AS importedAt, ch.change, ch.field,
              ch.old_raw AS oldRaw, ch.new_raw AS newRaw
       FROM record_changes ch JOIN imports i ON i.id = ch.import_id
       WHERE ch.form = ? AND ch.record_id = ? ORDER BY ch.id`,
    )
    .all(form.code, recordId) as RecordDetail['history'];
  return {
    form: form.code,
    recordId,
    siteId: row.site_id,
    subjectId: row.subject_id,
    recordKey: row.occurrence > 1 ? `${row.record_key}#${row.occurrence}` : row.record_key,
    deleted: row.deleted_import_id !== null,
    file: row.file,
    sheet: row.sheet,
    line: row.line,
    importId: row.import_id,
    fields: form.columns.map((col, i) => ({
      name: col.name,
      label: (language === 'ko' && col.labelKo) || col.label,
      raw: raw[i] ?? null,
      value: (row[col.name] as string | number | null) ?? null,
      issue: issueText(database, issues[col.name], language),
    })),
    extra: row.extra ? (JSON.parse(row.extra) as [string, string][]) : [],
    history,
  };
}
