import fs from 'node:fs';
import path from 'node:path';
import type { ImportAnswersRequest, ImportAnswersResult } from '../../../shared/api/queries';
import { appendAuditEvent } from '../db/audit-repo';
import {
  insertQueryList,
  queryState,
  sentRow,
  writeAnswer,
  writtenList,
  type WrittenList,
} from '../db/queries-repo';
import { activeLock, inTransaction, lockedError, type StudyDatabase } from '../db/study-database';
import { moveBySystem } from '../workflow/system-moves';
import { createHash } from 'node:crypto';
import { sha256File } from '../common/file-hash';
import { badInput } from '../common/errors';
import type { CallContext } from '../common/call-context';
import { QUERY_LIST_FORMAT } from './query-list-layout';
import { openAnsweredFiles, type AnsweredFile } from './open-answered-files';
import { UnreadableList, readAnsweredList, type AnsweredList, type AnsweredRow } from './read-answered-list';
import { editedCells, normaliseCell } from './read-only-cells';

type Applied = ImportAnswersResult['applied'][number];
type Rejected = ImportAnswersResult['rejected'][number];

interface FileOutcome {
  applied: Applied[];
  rejected: Rejected[];
  refused: ImportAnswersResult['refused'];
  unchanged: number;
  blank: number;
}

/** Why a whole file is not applied, or the list it answers. */
function listOfFile(database: StudyDatabase, list: AnsweredList): { list: WrittenList } | { reason: string } {
  const { meta } = list;
  const studyCode = database.model.definition.study.code;
  if (!meta.studyCode || !meta.siteId || !meta.listId) {
    return {
      reason:
        'the file does not say which study, site and query list it belongs to (its Study / Site / Query list block is missing)',
    };
  }
  if (meta.format !== undefined && meta.format !== QUERY_LIST_FORMAT)
    return { reason: `a query list of format ${meta.format}, not ${QUERY_LIST_FORMAT}` };
  if (meta.studyCode !== studyCode)
    return { reason: `a query list of study ${meta.studyCode}, not of this study (${studyCode})` };
  const written = writtenList(database, meta.listId);
  if (!written) return { reason: `query list ${meta.listId} was never written from this study database` };
  if (written.siteId !== meta.siteId)
    return {
      reason: `the file says site ${meta.siteId}, but query list ${meta.listId} was written for site ${written.siteId}`,
    };
  return { list: written };
}

/** An answer as stored: the text the site wrote, line ends made plain, surrounding space removed. */
const answerText = (cell: string | null | undefined) => (cell ?? '').replace(/\r\n?/g, '\n').trim();

function applyRow(
  database: StudyDatabase,
  row: AnsweredRow,
  ctx: { file: string; list: WrittenList; encoding: AnsweredList['encoding']; user: string; at: string },
  out: FileOutcome,
): void {
  const queryId = (row.cells.queryId ?? '').trim().toUpperCase();
  const answer = answerText(row.cells.answer);
  // A formula is one even when Excel never calculated it (no value): never "without an answer".
  const formula = row.formulas.has('answer');
  const reject = (reason: string, detail: string | null = null): void => {
    out.rejected.push({ file: ctx.file, row: row.row, queryId: queryId || null, reason, detail });
  };
  if (queryId === '') {
    if (answer !== '' || formula) reject('an answer without a query ID.');
    return;
  }
  if (answer === '' && !formula) {
    out.blank++;
    return;
  }
  const state = queryState(database, queryId);
  if (!state) return reject(`no query ${queryId} in this study.`);
  if (state.siteId !== ctx.list.siteId)
    return reject(`query ${queryId} is of site ${state.siteId}, not of site ${ctx.list.siteId}.`);
  const sent = sentRow(database, ctx.list.id, queryId);
  if (!sent) return reject(`query ${queryId} was never sent in this query list.`);
  const edited = editedCells(sent, row.cells, row.formulas, ctx.encoding);
  if (edited.length) {
    const columns = edited.map((e) => e.column);
    return reject(
      `the read-only ${columns.length > 1 ? 'cells' : 'cell'} ${listed(columns)} ${columns.length > 1 ? 'were' : 'was'} changed, so the answer is not applied.`,
      edited.map((e) => e.change).join('; '),
    );
  }
  if (formula) return reject('the answer is a formula; write it as text.');
  if (state.answer !== null) {
    if (normaliseCell(state.answer) === normaliseCell(answer)) {
      out.unchanged++;
      return;
    }
    return reject(
      `query ${queryId} was answered already, with another answer; re-query to ask again.`,
      `answered on ${state.answeredAt?.slice(0, 10)} in ${state.answerFile}`,
    );
  }
  if (state.currentQueryId !== queryId)
    return reject(`query ${queryId} was replaced by a re-query, ${state.currentQueryId}; answer that one.`);
  if (state.status !== 'QUERIED')
    return reject(
      `query ${queryId} is not awaiting an answer: its discrepancy #${state.discrepancyId} is ${state.status}.`,
    );
  const fileName = path.basename(ctx.file);
  writeAnswer(database, queryId, answer, ctx.at, fileName);
  moveBySystem(database, 'answers', {
    id: state.discrepancyId,
    from: 'QUERIED',
    to: 'ANSWERED',
    reason: `answer to ${queryId} in ${fileName} (row ${row.row})`,
    user: ctx.user,
    at: ctx.at,
  });
  appendAuditEvent(database, {
    at: ctx.at,
    user: ctx.user,
    action: 'ANSWER',
    entity: 'query',
    entityId: queryId,
    field: 'answer',
    oldValue: null,
    newValue: answer,
    reason: `answered in ${fileName} (query list ${ctx.list.listId}, row ${row.row})`,
  });
  out.applied.push({ file: ctx.file, row: row.row, queryId, answer });
}

const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

interface ReadFile {
  file: string;
  sha256: string;
  list: AnsweredList | undefined;
  unreadable: string | undefined;
}

function applyFile(database: StudyDatabase, read: ReadFile, user: string, at: string): FileOutcome {
  const out: FileOutcome = { applied: [], rejected: [], refused: [], unchanged: 0, blank: 0 };
  const fileName = path.basename(read.file);
  const matched = read.list ? listOfFile(database, read.list) : { reason: read.unreadable! };
  // A file refused as a whole is reported, and nothing of it is recorded: it answered nothing.
  if ('reason' in matched) {
    out.refused.push({ file: read.file, reason: matched.reason });
    return out;
  }
  const { listId, siteId } = matched.list;
  for (const row of read.list!.rows)
    applyRow(
      database,
      row,
      { file: read.file, list: matched.list, encoding: read.list!.encoding, user, at },
      out,
    );
  insertQueryList(database, {
    kind: 'import',
    at,
    user,
    siteId,
    file: path.resolve(read.file),
    queries: read.list!.rows.length,
    applied: out.applied.length,
    rejected: out.rejected.length,
    unchanged: out.unchanged,
    listId,
    format: read.list!.encoding === null ? 'xlsx' : 'csv',
    siteExportDate: null,
    sha256: read.sha256,
    details: JSON.stringify({
      blank: out.blank,
      rejected: out.rejected.map((r) => ({
        row: r.row,
        queryId: r.queryId,
        reason: r.reason,
        detail: r.detail,
      })),
    }),
  });
  appendAuditEvent(database, {
    at,
    user,
    action: 'ANSWERS',
    entity: 'query_list',
    entityId: listId,
    field: 'file',
    newValue: fileName,
    reason: `answers from site ${siteId}: ${out.applied.length} applied, ${out.rejected.length} rejected, ${out.unchanged} unchanged, ${out.blank} blank`,
  });
  return out;
}

/** Names as people list them: `Value`, `Value and Message`, `Value, Message and Field`. */
function listed(names: readonly string[]): string {
  return names.length < 2 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/**
 * Loads answered query lists: each answer is matched by its query ID to a query sent to that site
 * and moves its discrepancy QUERIED -> ANSWERED. A file of another study or site, or no query list
 * at all, is refused whole and leaves no trace;
 * a row whose query is unknown or another site's, whose read-only cells were edited, or whose
 * query no longer awaits an answer is reported, not applied; a blank answer is skipped; an answer
 * loaded before is counted as unchanged. All files land in one transaction.
 */
export async function importAnswers(
  database: StudyDatabase,
  request: ImportAnswersRequest,
  context: CallContext,
): Promise<ImportAnswersResult> {
  const lock = activeLock(database);
  if (lock) throw lockedError(lock);
  for (const file of request.files) {
    if (!fs.existsSync(file)) throw badInput(`${file}: no such file`);
    if (!fs.statSync(file).isFile()) throw badInput(`${file}: not a file`);
  }
  const files: ReadFile[] = [];
  for (const file of request.files) {
    context.progress?.(`reading ${file}`);
    let opened: AnsweredFile[];
    try {
      opened = openAnsweredFiles(file, request.filePassword);
    } catch (error) {
      if (!(error instanceof UnreadableList)) throw error;
      files.push({ file, sha256: await sha256File(file), list: undefined, unreadable: error.message });
      continue;
    }
    for (const one of opened) {
      if ('unreadable' in one) {
        files.push({ file: one.file, sha256: '', list: undefined, unreadable: one.unreadable });
        continue;
      }
      // A zip's list is known by its own bytes; a file given by the bytes received.
      const sha256 = one.file === file ? await sha256File(file) : sha256Of(one.bytes);
      try {
        files.push({
          file: one.file,
          sha256,
          list: readAnsweredList(one.file, one.bytes),
          unreadable: undefined,
        });
      } catch (error) {
        if (!(error instanceof UnreadableList)) throw error;
        files.push({ file: one.file, sha256, list: undefined, unreadable: error.message });
      }
    }
  }
  const at = context.now().toISOString();
  return inTransaction(database, () => {
    const writer = database;
    const result: ImportAnswersResult = { applied: [], rejected: [], refused: [], unchanged: 0, blank: 0 };
    for (const read of files) {
      const out = applyFile(writer, read, context.user, at);
      result.applied.push(...out.applied);
      result.rejected.push(...out.rejected);
      result.refused.push(...out.refused);
      result.unchanged += out.unchanged;
      result.blank += out.blank;
    }
    return result;
  });
}
