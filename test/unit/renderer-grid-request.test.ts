import { describe, expect, it } from 'vitest';
import { discrepancyListRequestSchema } from '../../shared/api/discrepancies';
import {
  cleanFilter,
  idPages,
  lastRow,
  listRequest,
  pageOf,
  sortFromModel,
} from '../../renderer/src/lib/grid-request';

describe('grid datasource -> discrepancies.list request', () => {
  it('asks for the block the grid wants, with the filter', () => {
    const request = listRequest(
      { status: ['OPEN'], site: ['S01'] },
      { startRow: 400, endRow: 600, sortModel: [] },
    );
    expect(request).toEqual({
      status: ['OPEN'],
      site: ['S01'],
      sort: [{ field: 'id', dir: 'asc' }],
      offset: 400,
      limit: 200,
    });
    // The request is valid for the contract as it stands.
    expect(discrepancyListRequestSchema.safeParse(request).success).toBe(true);
  });

  it('sorts on the server: grid sort model as API sort, id last as the tie-break', () => {
    expect(
      sortFromModel([
        { colId: 'subjectId', sort: 'desc' },
        { colId: 'firstFound', sort: 'asc' },
      ]),
    ).toEqual([
      { field: 'subjectId', dir: 'desc' },
      { field: 'firstFound', dir: 'asc' },
      { field: 'id', dir: 'asc' },
    ]);
    expect(sortFromModel([{ colId: 'id', sort: 'desc' }])).toEqual([{ field: 'id', dir: 'desc' }]);
  });

  it('drops columns the server cannot sort (the checkbox column) and stays within 5 sort keys', () => {
    expect(sortFromModel([{ colId: 'ag-Grid-SelectionColumn', sort: 'asc' }])).toEqual([
      { field: 'id', dir: 'asc' },
    ]);
    const many = ['status', 'checkId', 'siteId', 'subjectId', 'form', 'field'].map((colId) => ({
      colId,
      sort: 'asc' as const,
    }));
    const sort = sortFromModel(many);
    expect(sort).toHaveLength(5);
    expect(sort.at(-1)).toEqual({ field: 'id', dir: 'asc' });
    expect(discrepancyListRequestSchema.safeParse({ sort }).success).toBe(true);
  });

  it('leaves out empty parts of the filter', () => {
    expect(cleanFilter({ status: [], site: ['S01'], search: '  ', subject: undefined })).toEqual({
      site: ['S01'],
    });
    expect(cleanFilter({ search: ' DOSE ' })).toEqual({ search: 'DOSE' });
  });

  it('tells the grid the whole count so its scroll bar is right from the first page', () => {
    expect(lastRow({ total: 100_000 })).toBe(100_000);
    expect(pageOf({ startRow: 0, endRow: 200 })).toEqual({ offset: 0, limit: 200 });
  });

  it('pages through every matching id for "select all matching"', () => {
    expect(idPages(0)).toEqual([]);
    expect(idPages(120_001)).toEqual([
      { offset: 0, limit: 50_000 },
      { offset: 50_000, limit: 50_000 },
      { offset: 100_000, limit: 20_001 },
    ]);
  });
});
