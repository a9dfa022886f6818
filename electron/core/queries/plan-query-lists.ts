import { knownSites, latestExportOfSite } from '../db/imports-repo';
import { nextListNumber, nextQueryNumber, outstandingItems, type OutstandingItem } from '../db/queries-repo';
import type { StudyDatabase } from '../db/study-database';
import { badInput } from '../common/errors';
import { siteLanguage } from '../db/site-settings-repo';
import { storedMessageText } from '../study/message-text';
import {
  QUERY_LIST_FORMAT,
  listIdOf,
  localDate,
  queryListFileName,
  type QueryListLine,
  type QueryListMeta,
} from './query-list-layout';

export interface PlannedQuery extends QueryListLine {
  discrepancyId: number;
  /** OPEN: it moves to QUERIED with this list. */
  moveToQueried: boolean;
  /** Its query is made with this list (OPEN, or QUERIED without one). */
  newQuery: boolean;
}

export interface PlannedList {
  siteId: string;
  listId: string;
  fileName: string;
  meta: QueryListMeta;
  lines: PlannedQuery[];
}

export interface QueryListPlan {
  lists: PlannedList[];
  newlyQueried: number;
  withoutSite: number;
}

/**
 * Which lists an export writes and what each says, decided from the database alone (query and list
 * IDs included), so that the files can be written first and the same plan checked and recorded in
 * one transaction afterwards.
 */
export function planQueryLists(
  database: StudyDatabase,
  request: { site?: string; format: 'xlsx' | 'csv' },
  at: Date,
): QueryListPlan {
  if (request.site !== undefined && !knownSites(database).has(request.site)) {
    const sites = [...knownSites(database)].sort();
    throw badInput(
      `no site ${request.site} in this study (sites: ${sites.length ? sites.join(', ') : 'none loaded yet'})`,
    );
  }
  const written = localDate(at);
  const items = outstandingItems(database, request.site);
  const bySite = new Map<string, OutstandingItem[]>();
  let withoutSite = 0;
  for (const item of items) {
    if (item.siteId === '') {
      withoutSite++;
      continue;
    }
    let list = bySite.get(item.siteId);
    if (!list) bySite.set(item.siteId, (list = []));
    list.push(item);
  }
  let queryNumber = nextQueryNumber(database);
  let listNumber = nextListNumber(database);
  const { code: studyCode, name: studyName } = database.model.definition.study;
  const lists: PlannedList[] = [];
  let newlyQueried = 0;
  for (const [siteId, siteItems] of [...bySite].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const listId = listIdOf(listNumber++);
    // New queries speak the site's language; a query already sent keeps the words it was sent with.
    const language = siteLanguage(database, siteId);
    const lines = siteItems.map((item): PlannedQuery => {
      const newQuery = item.status === 'OPEN' || item.queryId === null;
      if (item.status === 'OPEN') newlyQueried++;
      return {
        discrepancyId: item.discrepancyId,
        moveToQueried: item.status === 'OPEN',
        newQuery,
        queryId: newQuery ? `Q-${String(queryNumber++).padStart(6, '0')}` : item.queryId!,
        subjectId: item.subjectId,
        form: item.form,
        recordKey: item.recordKey,
        field: item.field,
        value: item.value,
        message: newQuery
          ? storedMessageText(
              database.model,
              { checkId: item.checkId, message: item.discrepancyMessage, messageArgs: item.messageArgs },
              language,
            )
          : item.queryMessage!,
        dateSent: !newQuery && item.sentAt ? localDate(new Date(item.sentAt)) : written,
      };
    });
    lists.push({
      siteId,
      listId,
      fileName: queryListFileName(siteId, written, listId, request.format),
      lines,
      meta: {
        format: QUERY_LIST_FORMAT,
        studyCode,
        studyName,
        siteId,
        listId,
        written,
        writtenAt: at.toISOString(),
        siteLatestExport: latestExportOfSite(database, siteId)?.exportDate ?? null,
        queries: lines.length,
        language,
      },
    });
  }
  return { lists, newlyQueried, withoutSite };
}
