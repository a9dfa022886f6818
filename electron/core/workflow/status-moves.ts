import type { DiscrepancyStatus } from '../../../shared/api/discrepancies';

/**
 * The one status machine of discrepancies (workflow.md): every move anyone may make, by whom, and
 * what it does to the decision a data manager took. Manual moves (set-status.ts), check runs
 * (their set-based reconciliation in db/check-runs-repo.ts takes its statuses from here), query
 * lists and answers (system-moves.ts) all ask this table; nothing else moves a discrepancy.
 */

/** Who makes a move: a person, or the system as a check run, a query list sent, an answer loaded. */
export type Mover = 'person' | 'check run' | 'query list' | 'answers';

/**
 * What a move does to the values a decision was taken on (the discrepancy's fingerprint): ACCEPTED
 * and CLOSED keep quiet while a check finds the discrepancy on the same values (`decide`); a move
 * back to work forgets the decision (`forget`); other moves leave it as it was (`keep`).
 */
export type Decision = 'decide' | 'forget' | 'keep';

export interface StatusMove {
  by: Mover;
  /** null: the discrepancy is new (found by a run, or a manual query raised). */
  from: readonly (DiscrepancyStatus | null)[];
  to: DiscrepancyStatus;
  decision: Decision;
  /** A person's re-query asks the site again: it needs a new message. */
  needsMessage?: boolean;
  /** When the system makes it (a check run's moves are set-based; this names which one). */
  when?: CheckRunEvent;
  what: string;
}

/** What a check run sees of a discrepancy: new, not found, found again after it had gone, found on other values. */
export type CheckRunEvent = 'new' | 'gone' | 'found again' | 'found on other values';

// prettier-ignore
export const STATUS_MOVES: readonly StatusMove[] = [
  { by: 'check run',  when: 'new',                   from: [null],                          to: 'OPEN',     decision: 'keep',   what: 'found by a check run' },
  { by: 'person',                                    from: [null],                          to: 'OPEN',     decision: 'keep',   what: 'a manual query raised' },
  { by: 'query list',                                from: ['OPEN'],                        to: 'QUERIED',  decision: 'keep',   what: 'sent to the site in a query list' },
  { by: 'person',                                    from: ['OPEN'],                        to: 'QUERIED',  decision: 'keep',   what: 'queried' },
  { by: 'person',     needsMessage: true,            from: ['ANSWERED'],                    to: 'QUERIED',  decision: 'keep',   what: 're-queried with a new message' },
  { by: 'answers',                                   from: ['QUERIED'],                     to: 'ANSWERED', decision: 'keep',   what: "the site's answer loaded" },
  { by: 'person',                                    from: ['ANSWERED'],                    to: 'CLOSED',   decision: 'decide', what: 'the answer accepted' },
  // The corrected data were reviewed: nothing is left to keep quiet about, so a return reopens it.
  { by: 'person',                                    from: ['RESOLVED'],                    to: 'CLOSED',   decision: 'forget', what: 'the correction reviewed' },
  { by: 'person',                                    from: ['OPEN', 'QUERIED'],             to: 'ACCEPTED', decision: 'decide', what: 'not an error' },
  // Undo: a decision taken by mistake (a mis-clicked bulk Accept) goes back to work.
  { by: 'person',                                    from: ['CLOSED', 'ACCEPTED'],          to: 'OPEN',     decision: 'forget', what: 'reopened by hand' },
  { by: 'check run',  when: 'gone',                  from: ['OPEN', 'QUERIED', 'ANSWERED'], to: 'RESOLVED', decision: 'keep',   what: 'no longer found: the data changed' },
  { by: 'check run',  when: 'found again',           from: ['RESOLVED'],                    to: 'OPEN',     decision: 'forget', what: 'found again' },
  // A decision stands while a check finds it on the values decided on; on other values, or when it
  // comes back after the data had once made it go away (the run forgets the decision then), it reopens.
  { by: 'check run',  when: 'found on other values', from: ['CLOSED', 'ACCEPTED'],          to: 'OPEN',     decision: 'forget', what: 'found again on values that changed since the decision' },
];

/** The move a mover may make from a status to another, if any. */
export function findMove(
  by: Mover,
  from: DiscrepancyStatus | null,
  to: DiscrepancyStatus,
): StatusMove | undefined {
  return STATUS_MOVES.find((m) => m.by === by && m.to === to && m.from.includes(from));
}

/** The statuses a person may move a discrepancy from, to this one. */
export function manualSources(to: DiscrepancyStatus): DiscrepancyStatus[] {
  return STATUS_MOVES.filter((m) => m.by === 'person' && m.to === to).flatMap((m) =>
    m.from.filter((f): f is DiscrepancyStatus => f !== null),
  );
}

/** The statuses a person may move a discrepancy to from the one it is in. */
export function manualTargets(from: DiscrepancyStatus): DiscrepancyStatus[] {
  return STATUS_MOVES.filter((m) => m.by === 'person' && m.from.includes(from)).map((m) => m.to);
}

/** The statuses a person may move discrepancies to. */
export const MANUAL_TARGETS: readonly DiscrepancyStatus[] = [
  ...new Set(STATUS_MOVES.filter((m) => m.by === 'person' && !m.from.includes(null)).map((m) => m.to)),
];

/** A check run's set-based moves: which statuses each event moves (db/check-runs-repo.ts runs them). */
export interface CheckRunMoves {
  resolve: DiscrepancyStatus[];
  reopenResolved: DiscrepancyStatus[];
  reopenDecided: DiscrepancyStatus[];
}

function runSources(when: CheckRunEvent): DiscrepancyStatus[] {
  const move = STATUS_MOVES.find((m) => m.by === 'check run' && m.when === when);
  return (move?.from ?? []).filter((f): f is DiscrepancyStatus => f !== null);
}

export const CHECK_RUN_MOVES: CheckRunMoves = {
  resolve: runSources('gone'),
  reopenResolved: runSources('found again'),
  reopenDecided: runSources('found on other values'),
};
