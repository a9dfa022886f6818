import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { DiscrepancyFilter } from '../../../../shared/api/discrepancies';
import { filterFromParams, focusFromParams, paramsFromFilter } from '../../lib/discrepancy-filters';

/** The grid's filter and focused discrepancy, held in the URL (#/discrepancies?status=OPEN&id=12). */
export function useDiscrepancyFilter() {
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => filterFromParams(params), [params]);
  const focusId = focusFromParams(params);

  const setFilter = useCallback(
    (next: DiscrepancyFilter) =>
      setParams(paramsFromFilter(next, focusFromParams(params)), { replace: true }),
    [params, setParams],
  );
  const setFocus = useCallback(
    (id: number | null) => setParams(paramsFromFilter(filterFromParams(params), id), { replace: true }),
    [params, setParams],
  );
  return { filter, focusId, setFilter, setFocus };
}
