import type { DataRecord, RecordDetail } from '../../../shared/api/data';
import type { Language } from '../../../shared/messages/language';
import type { ReviewState } from '../../../shared/api/review';
import type { ValueIssue } from '../standardise/standardise-value';
import { messageText } from '../study/message-text';
import type { FormModel } from '../study/study-model';
import { codingJoin, dataColumnsSql, formTable } from './form-tables';
import { changesSinceReview } from './review-changes-repo';
import { REVIEW_JOIN_SQL, REVIEW_STATE_SQL, reviewParams, reviewSource } from './review-repo';
import type { StudyDatabase } from './study-database';
import { connectionOf } from './connection';

export interface RecordFilter {
  form: FormModel;
  subject?: string;
  site?: string;
  deleted: boolean;
  /**
   * The person whose review the records are listed with; only the records in one state of it,
   * at the given sites (those the review status says hold some).
   */
  review?: { user: string; state?: ReviewState; sites?: readonly string[] };
}

interface RecordSource {
  from: string;
  where: string;
  /** The columns the records are listed in order of: site, subject, record id. */
  keys: [site: string, subject: string, recordId: string];
  params: Record<string, unknown>;
}

/** Where a filter's records are read from, and in which order (site, subject, then as loaded). */
function recordSource(f: RecordFilter): RecordSource {
  const table = formTable(f.form.code);
  const state = f.review?.state;
  const source = state
    ? reviewSource(f.form, f.review!.user, state, f.review!.sites)
    : {
        from: `${table} r`,
        where: f.deleted ? [] : ['r.deleted_import_id IS NULL'],
        site: 'r.site_id',
        subject: 'r.subject_id',
        recordId: 'r.record_id',
        params: {},
      };
  const where = [...source.where];
  const params: Record<string, unknown> = { ...source.params };
  if (f.subject !== undefined) {
    where.push(`${source.subject} = @subject`);
    params.subject = f.subject;
  }
  if (f.site !== undefined) {
    where.push(`${source.site} = @site`);
    params.site = f.site;
  }
  return {
    from: source.from,
    where: where.length ? `WHERE ${where.join(' AND ')}` : '',
    keys: [source.site, source.subject, source.recordId],
    params,
  };
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
  const { from, where, params } = recordSource(filter);
  const row = connectionOf(database).prepare(`SELECT count(*) AS n FROM ${from} ${where}`).get(params) as {
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
  const { from, where, keys, params } = recordSource(filter);
  const [site, subject, id] = keys;
  const form = filter.form;
  // Raw records are listed without their standardised values, unless the review needs them (what changed).
  const standard = options.raw && !filter.review ? [] : dataColumnsSql(form);
  // What changed since a review compares the values the site sent: a coded column in place of the
  // form's own (AEDECOD) is read as stored too, beside its coded value.
  const own = filter.review
    ? form.dataColumns.filter((d) => d.coded && d.form).map((d) => `, r."${d.name}" AS "_own_${d.name}"`)
    : [];
  const review = filter.review ? `, ${REVIEW_STATE_SQL} AS _review${own.join('')}` : '';
  // The page's ids first, sorted from narrow indexes; then only those records are read.
  const statement = connectionOf(database).prepare(
    `SELECT r.record_id, r.site_id, r.deleted_import_id, r.raw, r.extra, r.line, s.path AS file, s.sheet${standard.map((c) => `, ${c}`).join('')}${review}
     FROM (SELECT ${site} AS site, ${subject} AS subject, ${id} AS id FROM ${from} ${where}
           ORDER BY ${site}, ${subject}, ${id} LIMIT @limit OFFSET @offset) page
     JOIN ${formTable(form.code)} r ON r.record_id = page.id
     ${filter.review ? REVIEW_JOIN_SQL : ''}
     JOIN import_sources s ON s.id = r.source_id ${standard.length ? codingJoin(form) : ''}
     ORDER BY page.site, page.subject, page.id`,
  );
  const rows = statement.all({
    ...params,
    ...(filter.review ? reviewParams(filter.review.user, form.code) : {}),
    limit: options.limit,
    offset: options.offset,
  }) as Row[];
  const changes = filter.review ? changesOfRows(database, filter.form, filter.review.user, rows) : undefined;
  for (const row of rows) {
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
      for (const c of form.dataColumns) record[c.name] = row[c.name] ?? null;
    }
    if (filter.deleted) record._deleted = row.deleted_import_id !== null;
    if (filter.review) {
      record._review = row._review as string;
      const changed = changes?.get(row.record_id as number);
      if (changed) record._changed = changed;
    }
    yield record;
  }
}

/** The stored values of the form's columns that a coded column stands in for, by the column's name. */
function ownValues(form: FormModel, row: Row): Row {
  const own: Row = {};
  for (const d of form.dataColumns) if (d.coded && d.form) own[d.name] = row[`_own_${d.name}`] ?? null;
  return own;
}

/** What changed since the person's review, for the rows that changed since. */
function changesOfRows(database: StudyDatabase, form: FormModel, user: string, rows: readonly Row[]) {
  const changed = rows
    .filter((r) => r._review === 'changed')
    .map((r) => ({
      recordId: r.record_id as number,
      values: { ...r, ...ownValues(form, r) },
      raw: JSON.parse(r.raw as string) as (string | null)[],
    }));
  return changesSinceReview(database, form, user, changed);
}

/**
 * Every live record of a form as one array [site, ...standardised values in the order of
 * `dataColumns`, coded ones included], in the order of `data` unless `ordered` is false: the fast
 * path of the analysis and table files (no provenance, no objects).
 */
export function iterateStandardValues(
  database: StudyDatabase,
  form: FormModel,
  options: { ordered: boolean } = { ordered: true },
): IterableIterator<(string | number | null)[]> {
  const columns = dataColumnsSql(form).join(', ');
  // Unordered, SQLite need not sort the table (enough to measure the values).
  const order = options.ordered ? 'ORDER BY r.site_id, r.subject_id, r.record_id' : '';
  return connectionOf(database)
    .prepare(
      `SELECT r.site_id, ${columns} FROM ${formTable(form.code)} r ${codingJoin(form)} WHERE r.deleted_import_id IS NULL ${order}`,
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
      `SELECT r.record_id, r.site_id, r.subject_id, r.record_key, r.occurrence, r.deleted_import_id, r.import_id, r.line, r.raw,
              r.extra, r.issues, s.path AS file, s.sheet, ${dataColumnsSql(form).join(', ')}
       FROM ${formTable(form.code)} r JOIN import_sources s ON s.id = r.source_id ${codingJoin(form)} WHERE r.record_id = ?`,
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
    fields: form.dataColumns.map((col) => ({
      name: col.name,
      label: (language === 'ko' && col.labelKo) || col.label,
      raw: col.form ? (raw[col.form.index] ?? null) : null,
      value: (row[col.name] as string | number | null) ?? null,
      issue: issueText(database, issues[col.name], language),
      derived: !col.form,
    })),
    extra: row.extra ? (JSON.parse(row.extra) as [string, string][]) : [],
    history,
  };
}
