import type { DiscrepancyStatus, SetStatusRequest } from '../../../shared/api/discrepancies';
import type { CallContext } from '../common/call-context';
import { StudyError, notFound } from '../common/errors';
import { discrepanciesByIds } from '../db/discrepancies-repo';
import { inTransaction, type StudyDatabase } from '../db/study-database';
import {
  checkMessageForSite,
  createQuery,
  currentStatuses,
  lastStatusMoves,
  moveStatus,
} from '../db/workflow-repo';
import { lastAuditEventId, signStatusEvents, signatureFor } from './sign-decision';
import { findMove, manualSources } from './status-moves';

interface Refusal {
  id: number;
  from: DiscrepancyStatus;
  needsMessage: boolean;
  text: string;
}

function refusalOf(
  id: number,
  from: DiscrepancyStatus,
  to: DiscrepancyStatus,
  hasMessage: boolean,
): Refusal | null {
  const move = findMove('person', from, to);
  if (!move) {
    const sources = manualSources(to);
    return {
      id,
      from,
      needsMessage: false,
      text: `discrepancy ${id} is ${from}: it cannot move to ${to} (only from ${sources.join(' or ')})`,
    };
  }
  if (move.needsMessage && !hasMessage)
    return {
      id,
      from,
      needsMessage: true,
      text: `discrepancy ${id} was answered: a re-query needs a new message`,
    };
  return null;
}

/** Moves one or many discrepancies by hand; if any move is not allowed, none is made. */
export function setStatus(database: StudyDatabase, request: SetStatusRequest, context: CallContext) {
  const ids = [...new Set(request.ids)];
  return inTransaction(database, () => {
    const current = currentStatuses(database, ids);
    const missing = ids.filter((id) => !current.has(id));
    if (missing.length)
      throw notFound(
        `no discrepancy ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', ...' : ''}`,
        {
          kind: 'DISCREPANCY_UNKNOWN',
          facts: { ids: missing.map(String) },
        },
      );
    const refusals = ids
      .map((id) => refusalOf(id, current.get(id)!.status, request.status, request.message !== undefined))
      .filter((r) => r !== null);
    if (refusals.length) {
      // Name who moved it last: with several people at work, the reason is usually someone else's move.
      const moves = lastStatusMoves(
        database,
        refusals.map((r) => r.id),
      );
      for (const r of refusals) {
        const last = moves.get(r.id);
        if (last) r.text += ` (moved to ${r.from} by ${last.user}, ${last.at})`;
      }
      const more = refusals.length > 3 ? ` (and ${refusals.length - 3} more)` : '';
      const needsMessage = refusals.some((r) => r.needsMessage);
      throw new StudyError(
        'CONFLICT',
        `nothing changed: ${refusals
          .slice(0, 3)
          .map((r) => r.text)
          .join('; ')}${more}`,
        {
          kind: needsMessage ? 'REQUERY_NEEDS_MESSAGE' : 'MOVE_NOT_ALLOWED',
          facts: {
            to: request.status,
            expected: manualSources(request.status).join(' or '),
            refused: refusals.map((r) => `${r.id}:${r.from}`),
          },
        },
      );
    }
    const signed = request.status === 'ACCEPTED' || request.status === 'CLOSED';
    const signature = signed
      ? signatureFor(database, request.signature, request.status === 'ACCEPTED' ? 'accept' : 'close', context)
      : null;
    const before = signature ? lastAuditEventId(database) : 0;
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
          decision: findMove('person', from, request.status)!.decision,
        },
        from,
      );
      // The query the site reads: the data manager's words, else the check's message in the site's language.
      if (request.status === 'QUERIED')
        createQuery(database, id, request.message ?? checkMessageForSite(database, found), context.user, at);
    }
    signStatusEvents(database, before, ids, signature);
    return { updated: ids.length, rows: discrepanciesByIds(database, ids, request.language) };
  });
}
