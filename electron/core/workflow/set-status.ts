import type { SetStatusRequest } from '../../../shared/api/discrepancies';
import { discrepanciesByIds } from '../db/discrepancies-repo';
import { inTransaction, type StudyDatabase } from '../db/study-database';
import { createQuery, currentStatuses, moveStatus } from '../db/workflow-repo';
import { StudyError, notFound } from '../errors';
import type { CallContext } from '../import/import-site-export';
import { siteLanguage } from '../sites/site-languages';
import { storedMessageText } from '../study/message-text';
import { moveRefusal } from './status-moves';

/** Moves one or many discrepancies; if any move is not allowed, none is made. */
export function setStatus(database: StudyDatabase, request: SetStatusRequest, context: CallContext) {
  const ids = [...new Set(request.ids)];
  return inTransaction(database, () => {
    const current = currentStatuses(database, ids);
    const missing = ids.filter((id) => !current.has(id));
    if (missing.length)
      throw notFound(
        `no discrepancy ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', ...' : ''}`,
      );
    const refusals = ids
      .map((id) => moveRefusal(id, current.get(id)!.status, request.status, request.message !== undefined))
      .filter((r) => r !== null);
    if (refusals.length) {
      const more = refusals.length > 3 ? ` (and ${refusals.length - 3} more)` : '';
      throw new StudyError('CONFLICT', `nothing changed: ${refusals.slice(0, 3).join('; ')}${more}`);
    }
    const at = context.now().toISOString();
    for (const id of ids) {
      const found = current.get(id)!;
      const from = found.status;
      moveStatus(
        database,
        {
          id,
          to: request.status,
          reason: request.reason,
          user: context.user,
          at,
          silence: request.status !== 'QUERIED',
        },
        from,
      );
      // The query the site reads: the data manager's words, else the check's message in the site's language.
      if (request.status === 'QUERIED')
        createQuery(
          database,
          id,
          request.message ?? storedMessageText(database.model, found, siteLanguage(database, found.siteId)),
          context.user,
          at,
        );
    }
    return { updated: ids.length, rows: discrepanciesByIds(database, ids, request.language) };
  });
}
