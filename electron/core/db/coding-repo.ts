import { connectionOf } from './connection';
import type { CodedValues, WaitingReason } from '../../../shared/api/coding';
import {
  codedFieldSchema,
  type CodedField,
  type DictionaryType,
} from '../../../shared/study/definition-schema';
import type { FormModel } from '../study/study-model';
import { codingColumn, formTable } from './form-tables';
import { prepared } from './statement-cache';
import type { StudyDatabase } from './study-database';

/** The coding table (one row a record of a coded form holding a verbatim) and the synonym list. */

export interface CodingRow {
  form: string;
  recordId: number;
  status: 'WAITING' | 'CODED';
  verbatim: string;
  verbatimNorm: string;
  since: string;
  waitingReason: WaitingReason | null;
  dictionaryId: number | null;
  method: 'AUTO' | 'SYNONYM' | 'MANUAL' | null;
  values: CodedValues;
}

const FIELDS: readonly CodedField[] = codedFieldSchema.options;
/** A coding row's columns, read from the table under alias `a`. */
export const rowColumns = (a: string) =>
  `${a}.form, ${a}.record_id AS recordId, ${a}.status, ${a}.verbatim, ${a}.verbatim_norm AS verbatimNorm, ${a}.since,
   ${a}.waiting_reason AS waitingReason, ${a}.dictionary_id AS dictionaryId, ${a}.method,
   ${FIELDS.map((f) => `${a}.${codingColumn(f)} AS ${f}`).join(', ')}`;

export type RawRow = Omit<CodingRow, 'values' | 'waitingReason'> & { waitingReason: string | null } & Record<
    CodedField,
    string | number | null
  >;

export function toRow(raw: RawRow): CodingRow {
  const values: CodedValues = {};
  for (const f of FIELDS) if (raw[f] !== null) values[f] = raw[f];
  return {
    form: raw.form,
    recordId: raw.recordId,
    status: raw.status,
    verbatim: raw.verbatim,
    verbatimNorm: raw.verbatimNorm,
    since: raw.since,
    waitingReason: raw.waitingReason === null ? null : (JSON.parse(raw.waitingReason) as WaitingReason),
    dictionaryId: raw.dictionaryId,
    method: raw.method,
    values,
  };
}

export function codingRowOf(database: StudyDatabase, form: string, recordId: number): CodingRow | undefined {
  const raw = prepared(
    connectionOf(database),
    `SELECT ${rowColumns('coding')} FROM coding WHERE form = ? AND record_id = ?`,
  ).get(form, recordId) as RawRow | undefined;
  return raw && toRow(raw);
}

/** The waiting verbatims of a form's live records, lean (auto-coding reads tens of thousands at once). */
export function waitingVerbatims(
  database: StudyDatabase,
  form: FormModel,
): { recordId: number; verbatim: string; norm: string; reasonJson: string | null }[] {
  return prepared(
    connectionOf(database),
    `SELECT c.record_id AS recordId, c.verbatim, c.verbatim_norm AS norm, c.waiting_reason AS reasonJson FROM coding c
     JOIN ${formTable(form.code)} r ON r.record_id = c.record_id AND r.deleted_import_id IS NULL
     WHERE c.form = ? AND c.status = 'WAITING' ORDER BY c.record_id`,
  ).all(form.code) as { recordId: number; verbatim: string; norm: string; reasonJson: string | null }[];
}

/** Live records' coding rows of a form, in one status (and one normalised verbatim). */
export function codingRows(
  database: StudyDatabase,
  form: FormModel,
  status: 'WAITING' | 'CODED',
  verbatimNorm?: string,
): CodingRow[] {
  const sql = `SELECT ${rowColumns('c')} FROM coding c
    JOIN ${formTable(form.code)} r ON r.record_id = c.record_id AND r.deleted_import_id IS NULL
    WHERE c.form = ? AND c.status = ?${verbatimNorm === undefined ? '' : ' AND c.verbatim_norm = ?'} ORDER BY c.record_id`;
  const params = verbatimNorm === undefined ? [form.code, status] : [form.code, status, verbatimNorm];
  return (prepared(connectionOf(database), sql).all(...params) as RawRow[]).map(toRow);
}

/** A record waiting for a coder: its verbatim, since when (the import that brought it), and why. */
export interface WaitingRow {
  form: string;
  recordId: number;
  verbatim: string;
  norm: string;
  since?: string;
  importId?: number | null;
  reason: WaitingReason | null;
}

/** New waiting records, in one statement (an import brings thousands: a statement each costs more than the rows). */
export function insertWaiting(
  database: StudyDatabase,
  rows: readonly (WaitingRow & { since: string })[],
): void {
  if (rows.length === 0) return;
  const values = rows.map((r) => [
    r.form,
    r.recordId,
    r.verbatim,
    r.norm,
    r.since,
    r.importId ?? null,
    r.reason && JSON.stringify(r.reason),
  ]);
  connectionOf(database)
    .prepare(
      `INSERT INTO coding (form, record_id, status, verbatim, verbatim_norm, since, since_import_id, waiting_reason)
       SELECT json_extract(r.value, '$[0]'), CAST(json_extract(r.value, '$[1]') AS INTEGER), 'WAITING',
         json_extract(r.value, '$[2]'), json_extract(r.value, '$[3]'), json_extract(r.value, '$[4]'),
         CAST(json_extract(r.value, '$[5]') AS INTEGER), json_extract(r.value, '$[6]')
       FROM json_each(?) r`,
    )
    .run(JSON.stringify(values));
}

const CLEARED = FIELDS.map((f) => `${codingColumn(f)} = NULL`).join(', ');

/** Back to the queue (a new verbatim, or a version that cannot code it): the coded values go. */
export function setWaiting(database: StudyDatabase, row: WaitingRow): void {
  prepared(
    connectionOf(database),
    `UPDATE coding SET status = 'WAITING', verbatim = @verbatim, verbatim_norm = @norm, since = coalesce(@since, since),
       since_import_id = CASE WHEN @since IS NULL THEN since_import_id ELSE @importId END, waiting_reason = @reason,
       dictionary_id = NULL, method = NULL, coded_by = NULL, coded_at = NULL, ${CLEARED}
     WHERE form = @form AND record_id = @recordId`,
  ).run({
    form: row.form,
    recordId: row.recordId,
    verbatim: row.verbatim,
    norm: row.norm,
    since: row.since ?? null,
    importId: row.importId ?? null,
    reason: row.reason && JSON.stringify(row.reason),
  });
}

export function setWaitingReason(
  database: StudyDatabase,
  form: string,
  recordId: number,
  reason: WaitingReason | null,
): void {
  prepared(
    connectionOf(database),
    `UPDATE coding SET waiting_reason = ? WHERE form = ? AND record_id = ? AND status = 'WAITING'`,
  ).run(reason && JSON.stringify(reason), form, recordId);
}

export interface CodedWrite {
  form: string;
  recordId: number;
  dictionaryId: number;
  method: 'AUTO' | 'SYNONYM' | 'MANUAL';
  user: string;
  at: string;
  values: CodedValues;
}

const VALUE_ASSIGNMENTS = FIELDS.map((f) => `${codingColumn(f)} = ?`).join(', ');
const VALUE_COLUMNS = FIELDS.map((f) => codingColumn(f)).join(', ');
/** Positional parameters: tens of thousands of rows are coded at once, named binding costs more. */
const valuesOf = (row: CodedWrite) => FIELDS.map((f) => row.values[f] ?? null);

export function writeCoded(database: StudyDatabase, row: CodedWrite): void {
  prepared(
    connectionOf(database),
    `UPDATE coding SET status = 'CODED', waiting_reason = NULL, dictionary_id = ?, method = ?, coded_by = ?, coded_at = ?,
       ${VALUE_ASSIGNMENTS}
     WHERE form = ? AND record_id = ?`,
  ).run(row.dictionaryId, row.method, row.user, row.at, ...valuesOf(row), row.form, row.recordId);
}

/** A record new to coding, coded at once (an import's auto-coding: one statement, not two). */
export function insertCoded(database: StudyDatabase, row: CodedWrite & WaitingRow & { since: string }): void {
  prepared(
    connectionOf(database),
    `INSERT INTO coding (form, record_id, status, verbatim, verbatim_norm, since, since_import_id, dictionary_id, method,
       coded_by, coded_at, ${VALUE_COLUMNS})
     VALUES (?, ?, 'CODED', ?, ?, ?, ?, ?, ?, ?, ?, ${FIELDS.map(() => '?').join(', ')})`,
  ).run(
    row.form,
    row.recordId,
    row.verbatim,
    row.norm,
    row.since,
    row.importId ?? null,
    row.dictionaryId,
    row.method,
    row.user,
    row.at,
    ...valuesOf(row),
  );
}

export function deleteCoding(database: StudyDatabase, form: string, recordId: number): void {
  prepared(connectionOf(database), 'DELETE FROM coding WHERE form = ? AND record_id = ?').run(form, recordId);
}

/** Records an import brought a verbatim to: new, restored, or with the verbatim changed. */
export function importCodingCandidates(
  database: StudyDatabase,
  form: FormModel,
  verbatimColumn: string,
  importId: number,
): { recordId: number; verbatim: string | null; isNew: number }[] {
  return prepared(
    connectionOf(database),
    `SELECT r.record_id AS recordId, r."${verbatimColumn}" AS verbatim, max(rc.change = 'new') AS isNew
     FROM record_changes rc JOIN ${formTable(form.code)} r ON r.record_id = rc.record_id
     WHERE rc.import_id = ? AND rc.form = ?
       AND (rc.change IN ('new', 'restored') OR (rc.change = 'changed' AND rc.field = ?))
     GROUP BY r.record_id ORDER BY r.record_id`,
  ).all(importId, form.code, verbatimColumn) as {
    recordId: number;
    verbatim: string | null;
    isNew: number;
  }[];
}

export function synonymOf(
  database: StudyDatabase,
  type: DictionaryType,
  norm: string,
): { code: string; atc: string | null; verbatim: string } | undefined {
  return prepared(
    connectionOf(database),
    'SELECT code, atc_code AS atc, verbatim FROM coding_synonyms WHERE dictionary_type = ? AND verbatim_norm = ?',
  ).get(type, norm) as { code: string; atc: string | null; verbatim: string } | undefined;
}

export function upsertSynonym(
  database: StudyDatabase,
  s: {
    type: DictionaryType;
    norm: string;
    verbatim: string;
    code: string;
    atc: string | null;
    user: string;
    at: string;
  },
): void {
  prepared(
    connectionOf(database),
    `INSERT INTO coding_synonyms (dictionary_type, verbatim_norm, verbatim, code, atc_code, created_by, created_at)
     VALUES (@type, @norm, @verbatim, @code, @atc, @user, @at)
     ON CONFLICT (dictionary_type, verbatim_norm) DO UPDATE SET verbatim = @verbatim, code = @code, atc_code = @atc,
       created_by = @user, created_at = @at`,
  ).run(s);
}

export function synonymCount(database: StudyDatabase): number {
  return (connectionOf(database).prepare('SELECT count(*) AS n FROM coding_synonyms').get() as { n: number })
    .n;
}

export function allSynonyms(
  database: StudyDatabase,
  type: DictionaryType,
): { norm: string; code: string; atc: string | null }[] {
  return connectionOf(database)
    .prepare(
      'SELECT verbatim_norm AS norm, code, atc_code AS atc FROM coding_synonyms WHERE dictionary_type = ?',
    )
    .all(type) as { norm: string; code: string; atc: string | null }[];
}

export const OPEN_QUERY = `EXISTS (SELECT 1 FROM discrepancies d WHERE d.form = c.form AND d.record_id = c.record_id
  AND d.field = @field AND d.check_id = 'MANUAL' AND d.status IN ('OPEN', 'QUERIED', 'ANSWERED'))`;

/** A coded form's counts over its live records: coded by how, waiting, overdue (since before `overdueBefore`), queried. */
export function codingCounts(
  database: StudyDatabase,
  form: FormModel,
  overdueBefore: string,
): {
  records: number;
  coded: number;
  auto: number;
  synonym: number;
  manual: number;
  waiting: number;
  overdue: number;
  queried: number;
} {
  const row = prepared(
    connectionOf(database),
    `SELECT count(*) AS records, coalesce(sum(c.status = 'CODED'), 0) AS coded, coalesce(sum(c.method = 'AUTO'), 0) AS auto,
            coalesce(sum(c.method = 'SYNONYM'), 0) AS synonym, coalesce(sum(c.method = 'MANUAL'), 0) AS manual,
            coalesce(sum(c.status = 'WAITING'), 0) AS waiting,
            coalesce(sum(c.status = 'WAITING' AND c.since < @before), 0) AS overdue,
            coalesce(sum(c.status = 'WAITING' AND ${OPEN_QUERY}), 0) AS queried
     FROM coding c JOIN ${formTable(form.code)} r ON r.record_id = c.record_id AND r.deleted_import_id IS NULL
     WHERE c.form = @form`,
  ).get({ form: form.code, before: overdueBefore, field: form.coding?.verbatim.name ?? '' }) as ReturnType<
    typeof codingCounts
  >;
  return row;
}

/** Waiting records older than `before`, by site (the lock's blocker). */
export function overdueBySite(
  database: StudyDatabase,
  form: FormModel,
  before: string,
): { siteId: string; count: number }[] {
  return connectionOf(database)
    .prepare(
      `SELECT r.site_id AS siteId, count(*) AS count FROM coding c
       JOIN ${formTable(form.code)} r ON r.record_id = c.record_id AND r.deleted_import_id IS NULL
       WHERE c.form = ? AND c.status = 'WAITING' AND c.since < ? GROUP BY r.site_id ORDER BY r.site_id`,
    )
    .all(form.code, before) as { siteId: string; count: number }[];
}

export interface CodingRecordRef {
  recordId: number;
  recordKey: string;
  subjectId: string;
}

const displayKey = `CASE WHEN occurrence > 1 THEN record_key || '#' || occurrence ELSE record_key END`;

/** Live records of a form by id, or by record key as shown everywhere ("S01-001|3", "#2" for a duplicate). */
export function liveRecordRef(
  database: StudyDatabase,
  form: FormModel,
  ref: { recordId: number } | { recordKey: string },
): CodingRecordRef[] {
  const select = `SELECT record_id AS recordId, ${displayKey} AS recordKey, subject_id AS subjectId FROM ${formTable(form.code)}
    WHERE deleted_import_id IS NULL AND`;
  if ('recordId' in ref)
    return connectionOf(database).prepare(`${select} record_id = ?`).all(ref.recordId) as CodingRecordRef[];
  const match = /^(.*)#(\d+)$/.exec(ref.recordKey.trim());
  const [key, occurrence] = match ? [match[1]!, Number(match[2])] : [ref.recordKey.trim(), 1];
  return connectionOf(database)
    .prepare(`${select} record_key = ? AND occurrence = ?`)
    .all(key, occurrence) as CodingRecordRef[];
}

/** After an upgrade: the coded records of a type that the new version codes the same way now name it. */
export function moveCoding(database: StudyDatabase, fromId: number, toId: number): void {
  connectionOf(database)
    .prepare(`UPDATE coding SET dictionary_id = ? WHERE dictionary_id = ? AND status = 'CODED'`)
    .run(toId, fromId);
}

/** Site and subject of the records whose coding changed after the given coding event (audit entity `coding`, id `FORM:recordId`). */
export function recordsCodedSince(
  database: StudyDatabase,
  eventId: number,
): { siteId: string; subjectId: string }[] {
  const forms = database.model.forms.filter((f) => f.coding);
  if (forms.length === 0) return [];
  const selects = forms.map(
    (
      f,
    ) => `SELECT r.site_id AS siteId, r.subject_id AS subjectId FROM audit_events e JOIN ${formTable(f.code)} r
      ON r.record_id = CASE WHEN e.entity_id LIKE '${f.code}:%' THEN CAST(substr(e.entity_id, ${f.code.length + 2}) AS INTEGER) END
      WHERE e.id > @event AND e.entity = 'coding' AND e.entity_id LIKE '${f.code}:%'`,
  );
  return connectionOf(database)
    .prepare(`SELECT DISTINCT siteId, subjectId FROM (${selects.join(' UNION ')})`)
    .all({ event: eventId }) as { siteId: string; subjectId: string }[];
}
