import type {
  CellKeyDownEvent,
  ColDef,
  IDatasource,
  IGetRowsParams,
  RowClickedEvent,
  SelectionChangedEvent,
} from 'ag-grid-community';
import type { AgGridReactProps } from 'ag-grid-react';
import { useMemo } from 'react';
import type { ApiError } from '../../api/client';
import { asApiError } from '../../hooks/useApi';
import { useLatest } from '../../hooks/useLatest';
import { pageOf } from '../../lib/grid-request';
import { InfiniteGrid } from './InfiniteGrid';

export interface Page<Row> {
  rows: Row[];
  total: number;
}

/** Rows picked with the checkboxes of a selectable grid (their ids say which). */
export interface GridSelection<Row> {
  rowId: (row: Row) => string;
  onChange: (rows: Row[]) => void;
}

/**
 * A grid over a paged API list (data.list, audit.list): AG Grid's infinite row model asks for
 * blocks as the user scrolls. A new `resetKey` starts again from the top (and clears a selection).
 */
export function PagedGrid<Row extends object>({
  columnDefs,
  fetchPage,
  resetKey,
  onTotal,
  onError,
  onOpen,
  selection,
  testId,
}: {
  columnDefs: ColDef<Row>[];
  fetchPage: (offset: number, limit: number) => Promise<Page<Row>>;
  resetKey: string;
  onTotal?: (total: number) => void;
  onError?: (error: ApiError | null) => void;
  onOpen?: (row: Row) => void;
  selection?: GridSelection<Row>;
  testId?: string;
}) {
  const latest = useLatest({ fetchPage, onTotal, onError, onOpen, selection });
  const selectable = selection !== undefined;

  const datasource = useMemo<IDatasource>(
    () => ({
      getRows(params: IGetRowsParams) {
        const { offset, limit } = pageOf(params);
        latest.current.fetchPage(offset, limit).then(
          (page) => {
            params.successCallback(page.rows, page.total);
            latest.current.onTotal?.(page.total);
            latest.current.onError?.(null);
          },
          (error: unknown) => {
            params.failCallback();
            latest.current.onError?.(asApiError(error));
          },
        );
      },
    }),
    // A new key, a new datasource: the grid starts again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [resetKey, latest],
  );

  // Made once: new option objects on every render would make AG Grid re-apply them.
  const stable = useMemo<Partial<AgGridReactProps<Row>>>(
    () => ({
      ...(selectable
        ? {
            getRowId: (p: { data: Row }) => latest.current.selection!.rowId(p.data),
            rowSelection: {
              mode: 'multiRow',
              checkboxes: true,
              headerCheckbox: false,
              enableClickSelection: false,
            },
            selectionColumnDef: { width: 40, pinned: 'left', suppressMovable: true, resizable: false },
            onSelectionChanged: (e: SelectionChangedEvent<Row>) =>
              latest.current.selection?.onChange(e.api.getSelectedRows()),
          }
        : {}),
      defaultColDef: { sortable: false, resizable: true, suppressHeaderMenuButton: true, minWidth: 60 },
      cacheBlockSize: 200,
      maxBlocksInCache: 50,
      blockLoadDebounceMillis: 40,
      infiniteInitialRowCount: 1,
      tooltipShowDelay: 600,
      animateRows: false,
      onRowClicked: (e: RowClickedEvent<Row>) => {
        const target = e.event?.target as HTMLElement | null | undefined;
        // A click on the selection checkbox selects; it does not open the row.
        if (target?.closest('.ag-selection-checkbox')) return;
        if (e.data) latest.current.onOpen?.(e.data);
      },
      onCellKeyDown: (e) => {
        const event = (e as CellKeyDownEvent<Row>).event as KeyboardEvent | null | undefined;
        const data = (e as CellKeyDownEvent<Row>).data;
        if (event?.key === 'Enter' && data) latest.current.onOpen?.(data);
      },
    }),
    [latest, selectable],
  );

  return (
    <InfiniteGrid<Row> columnDefs={columnDefs} datasource={datasource} options={stable} testId={testId} />
  );
}
