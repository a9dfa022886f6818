import type { DiscrepancyStatus } from '../../../shared/api/discrepancies';
import { auditNewDiscrepancy, moveStatus } from '../db/workflow-repo';
import type { StudyDatabase } from '../db/study-database';
import { findMove, type Mover } from './status-moves';

/**
 * Moves the system makes one discrepancy at a time: a query list sends an OPEN one (QUERIED), an
 * answer file answers a QUERIED one (ANSWERED). The table of moves must have the move: the caller
 * already checked the status, so a missing move is a bug, and nothing of the call is kept.
 */
export function moveBySystem(
  database: StudyDatabase,
  by: Exclude<Mover, 'person' | 'check run'>,
  change: {
    id: number;
    from: DiscrepancyStatus;
    to: DiscrepancyStatus;
    reason: string;
    user: string;
    at: string;
  },
): void {
  const move = findMove(by, change.from, change.to);
  if (!move) throw new Error(`the workflow has no move ${change.from} -> ${change.to} by ${by}`);
  moveStatus(database, { ...change, decision: move.decision }, change.from);
}

/** A manual query raised: a new discrepancy, OPEN, in the audit trail like every move. */
export function recordRaised(
  database: StudyDatabase,
  event: { id: number; reason: string; user: string; at: string },
): void {
  if (!findMove('person', null, 'OPEN')) throw new Error('the workflow has no manual query');
  auditNewDiscrepancy(database, event);
}
