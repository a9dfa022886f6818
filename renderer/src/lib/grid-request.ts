import {
  sortableDiscrepancyFields,
  type DiscrepancyFilter,
  type DiscrepancyListRequest,
} from '../../../shared/api/discrepancies';

/** What AG Grid's infinite row model hands a datasource (the part we use). */
export interface RowWindow {
  startRow: number;
  endRow: number;
  sortModel: readonly { colId: string; sort: 'asc' | 'desc' }[];
}

type SortField = (typeof sortableDiscrepancyFields)[number];
const SORTABLE = new Set<string>(sortableDiscrepancyFields);

/** The grid's sort model as the API's sort: only sortable fields, at most 5, id as the tiebreak. */
export function sortFromModel(
  sortModel: RowWindow['sortModel'],
): NonNullable<DiscrepancyListRequest['sort']> {
  const sort = sortModel
    .filter((s): s is { colId: SortField; sort: 'asc' | 'desc' } => SORTABLE.has(s.colId))
    .slice(0, 4)
    .map((s) => ({ field: s.colId, dir: s.sort }));
  // A stable order between pages: the same row must not show on two pages or on none.
  if (!sort.some((s) => s.field === 'id')) sort.push({ field: 'id', dir: 'asc' });
  return sort;
}

/** The request for one block of rows of the grid. */
export function listRequest(filter: DiscrepancyFilter, window: RowWindow): DiscrepancyListRequest {
  const limit = Math.max(1, window.endRow - window.startRow);
  return { ...cleanFilter(filter), sort: sortFromModel(window.sortModel), offset: window.startRow, limit };
}

/** Drops empty facets and blank search so that the request says only what filters. */
export function cleanFilter(filter: DiscrepancyFilter): DiscrepancyFilter {
  const clean: DiscrepancyFilter = {};
  for (const [key, value] of Object.entries(filter) as [keyof DiscrepancyFilter, unknown][]) {
    if (
      Array.isArray(value)
        ? value.length > 0
        : typeof value === 'string'
          ? value.trim().length > 0
          : value !== undefined
    ) {
      (clean as Record<string, unknown>)[key] = typeof value === 'string' ? value.trim() : value;
    }
  }
  return clean;
}

/**
 * The last row index to tell the grid: the total when known, so that its scroll bar is right from
 * the first page; -1 (unknown) is never needed since every page carries the total.
 */
export function lastRow(page: { total: number }): number {
  return page.total;
}

/** A plain offset/limit request for the other paged lists (data, audit). */
export function pageOf(window: Pick<RowWindow, 'startRow' | 'endRow'>): { offset: number; limit: number } {
  return { offset: window.startRow, limit: Math.max(1, window.endRow - window.startRow) };
}

/** The pages to ask for when every matching id is needed (bulk action on "all matching"). */
export function idPages(total: number, pageSize = 50_000): { offset: number; limit: number }[] {
  const pages: { offset: number; limit: number }[] = [];
  for (let offset = 0; offset < total; offset += pageSize)
    pages.push({ offset, limit: Math.min(pageSize, total - offset) });
  return pages;
}
