import { useEffect, useState } from 'react';
import type { DiscrepancyFacets, DiscrepancyFilter } from '../../../../shared/api/discrepancies';
import { call } from '../../api/client';
import { cleanFilter } from '../../lib/grid-request';

type CountedFacet = keyof DiscrepancyFacets;
const COUNTED: readonly CountedFacet[] = ['status', 'checkId', 'category', 'severity', 'site', 'form'];

/**
 * Counts for each filter menu. A facet in use is counted with every other part of the filter but
 * not itself, so its menu still shows what picking another value would give. `enabled` waits for
 * the grid's first page: counting is slower than one page and must not hold the first rows back.
 */
export function useFacets(filter: DiscrepancyFilter, refreshKey: number, enabled: boolean) {
  const [facets, setFacets] = useState<DiscrepancyFacets | null>(null);
  const key = JSON.stringify(cleanFilter(filter));

  useEffect(() => {
    if (!enabled) return;
    let live = true;
    const base = JSON.parse(key) as DiscrepancyFilter;
    const active = COUNTED.filter((f) => base[f]?.length);
    const requests = [
      call('discrepancies.facets', base),
      ...active.map((f) => call('discrepancies.facets', { ...base, [f]: undefined })),
    ];
    Promise.all(requests).then(
      ([all, ...without]) => {
        if (!live || !all) return;
        const merged = { ...all };
        active.forEach((f, i) => {
          const other = without[i];
          if (other) merged[f] = other[f];
        });
        setFacets(merged);
      },
      () => live && setFacets(null),
    );
    return () => {
      live = false;
    };
  }, [key, refreshKey, enabled]);

  return facets;
}
