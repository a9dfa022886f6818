import type { DiscrepancyStatus } from '../../../shared/api/discrepancies';

/**
 * The moves a person may make (workflow.md). Moves made by the system - QUERIED by a query-list
 * export, ANSWERED by an answer import, RESOLVED and reopening by a check run - are decided where
 * they happen; these are the ones `discrepancy set` and the grid's bulk actions ask for.
 */
export const MANUAL_MOVES: Record<'ACCEPTED' | 'CLOSED' | 'QUERIED', readonly DiscrepancyStatus[]> = {
  // Not an error: documented why; stays silent while what it looked at is unchanged.
  ACCEPTED: ['OPEN', 'QUERIED'],
  // The answer, or the corrected data, is accepted.
  CLOSED: ['ANSWERED', 'RESOLVED'],
  // Send (OPEN) or re-query with a new message (ANSWERED).
  QUERIED: ['OPEN', 'ANSWERED'],
};

export type ManualTarget = keyof typeof MANUAL_MOVES;

export function moveRefusal(
  id: number,
  from: DiscrepancyStatus,
  to: ManualTarget,
  hasMessage: boolean,
): string | null {
  if (!MANUAL_MOVES[to].includes(from)) {
    return `discrepancy ${id} is ${from}: it cannot move to ${to} (only from ${MANUAL_MOVES[to].join(' or ')})`;
  }
  if (to === 'QUERIED' && from === 'ANSWERED' && !hasMessage) {
    return `discrepancy ${id} was answered: a re-query needs a new message (--message)`;
  }
  return null;
}
