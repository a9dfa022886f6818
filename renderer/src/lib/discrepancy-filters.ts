import {
  discrepancyStatusSchema,
  severitySchema,
  type DiscrepancyFilter,
  type DiscrepancyStatus,
} from '../../../shared/api/discrepancies';

/**
 * The Discrepancies screen's filter lives in its URL (#/discrepancies?status=OPEN&check=DOSE-01), so
 * that a link from the dashboard, a subject's timeline or a colleague opens the grid filtered.
 * Multiple values are comma-separated (status=OPEN,QUERIED); repeated parameters are read too.
 */
export type FacetKey = 'status' | 'checkId' | 'category' | 'severity' | 'site' | 'subject' | 'form';

/** The URL parameter of each facet of the filter. */
export const FACET_PARAMS: Readonly<Record<FacetKey, string>> = {
  status: 'status',
  checkId: 'check',
  category: 'category',
  severity: 'severity',
  site: 'site',
  subject: 'subject',
  form: 'form',
};

export const FACET_KEYS = Object.keys(FACET_PARAMS) as FacetKey[];

const SEARCH_PARAM = 'q';
const FOCUS_PARAM = 'id';

const STATUSES = new Set<string>(discrepancyStatusSchema.options);
const SEVERITIES = new Set<string>(severitySchema.options);

function valuesOf(params: URLSearchParams, name: string): string[] {
  const values = params
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
  return [...new Set(values)];
}

/** Reads the filter from the screen's query string; unknown statuses and severities are dropped. */
export function filterFromParams(params: URLSearchParams): DiscrepancyFilter {
  const filter: DiscrepancyFilter = {};
  for (const key of FACET_KEYS) {
    let values = valuesOf(params, FACET_PARAMS[key]);
    if (key === 'status') values = values.map((v) => v.toUpperCase()).filter((v) => STATUSES.has(v));
    if (key === 'severity') values = values.map((v) => v.toLowerCase()).filter((v) => SEVERITIES.has(v));
    if (values.length) (filter as Record<FacetKey, string[]>)[key] = values;
  }
  const search = params.get(SEARCH_PARAM)?.trim();
  if (search) filter.search = search.slice(0, 200);
  return filter;
}

/** Writes the filter (and the focused discrepancy, if any) as a query string, in a stable order. */
export function paramsFromFilter(filter: DiscrepancyFilter, focusId: number | null = null): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FACET_KEYS) {
    const values = filter[key];
    if (values && values.length) params.set(FACET_PARAMS[key], values.join(','));
  }
  if (filter.search?.trim()) params.set(SEARCH_PARAM, filter.search.trim());
  if (focusId !== null) params.set(FOCUS_PARAM, String(focusId));
  return params;
}

export function focusFromParams(params: URLSearchParams): number | null {
  const raw = params.get(FOCUS_PARAM);
  if (raw === null || !/^\d+$/.test(raw)) return null;
  return Number(raw);
}

/** The hash link that opens the grid with this filter. */
export function discrepanciesHref(filter: DiscrepancyFilter, focusId: number | null = null): string {
  const query = paramsFromFilter(filter, focusId).toString();
  return `#/discrepancies${query ? `?${query}` : ''}`;
}

/** The router path (without '#') for `navigate()`. */
export function discrepanciesPath(filter: DiscrepancyFilter, focusId: number | null = null): string {
  return discrepanciesHref(filter, focusId).slice(1);
}

/** Adds the value to a facet, or removes it if it is there. */
export function toggleFacetValue(filter: DiscrepancyFilter, key: FacetKey, value: string): DiscrepancyFilter {
  const current = (filter[key] as string[] | undefined) ?? [];
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  return setFacet(filter, key, next);
}

export function setFacet(
  filter: DiscrepancyFilter,
  key: FacetKey,
  values: readonly string[],
): DiscrepancyFilter {
  const next: DiscrepancyFilter = { ...filter };
  if (values.length) (next as Record<FacetKey, string[]>)[key] = [...values];
  else delete next[key];
  if (key === 'status') next.status = next.status?.filter((s): s is DiscrepancyStatus => STATUSES.has(s));
  if (next.status && !next.status.length) delete next.status;
  return next;
}

export function isFilterEmpty(filter: DiscrepancyFilter): boolean {
  return FACET_KEYS.every((k) => !filter[k]?.length) && !filter.search?.trim() && !filter.ids?.length;
}

/** A key that changes whenever the filter changes (for resetting the grid and selection). */
export function filterKey(filter: DiscrepancyFilter): string {
  return paramsFromFilter(filter).toString() + (filter.ids ? `&ids=${filter.ids.join(',')}` : '');
}
