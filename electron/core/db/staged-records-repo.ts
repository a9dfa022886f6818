import type { IssueWithArgs } from '../common/issue-with-args';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

import type { StandardValue } from '../standardise/standardise-value';
import type { FormModel } from '../study/study-model';
import { connectionOf, engineKindOf } from './connection';
import type { DbStatement } from './engine';
import {
  pgAttachStage,
  pgCopyStagedIssues,
  pgDetachStage,
  pgInsertStagedRecords,
  pgReplaceStagedRecords,
  pgStagedValues,
  pgTouchStagedRecords,
} from './pg-stage';
import { RECORD_META_COLUMNS, formTable, standardColumnNames } from './form-tables';
import type { Connection } from './open-database';
import type { RecordRow } from './record-writer';
import type { StudyDatabase } from './study-database';
import { stageFolder } from './stage-folder';

export { removeStagesAtExit } from './stage-folder';

/**
 * The stage: a site export's standardised records, written to a scratch SQLite file as they are
 * standardised (by whichever thread prepares the export), then copied into the study by SQL
 * (INSERT ... SELECT from the attached file). The thread that writes the study binds no record
 * value: binding is most of the cost of writing a row, and here it is paid where the export is
 * prepared, in parallel with the writing of the previous export. The stage is scratch, never
 * data of record (it is read only once complete and then deleted): it is written without a
 * journal and without syncing.
 *
 * One table a source table of the export (`records_<i>`, rows in file order, `pos` from 0) and
 * one of the value problems found (`issues`).
 */

const STAGE_META = ['subject_id', 'record_key', 'occurrence', 'line', 'std_hash', 'issues', 'raw', 'extra'];
/**
 * Rows one statement carries, at most. A run of a statement costs more than binding one more row
 * to it, but each table of each export prepares its statements anew, and preparing costs as the
 * SQL's length: 64 rows a statement, the rest by 8 and 1, took 0.9-1.1 s for 300 tables of LB
 * rows where 512 (the rest in halving sizes) took 1.6 s.
 */
const MAX_GROUP = 64;
/** The statements for the rows left at the end of a table, largest first. */
const TAIL_GROUPS = [8, 1];
/** SQLite's limit of parameters in one statement (SQLITE_MAX_VARIABLE_NUMBER), with room to spare. */
const MAX_PARAMETERS = 32_000;
const ISSUE_COLUMNS = [
  'table_index',
  'level',
  'code',
  'file',
  'sheet',
  'form',
  'line',
  'column_name',
  'message',
  'message_args',
];

const quoted = (names: readonly string[]) => names.map((c) => `"${c}"`);
export const recordsTable = (tableIndex: number) => `records_${tableIndex}`;

let stages = 0;

/** A new stage file in this thread's stage folder. */
export function newStageFile(): string {
  return path.join(stageFolder(), `${++stages}.db`);
}

export function removeStageFile(file: string): void {
  for (const f of [file, `${file}-journal`]) fs.rmSync(f, { force: true });
}

/** Writes the records of one source table, several rows a statement. */
export interface StagedTableWriter {
  add(record: RecordRow): void;
  addIssue(issue: IssueWithArgs): void;
  end(): void;
}

export interface StageWriter {
  table(tableIndex: number, form: FormModel): StagedTableWriter;
  close(): void;
}

/** Opens a new stage file for writing (removed again if anything fails). */
export function createStage(file: string): StageWriter {
  const db = new Database(file);
  try {
    db.pragma('page_size = 65536');
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.exec(`CREATE TABLE issues (${ISSUE_COLUMNS.join(', ')})`);
  } catch (error) {
    db.close();
    removeStageFile(file);
    throw error;
  }
  const insertIssue = db.prepare(
    `INSERT INTO issues (${ISSUE_COLUMNS.join(', ')}) VALUES (${ISSUE_COLUMNS.map(() => '?').join(', ')})`,
  );
  db.exec('BEGIN');
  return {
    table: (tableIndex, form) => tableWriter(db, insertIssue, tableIndex, form),
    close: () => {
      if (db.inTransaction) db.exec('COMMIT');
      db.close();
    },
  };
}

function tableWriter(
  db: Connection,
  insertIssue: Database.Statement,
  tableIndex: number,
  form: FormModel,
): StagedTableWriter {
  const standard = quoted(standardColumnNames(form));
  const columns = ['pos', ...STAGE_META, ...standard];
  db.exec(
    `CREATE TABLE ${recordsTable(tableIndex)} (pos INTEGER PRIMARY KEY, ${columns.slice(1).join(', ')})`,
  );
  const width = columns.length;
  const group = Math.max(1, Math.min(MAX_GROUP, Math.floor(MAX_PARAMETERS / width)));
  const sql = (rows: number) =>
    `INSERT INTO ${recordsTable(tableIndex)} (${columns.join(', ')}) VALUES ${new Array<string>(rows)
      .fill(`(${columns.map(() => '?').join(', ')})`)
      .join(', ')}`;
  const full = db.prepare(sql(group));
  const params = new Array<unknown>(group * width);
  let buffered = 0;
  let pos = 0;
  return {
    add(r) {
      const at = buffered * width;
      params[at] = pos++;
      params[at + 1] = r.subjectId;
      params[at + 2] = r.recordKey;
      params[at + 3] = r.occurrence;
      params[at + 4] = r.line;
      params[at + 5] = r.hash;
      params[at + 6] = r.issues;
      params[at + 7] = r.raw;
      params[at + 8] = r.extra;
      const values = r.values;
      for (let v = 0; v < values.length; v++) params[at + 9 + v] = values[v];
      if (++buffered === group) {
        // Arguments bind faster than an array, which better-sqlite3 reads element by element.
        full.run(...params);
        buffered = 0;
      }
    },
    addIssue(i) {
      insertIssue.run(
        tableIndex,
        i.level,
        i.code,
        i.file,
        i.sheet,
        i.form,
        i.line,
        i.column,
        i.message,
        i.args === null ? null : JSON.stringify(i.args),
      );
    },
    end() {
      let from = 0;
      for (const rows of TAIL_GROUPS) {
        if (buffered < rows) continue;
        const statement = db.prepare(sql(rows));
        for (; buffered >= rows; buffered -= rows, from += rows)
          statement.run(...params.slice(from * width, (from + rows) * width));
      }
    },
  };
}

/** A study on a server reads the stage itself (pg-stage.ts): PostgreSQL cannot attach it. */
const onServer = (database: StudyDatabase) => engineKindOf(database) !== 'sqlite';

// ---------------------------------------------------------------------------------------------
// The study's side: the stage attached to the study's connection while an export is planned and
// written (ATTACH cannot run inside a transaction: the caller attaches around it).
// ---------------------------------------------------------------------------------------------

export const STAGE_SCHEMA = 'stage';

export function attachStage(database: StudyDatabase, file: string): void {
  if (onServer(database)) return pgAttachStage(database, file);
  connectionOf(database).prepare(`ATTACH DATABASE ? AS ${STAGE_SCHEMA}`).run(file);
}

export function detachStage(database: StudyDatabase): void {
  if (onServer(database)) return pgDetachStage(database);
  connectionOf(database).exec(`DETACH DATABASE ${STAGE_SCHEMA}`);
}

/** Where staged records go in the study, and from which import and source. */
export interface StagedTarget {
  tableIndex: number;
  form: FormModel;
  siteId: string;
  importId: number;
  sourceId: number;
}

/**
 * Copies staged records (all of the table, or those at `positions`, ascending) into the form's
 * table as new records; their ids follow the largest one, in file order. Returns how many.
 */
export function insertStagedRecords(
  database: StudyDatabase,
  target: StagedTarget,
  positions: readonly number[] | 'all',
): number {
  if (positions !== 'all' && positions.length === 0) return 0;
  if (onServer(database)) return pgInsertStagedRecords(database, target, positions);
  const standard = quoted(standardColumnNames(target.form));
  const staged = `${STAGE_SCHEMA}.${recordsTable(target.tableIndex)}`;
  const which = positions === 'all' ? '' : 'WHERE pos IN (SELECT value FROM json_each(@positions))';
  return connectionOf(database)
    .prepare(
      `INSERT INTO main.${formTable(target.form.code)} (${[...RECORD_META_COLUMNS, ...standard].join(', ')})
       SELECT @site, subject_id, record_key, occurrence, @import, @import, @source, line, NULL, std_hash, issues, raw, extra, ${standard.join(', ')}
       FROM ${staged} ${which} ORDER BY pos`,
    )
    .run({
      site: target.siteId,
      import: target.importId,
      source: target.sourceId,
      ...(positions === 'all' ? {} : { positions: JSON.stringify(positions) }),
    }).changes;
}

/**
 * Stored records whose values are unchanged (the staged records at `positions`, ascending): only
 * where they were read from (import, source, line), their raw text and value problems move on.
 * Each is found by its identity (site, record key, occurrence).
 */
export function touchStagedRecords(
  database: StudyDatabase,
  target: StagedTarget,
  positions: readonly number[],
): void {
  if (positions.length === 0) return;
  const table = `main.${formTable(target.form.code)}`;
  const changed = onServer(database)
    ? pgTouchStagedRecords(database, target, positions)
    : connectionOf(database)
        .prepare(
          `UPDATE ${table} SET import_id = @import, source_id = @source, line = s.line, issues = s.issues, raw = s.raw, extra = s.extra
       FROM ${STAGE_SCHEMA}.${recordsTable(target.tableIndex)} s
       WHERE s.pos IN (SELECT value FROM json_each(@positions))
         AND ${table}.site_id = @site AND ${table}.record_key = s.record_key AND ${table}.occurrence = s.occurrence`,
        )
        .run({
          positions: JSON.stringify(positions),
          site: target.siteId,
          import: target.importId,
          source: target.sourceId,
        }).changes;
  if (changed !== positions.length)
    throw new Error(`${positions.length} records to touch, ${changed} touched`);
}

/** Staged record reads (of changed or restored records: few per import). */
export interface StagedRecordAccess {
  /** Standardised values (standardColumnNames order) and raw text of a staged record. */
  values(pos: number): { values: StandardValue[]; raw: (string | null)[] };
}

export function stagedRecordAccess(
  database: StudyDatabase,
  tableIndex: number,
  form: FormModel,
): StagedRecordAccess {
  if (onServer(database)) return { values: (pos) => pgStagedValues(database, tableIndex, form, pos) };
  const c = connectionOf(database);
  const standard = quoted(standardColumnNames(form));
  const staged = `${STAGE_SCHEMA}.${recordsTable(tableIndex)}`;
  let read: DbStatement | undefined;
  return {
    values(pos) {
      read ??= c.prepare(`SELECT raw, ${standard.join(', ')} FROM ${staged} WHERE pos = ?`).raw();
      const row = read.get(pos) as unknown[] | undefined;
      if (!row) throw new Error(`staged record ${pos} of ${form.code} not found`);
      return {
        values: row.slice(1) as StandardValue[],
        raw: JSON.parse(row[0] as string) as (string | null)[],
      };
    },
  };
}

/**
 * Gives stored records (changed or restored) the values and provenance of the staged records at
 * `pos`, and clears their deleted mark.
 */
export function replaceStagedRecords(
  database: StudyDatabase,
  target: StagedTarget,
  replacements: readonly { recordId: number; pos: number }[],
): void {
  if (replacements.length === 0) return;
  let replaced = 0;
  if (onServer(database)) replaced = pgReplaceStagedRecords(database, target, replacements);
  else {
    const standard = quoted(standardColumnNames(target.form));
    const replace = connectionOf(database).prepare(
      `UPDATE main.${formTable(target.form.code)} SET (import_id, source_id, line, deleted_import_id, std_hash, issues, raw, extra, ${standard.join(', ')}) =
         (SELECT ?, ?, line, NULL, std_hash, issues, raw, extra, ${standard.join(', ')} FROM ${STAGE_SCHEMA}.${recordsTable(target.tableIndex)} WHERE pos = ?)
       WHERE record_id = ?`,
    );
    for (const r of replacements)
      replaced += replace.run(target.importId, target.sourceId, r.pos, r.recordId).changes;
  }
  if (replaced !== replacements.length)
    throw new Error(`${replacements.length} records of ${target.form.code} to replace, ${replaced} replaced`);
}

/** The value problems staged for one source table, as the import's issues. */
export function copyStagedIssues(
  database: StudyDatabase,
  tableIndex: number,
  importId: number,
  sourceId: number,
): void {
  if (onServer(database)) return pgCopyStagedIssues(database, tableIndex, importId, sourceId);
  connectionOf(database)
    .prepare(
      `INSERT INTO main.import_issues (import_id, source_id, form, line, column_name, level, code, message, message_args)
       SELECT ?, ?, form, line, column_name, level, code, message, message_args FROM ${STAGE_SCHEMA}.issues WHERE table_index = ? ORDER BY rowid`,
    )
    .run(importId, sourceId, tableIndex);
}
