import fs from 'node:fs';
import path from 'node:path';
import type { ExportQueriesRequest, ExportQueriesResult } from '../../../shared/api/queries';
import { appendAuditEvent } from '../db/audit-repo';
import { insertQueryList, insertQueryListRows, markQuerySent } from '../db/queries-repo';
import { activeLock, inTransaction, lockedError, type StudyDatabase } from '../db/study-database';
import { createQuery } from '../db/workflow-repo';
import { moveBySystem } from '../workflow/system-moves';
import { sha256File } from '../common/file-hash';
import { badInput, conflict } from '../common/errors';
import type { CallContext } from '../common/call-context';
import { planQueryLists, type PlannedList } from './plan-query-lists';
import { metaBlock } from './query-list-layout';
import { writeQueryListCsv } from './write-query-list-csv';
import { writeQueryListXlsx } from './write-query-list-xlsx';

function prepareOutDir(outDir: string): string {
  const dir = path.resolve(outDir);
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) throw badInput(`${outDir}: not a folder`);
  if (!fs.existsSync(path.dirname(dir)))
    throw badInput(`${outDir}: folder ${path.dirname(dir)} does not exist`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Records one written list: its OPEN items become QUERIED with their query, every query is marked sent, all audited. */
function recordList(
  database: StudyDatabase,
  list: PlannedList,
  file: string,
  sha256: string,
  format: string,
  user: string,
  at: string,
): void {
  const fileName = path.basename(file);
  const listRowId = insertQueryList(database, {
    kind: 'export',
    at,
    user,
    siteId: list.siteId,
    file,
    queries: list.lines.length,
    applied: 0,
    rejected: 0,
    unchanged: 0,
    listId: list.listId,
    format,
    siteExportDate: list.meta.siteLatestExport,
    sha256,
    details: null,
  });
  const why = `query list ${list.listId} to site ${list.siteId}`;
  for (const line of list.lines) {
    if (line.moveToQueried)
      moveBySystem(database, 'query list', {
        id: line.discrepancyId,
        from: 'OPEN',
        to: 'QUERIED',
        reason: `sent in ${why}`,
        user,
        at,
      });
    if (line.newQuery) {
      const made = createQuery(database, line.discrepancyId, line.message, user, at);
      if (made !== line.queryId)
        throw conflict(
          `query ${line.queryId} was planned but ${made} was made; nothing was sent: export again`,
        );
    }
    const previous = markQuerySent(database, line.queryId, at, fileName);
    appendAuditEvent(database, {
      at,
      user,
      action: 'SEND',
      entity: 'query',
      entityId: line.queryId,
      field: 'sent_file',
      oldValue: previous,
      newValue: fileName,
      reason: why,
    });
  }
  const firstRow = metaBlock(list.meta).length + 2;
  insertQueryListRows(
    database,
    listRowId,
    list.lines.map((line, i) => ({ ...line, rowNumber: firstRow + i })),
  );
  const newly = list.lines.filter((l) => l.moveToQueried).length;
  appendAuditEvent(database, {
    at,
    user,
    action: 'EXPORT',
    entity: 'query_list',
    entityId: list.listId,
    field: 'file',
    newValue: fileName,
    reason: `${why}: ${list.lines.length} queries (${newly} newly sent)`,
  });
}

/**
 * Writes one query list per site with outstanding queries (OPEN ones become QUERIED now). The
 * files are written first under temporary names; then, in one transaction, the same plan is made
 * again and must match (else nothing is recorded and the files are removed), and the lists, the
 * moves, the queries and their audit events are recorded; last, the files take their names.
 */
export async function exportQueryLists(
  database: StudyDatabase,
  request: ExportQueriesRequest,
  context: CallContext,
): Promise<ExportQueriesResult> {
  const lock = activeLock(database);
  if (lock) throw lockedError(lock);
  const dir = prepareOutDir(request.outDir);
  const at = context.now();
  const plan = planQueryLists(database, request, at);
  const targets = plan.lists.map((list) => ({
    list,
    file: path.join(dir, list.fileName),
    temporary: path.join(dir, `.${list.fileName}.writing-${process.pid}`),
  }));
  for (const t of targets)
    if (fs.existsSync(t.file)) throw badInput(`${t.file}: exists already; choose another folder`);
  const removeTemporaries = () => {
    for (const t of targets) fs.rmSync(t.temporary, { force: true });
  };
  try {
    const hashes: string[] = [];
    for (const t of targets) {
      context.progress?.(`writing ${t.list.fileName} (${t.list.lines.length} queries)`);
      if (request.format === 'xlsx') await writeQueryListXlsx(t.temporary, t.list);
      else writeQueryListCsv(t.temporary, t.list);
      hashes.push(await sha256File(t.temporary));
    }
    inTransaction(database, () => {
      const again = planQueryLists(database, request, at);
      if (JSON.stringify(again) !== JSON.stringify(plan)) {
        throw conflict(
          'the discrepancies changed while the query lists were being written; nothing was sent: export again',
        );
      }
      const writer = database;
      targets.forEach((t, i) =>
        recordList(writer, t.list, t.file, hashes[i]!, request.format, context.user, at.toISOString()),
      );
    });
  } catch (error) {
    removeTemporaries();
    throw error;
  }
  for (const t of targets) fs.renameSync(t.temporary, t.file);
  return {
    files: targets.map((t) => ({
      siteId: t.list.siteId,
      path: t.file,
      queries: t.list.lines.length,
      listId: t.list.listId,
    })),
    newlyQueried: plan.newlyQueried,
    withoutSite: plan.withoutSite,
  };
}
