import type {
  CellClickedEvent,
  CellFocusedEvent,
  CellKeyDownEvent,
  ColumnState,
  GridApi,
  GridReadyEvent,
  IDatasource,
  IGetRowsParams,
  RowSelectedEvent,
} from 'ag-grid-community';
import type { AgGridReactProps } from 'ag-grid-react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Discrepancy, DiscrepancyFilter } from '../../../../shared/api/discrepancies';
import type { ApiError } from '../../api/client';
import { call } from '../../api/client';
import { InfiniteGrid } from '../../components/grid/InfiniteGrid';
import { asApiError } from '../../hooks/useApi';
import { useLanguage } from '../../hooks/useLanguage';
import { useLatest } from '../../hooks/useLatest';
import { loadColumns, mergeColumns, saveColumns } from '../../lib/column-state';
import { filterKey } from '../../lib/discrepancy-filters';
import { lastRow, listRequest } from '../../lib/grid-request';
import { DISCREPANCY_COLUMN_IDS, discrepancyColumns } from './columns';

export const COLUMNS_STORAGE_KEY = 'cdm.grid.discrepancies.columns.v1';
const BLOCK = 200;

/**
 * The whole discrepancy list over AG Grid's infinite row model: blocks of rows are asked for as the
 * user scrolls (offset/limit with the filter and the server-side sort); nothing loads all rows.
 */
export function DiscrepancyGrid({
  filter,
  onApi,
  onPage,
  onError,
  onOpen,
  onFocusRow,
  onSelect,
}: {
  filter: DiscrepancyFilter;
  onApi: (api: GridApi<Discrepancy> | null) => void;
  onPage: (total: number) => void;
  onError: (error: ApiError | null) => void;
  onOpen: (id: number) => void;
  onFocusRow: (id: number) => void;
  onSelect: (id: number, selected: boolean) => void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const columnDefs = useMemo(() => discrepancyColumns(t, language), [t, language]);
  const callbacks = useLatest({ onApi, onPage, onError, onOpen, onFocusRow, onSelect });

  const key = filterKey(filter);
  const datasource = useMemo<IDatasource>(() => {
    const requestFilter = filter;
    return {
      getRows(params: IGetRowsParams) {
        // Messages come in the window's language (rendered by the core from the check's named values).
        call('discrepancies.list', { ...listRequest(requestFilter, params), language }).then(
          (page) => {
            params.successCallback(page.rows, lastRow(page));
            callbacks.current.onPage(page.total);
            callbacks.current.onError(null);
          },
          (error: unknown) => {
            params.failCallback();
            callbacks.current.onError(asApiError(error));
          },
        );
      },
    };
    // The datasource is rebuilt when the filter's meaning or the language changes, not when the filter object does.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, callbacks, language]);

  // Options and handlers made once: a new object on each render of the screen (a count, a
  // selection) would make AG Grid re-apply its options and redraw rows.
  const stable = useMemo(() => gridProps(callbacks), [callbacks]);

  return (
    <InfiniteGrid<Discrepancy>
      columnDefs={columnDefs}
      datasource={datasource}
      options={stable}
      testId="discrepancy-grid"
    />
  );
}

function saveState(api: GridApi<Discrepancy>) {
  const state: ColumnState[] = api.getColumnState();
  saveColumns(
    localStorage,
    COLUMNS_STORAGE_KEY,
    state
      .filter((c) => !c.colId.startsWith('ag-Grid-'))
      .map((c) => ({ colId: c.colId, width: c.width ?? undefined, hide: c.hide ?? false })),
  );
}

type Callbacks = {
  current: {
    onApi: (api: GridApi<Discrepancy> | null) => void;
    onOpen: (id: number) => void;
    onFocusRow: (id: number) => void;
    onSelect: (id: number, selected: boolean) => void;
  };
};

function gridProps(callbacks: Callbacks): Partial<AgGridReactProps<Discrepancy>> {
  return {
    defaultColDef: { sortable: true, resizable: true, suppressHeaderMenuButton: true },
    cacheBlockSize: BLOCK,
    maxBlocksInCache: 60,
    maxConcurrentDatasourceRequests: 2,
    blockLoadDebounceMillis: 40,
    infiniteInitialRowCount: 1,
    rowBuffer: 10,
    getRowId: (p) => String(p.data.id),
    rowSelection: { mode: 'multiRow', checkboxes: true, headerCheckbox: false, enableClickSelection: false },
    selectionColumnDef: { width: 40, pinned: 'left', suppressMovable: true, resizable: false },
    tooltipShowDelay: 600,
    animateRows: false,
    onGridReady: (event: GridReadyEvent<Discrepancy>) => {
      const saved = loadColumns(localStorage, COLUMNS_STORAGE_KEY);
      if (saved)
        event.api.applyColumnState({ state: mergeColumns(DISCREPANCY_COLUMN_IDS, saved), applyOrder: true });
      callbacks.current.onApi(event.api);
    },
    onGridPreDestroyed: () => callbacks.current.onApi(null),
    onColumnResized: (e) => {
      if (e.finished && e.source !== 'api') saveState(e.api);
    },
    onColumnMoved: (e) => {
      if (e.finished && e.source !== 'api') saveState(e.api);
    },
    onColumnVisible: (e) => saveState(e.api),
    onRowSelected: (e: RowSelectedEvent<Discrepancy>) => {
      if (e.data) callbacks.current.onSelect(e.data.id, e.node.isSelected() ?? false);
    },
    onCellClicked: (e: CellClickedEvent<Discrepancy>) => {
      if (e.data && !e.column.getColId().startsWith('ag-Grid-')) callbacks.current.onOpen(e.data.id);
    },
    onCellKeyDown: (e) => {
      const event = (e as CellKeyDownEvent<Discrepancy>).event as KeyboardEvent | null | undefined;
      const data = (e as CellKeyDownEvent<Discrepancy>).data;
      if (event?.key === 'Enter' && data) {
        event.preventDefault();
        callbacks.current.onOpen(data.id);
      }
    },
    onCellFocused: (e: CellFocusedEvent<Discrepancy>) => {
      if (e.rowIndex === null || e.rowIndex === undefined || e.rowPinned) return;
      const node = e.api.getDisplayedRowAtIndex(e.rowIndex);
      if (node?.data) callbacks.current.onFocusRow(node.data.id);
    },
  };
}
