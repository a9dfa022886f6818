import type { DiscrepancyFilter } from '../../../../shared/api/discrepancies';

/**
 * What the bulk actions act on: rows picked one by one, or every discrepancy matching the filter
 * (resolved to ids only when the action runs, by paging through the list).
 */
export type Selection =
  { kind: 'ids'; ids: ReadonlySet<number> } | { kind: 'all'; filter: DiscrepancyFilter; total: number };

export const EMPTY_SELECTION: Selection = { kind: 'ids', ids: new Set() };

export function selectionCount(selection: Selection): number {
  return selection.kind === 'all' ? selection.total : selection.ids.size;
}

export function withId(selection: Selection, id: number, selected: boolean): Selection {
  const ids = new Set(selection.kind === 'ids' ? selection.ids : []);
  if (selected) ids.add(id);
  else ids.delete(id);
  return { kind: 'ids', ids };
}

export type BulkAction = 'send' | 'accept' | 'close' | 'reopen';

/** Reopen undoes a decision (a mis-clicked Accept or Close): back to Open, with a reason. */
export const BULK_TARGET = { send: 'QUERIED', accept: 'ACCEPTED', close: 'CLOSED', reopen: 'OPEN' } as const;

/** Actions whose reason the user must write (the others come with one already written). */
export const REASON_REQUIRED: readonly BulkAction[] = ['accept', 'reopen'];
