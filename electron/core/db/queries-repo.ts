import type { DiscrepancyStatus } from '../../../shared/api/discrepancies';
import type { QueryListEvent } from '../../../shared/api/queries';
import type { FormModel } from '../study/study-model';
import { formTable } from './form-tables';
import { QUERY_IDS, serializeWrites, type StudyDatabase } from './study-database';
import { connectionOf } from './connection';
import { insertReturningId } from './statement-cache';

/**
 * The SQL of query lists: manual queries, the outstanding queries of each site, the lists written
 * and answered, and the answers. The callers hold the transaction.
 */

// ---------------------------------------------------------------------------------------------
// Manual queries

export interface LiveRecord {
  recordId: number;
  siteId: string;
  subjectId: string;
  /** As shown in discrepancies: the key, with #n for the n-th record of the same key. */
  displayKey: string;
  raw: (string | null)[];
}

/** A live (not deleted) record of a subject by its key and occurrence; the exact spelling first, then ignoring case. */
export function findLiveRecord(
  database: StudyDatabase,
  form: FormModel,
  subjectId: string,
  recordKey: string,
  occurrence: number,
): LiveRecord | undefined {
  const table = formTable(form.code);
  const select = (collate: string) =>
    connectionOf(database)
      .prepare(
        `SELECT record_id AS recordId, site_id AS siteId, subject_id AS subjectId, record_key AS recordKey, occurrence, raw
         FROM ${table} WHERE subject_id = ? AND record_key = ? ${collate} AND occurrence = ? AND deleted_import_id IS NULL`,
      )
      .all(subjectId, recordKey, occurrence) as {
      recordId: number;
      siteId: string;
      subjectId: string;
      recordKey: string;
      occurrence: number;
      raw: string;
    }[];
  let rows = select('');
  if (rows.length === 0) rows = select('COLLATE NOCASE');
  if (rows.length !== 1) return undefined;
  const r = rows[0]!;
  return {
    recordId: r.recordId,
    siteId: r.siteId,
    subjectId: r.subjectId,
    displayKey: r.occurrence > 1 ? `${r.recordKey}#${r.occurrence}` : r.recordKey,
    raw: JSON.parse(r.raw) as (string | null)[],
  };
}

/** Whether a subject has any record in the form (to say which of subject or record is wrong). */
export function subjectHasRecords(database: StudyDatabase, form: FormModel, subjectId: string): boolean {
  return (
    connectionOf(database)
      .prepare(
        `SELECT 1 FROM ${formTable(form.code)} WHERE subject_id = ? AND deleted_import_id IS NULL LIMIT 1`,
      )
      .get(subjectId) !== undefined
  );
}

export const MANUAL_CHECK_ID = 'MANUAL';

/** How many manual discrepancies were raised on this record's field so far (identities MANUAL|form|key|field|n, by their index). */
export function manualCountOnField(
  database: StudyDatabase,
  form: string,
  displayKey: string,
  field: string,
): number {
  const prefix = [MANUAL_CHECK_ID, form, displayKey, field, ''].join('|');
  serializeWrites(database, 'manual queries');
  return (
    connectionOf(database)
      .prepare(
        "SELECT count(*) AS n FROM discrepancies WHERE identity > ? AND identity < ? AND substr(identity, ?, 1) BETWEEN '0' AND '9'",
      )
      .get(prefix, `${prefix}:`, prefix.length + 1) as { n: number }
  ).n;
}

export interface NewManualDiscrepancy {
  identity: string;
  siteId: string;
  subjectId: string;
  form: string;
  recordId: number;
  recordKey: string;
  field: string;
  value: string | null;
  message: string;
  at: string;
}

export function insertManualDiscrepancy(database: StudyDatabase, d: NewManualDiscrepancy): number {
  return insertReturningId(
    connectionOf(database),
    `INSERT INTO discrepancies (identity, check_id, category, severity, site_id, subject_id, form, record_id, record_key, field, value,
       message, fingerprint, related, status, manual, first_run_id, last_run_id, first_found, last_found, status_changed_at)
     VALUES (@identity, @checkId, 'MANUAL', 'major', @siteId, @subjectId, @form, @recordId, @recordKey, @field, @value,
       @message, @message || char(1) || coalesce(@value, ''), NULL, 'OPEN', 1, NULL, NULL, @at, @at, @at) RETURNING id`,
    { ...d, checkId: MANUAL_CHECK_ID },
  );
}

// ---------------------------------------------------------------------------------------------
// Outstanding queries and the lists that send them

/** A discrepancy a site must still answer: OPEN (its query is made at export) or QUERIED and unanswered. */
export interface OutstandingItem {
  discrepancyId: number;
  status: DiscrepancyStatus;
  siteId: string;
  subjectId: string;
  form: string;
  recordKey: string;
  field: string;
  value: string | null;
  checkId: string;
  discrepancyMessage: string;
  /** The check's named values (JSON), to write the message in the site's language; null: its text as stored. */
  messageArgs: string | null;
  queryId: string | null;
  queryMessage: string | null;
  sentAt: string | null;
}

export function outstandingItems(database: StudyDatabase, siteId: string | undefined): OutstandingItem[] {
  return connectionOf(database)
    .prepare(
      `SELECT d.id AS discrepancyId, d.status, d.site_id AS siteId, d.subject_id AS subjectId, d.form, d.record_key AS recordKey, d.field,
              d.value, d.check_id AS checkId, d.message AS discrepancyMessage, d.message_args AS messageArgs, q.id AS queryId, q.message AS queryMessage, q.sent_at AS sentAt
       FROM discrepancies d LEFT JOIN queries q ON q.id = d.query_id
       WHERE d.status IN ('OPEN', 'QUERIED') AND (@site IS NULL OR d.site_id = @site)
         AND (d.status = 'OPEN' OR q.answer IS NULL)
       ORDER BY d.site_id, d.subject_id, d.form, d.record_key, d.field, d.id`,
    )
    .all({ site: siteId ?? null }) as OutstandingItem[];
}

/** The number the next query ID will carry (createQuery makes Q-000001, Q-000002, ... in order). */
export function nextQueryNumber(database: StudyDatabase): number {
  serializeWrites(database, QUERY_IDS);
  const row = connectionOf(database)
    .prepare("SELECT max(CAST(substr(id, 3) AS INTEGER)) AS n FROM queries WHERE id LIKE 'Q-%'")
    .get() as { n: number | null };
  return (row.n ?? 0) + 1;
}

/** The number the next query list ID (L0001, ...) will carry. */
export function nextListNumber(database: StudyDatabase): number {
  serializeWrites(database, 'query list ids');
  const row = connectionOf(database)
    .prepare(
      "SELECT max(CAST(substr(list_id, 2) AS INTEGER)) AS n FROM query_lists WHERE kind = 'export' AND list_id LIKE 'L%'",
    )
    .get() as { n: number | null };
  return (row.n ?? 0) + 1;
}

export interface NewQueryList {
  kind: 'export' | 'import';
  at: string;
  user: string;
  siteId: string | null;
  file: string;
  queries: number;
  applied: number;
  rejected: number;
  unchanged: number;
  listId: string | null;
  format: string | null;
  siteExportDate: string | null;
  sha256: string | null;
  details: string | null;
}

export function insertQueryList(database: StudyDatabase, l: NewQueryList): number {
  return insertReturningId(
    connectionOf(database),
    `INSERT INTO query_lists (kind, at, user_name, site_id, file, queries, applied, rejected, unchanged, list_id, format, site_export_date, sha256, details)
     VALUES (@kind, @at, @user, @siteId, @file, @queries, @applied, @rejected, @unchanged, @listId, @format, @siteExportDate, @sha256, @details) RETURNING id`,
    l,
  );
}

export interface QueryListRow {
  queryId: string;
  rowNumber: number;
  subjectId: string;
  form: string;
  recordKey: string;
  field: string;
  value: string | null;
  message: string;
  dateSent: string;
}

export function insertQueryListRows(
  database: StudyDatabase,
  listRowId: number,
  rows: readonly QueryListRow[],
): void {
  const insert = connectionOf(database).prepare(
    `INSERT INTO query_list_rows (list_id, query_id, row_number, subject_id, form, record_key, field, value, message, date_sent)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const r of rows)
    insert.run(
      listRowId,
      r.queryId,
      r.rowNumber,
      r.subjectId,
      r.form,
      r.recordKey,
      r.field,
      r.value,
      r.message,
      r.dateSent,
    );
}

/** Marks a query sent in a list: the first date sent stays; the file is the latest list it is in. Returns the previous file. */
export function markQuerySent(
  database: StudyDatabase,
  queryId: string,
  at: string,
  file: string,
): string | null {
  const c = connectionOf(database);
  const previous = c.prepare('SELECT sent_file AS file FROM queries WHERE id = ?').get(queryId) as
    { file: string | null } | undefined;
  c.prepare('UPDATE queries SET sent_at = coalesce(sent_at, ?), sent_file = ? WHERE id = ?').run(
    at,
    file,
    queryId,
  );
  return previous?.file ?? null;
}

// ---------------------------------------------------------------------------------------------
// Answers

export interface WrittenList {
  id: number;
  listId: string;
  siteId: string;
  at: string;
}

export function writtenList(database: StudyDatabase, listId: string): WrittenList | undefined {
  return connectionOf(database)
    .prepare(
      "SELECT id, list_id AS listId, site_id AS siteId, at FROM query_lists WHERE kind = 'export' AND list_id = ?",
    )
    .get(listId) as WrittenList | undefined;
}

export interface QueryState {
  queryId: string;
  discrepancyId: number;
  siteId: string;
  status: DiscrepancyStatus;
  /** The discrepancy's current query: another one when it was re-queried since. */
  currentQueryId: string | null;
  sentAt: string | null;
  answer: string | null;
  answeredAt: string | null;
  answerFile: string | null;
}

export function queryState(database: StudyDatabase, queryId: string): QueryState | undefined {
  return connectionOf(database)
    .prepare(
      `SELECT q.id AS queryId, q.discrepancy_id AS discrepancyId, d.site_id AS siteId, d.status, d.query_id AS currentQueryId,
              q.sent_at AS sentAt, q.answer, q.answered_at AS answeredAt, q.answer_file AS answerFile
       FROM queries q JOIN discrepancies d ON d.id = q.discrepancy_id WHERE q.id = ?`,
    )
    .get(queryId) as QueryState | undefined;
}

/** What a list sent about a query; if that list did not hold it, what the latest list that did sent. */
export function sentRow(
  database: StudyDatabase,
  listRowId: number,
  queryId: string,
): (QueryListRow & { listId: string }) | undefined {
  return connectionOf(database)
    .prepare(
      `SELECT r.query_id AS queryId, r.row_number AS rowNumber, r.subject_id AS subjectId, r.form, r.record_key AS recordKey, r.field,
              r.value, r.message, r.date_sent AS dateSent, l.list_id AS listId
       FROM query_list_rows r JOIN query_lists l ON l.id = r.list_id
       WHERE r.query_id = ? ORDER BY r.list_id = ? DESC, r.list_id DESC LIMIT 1`,
    )
    .get(queryId, listRowId) as (QueryListRow & { listId: string }) | undefined;
}

export function writeAnswer(
  database: StudyDatabase,
  queryId: string,
  answer: string,
  at: string,
  file: string,
): void {
  connectionOf(database)
    .prepare(
      'UPDATE queries SET answer = ?, answered_at = ?, answer_file = ? WHERE id = ? AND answer IS NULL',
    )
    .run(answer, at, file, queryId);
}

// ---------------------------------------------------------------------------------------------
// History

export function queryListHistory(database: StudyDatabase): QueryListEvent[] {
  return connectionOf(database)
    .prepare(
      `SELECT id, kind, list_id AS listId, at, user_name AS user, site_id AS siteId, file, queries, applied, rejected, unchanged
       FROM query_lists ORDER BY id`,
    )
    .all() as QueryListEvent[];
}
