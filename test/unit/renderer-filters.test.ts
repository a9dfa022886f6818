import { describe, expect, it } from 'vitest';
import {
  discrepanciesHref,
  filterFromParams,
  filterKey,
  focusFromParams,
  isFilterEmpty,
  paramsFromFilter,
  setFacet,
  toggleFacetValue,
} from '../../renderer/src/lib/discrepancy-filters';

const parse = (query: string) => filterFromParams(new URLSearchParams(query));

describe('discrepancy filter <-> URL query', () => {
  it('reads the links the dashboard makes', () => {
    expect(parse('status=OPEN&check=DOSE-01&site=S01')).toEqual({
      status: ['OPEN'],
      checkId: ['DOSE-01'],
      site: ['S01'],
    });
  });

  it('reads comma-separated and repeated values, without duplicates', () => {
    expect(parse('status=OPEN,QUERIED&status=ANSWERED&status=OPEN').status).toEqual([
      'OPEN',
      'QUERIED',
      'ANSWERED',
    ]);
    expect(parse('subject=S01-001,%20S01-002&subject=').subject).toEqual(['S01-001', 'S01-002']);
  });

  it('drops statuses and severities that do not exist, and accepts any case', () => {
    expect(parse('status=open,BOGUS&severity=Critical,huge')).toEqual({
      status: ['OPEN'],
      severity: ['critical'],
    });
    expect(parse('status=BOGUS')).toEqual({});
  });

  it('keeps the quick search, trimmed and capped at the API limit', () => {
    expect(parse('q=%20%20%EC%95%84%EC%8A%A4%ED%94%BC%EB%A6%B0%20').search).toBe('아스피린');
    expect(parse(`q=${'x'.repeat(300)}`).search).toHaveLength(200);
    expect(parse('q=%20%20').search).toBeUndefined();
  });

  it('writes a stable, readable query and reads it back to the same filter', () => {
    const filter = {
      site: ['S02'],
      status: ['QUERIED' as const, 'OPEN' as const],
      checkId: ['RESP-05'],
      search: 'PR',
    };
    const query = paramsFromFilter(filter).toString();
    expect(query).toBe('status=QUERIED%2COPEN&check=RESP-05&site=S02&q=PR');
    expect(parse(query)).toEqual(filter);
  });

  it('carries the focused discrepancy as id=', () => {
    expect(discrepanciesHref({ subject: ['S01-003'] }, 42)).toBe('#/discrepancies?subject=S01-003&id=42');
    expect(focusFromParams(new URLSearchParams('id=42'))).toBe(42);
    expect(focusFromParams(new URLSearchParams('id=4x'))).toBeNull();
    expect(discrepanciesHref({})).toBe('#/discrepancies');
  });

  it('toggles and clears facet values', () => {
    let filter = toggleFacetValue({}, 'checkId', 'DOSE-01');
    filter = toggleFacetValue(filter, 'checkId', 'DOSE-02');
    expect(filter.checkId).toEqual(['DOSE-01', 'DOSE-02']);
    filter = toggleFacetValue(filter, 'checkId', 'DOSE-01');
    expect(filter.checkId).toEqual(['DOSE-02']);
    expect(setFacet(filter, 'checkId', [])).toEqual({});
    expect(isFilterEmpty(setFacet(filter, 'checkId', []))).toBe(true);
    expect(isFilterEmpty({ search: '  ' })).toBe(true);
    expect(isFilterEmpty({ ids: [1] })).toBe(false);
  });

  it('gives the same key to filters that mean the same', () => {
    expect(filterKey(parse('site=S01&status=OPEN'))).toBe(filterKey(parse('status=OPEN&site=S01')));
    expect(filterKey(parse('site=S01'))).not.toBe(filterKey(parse('site=S02')));
  });
});
