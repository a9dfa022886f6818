import type { GridApi } from 'ag-grid-community';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Discrepancy } from '../../../../shared/api/discrepancies';
import { Icon } from '../../components/Icon';

/** Which columns the grid shows (remembered with their widths). */
export function ColumnMenu({ api }: { api: GridApi<Discrepancy> | null }) {
  const { t } = useTranslation();
  const [columns, setColumns] = useState<{ colId: string; name: string; visible: boolean }[] | null>(null);

  const open = () => {
    if (!api) return;
    setColumns(
      api
        .getColumns()
        ?.filter((c) => !c.getColId().startsWith('ag-Grid-'))
        .map((c) => ({
          colId: c.getColId(),
          name: c.getColDef().headerName ?? c.getColId(),
          visible: c.isVisible(),
        })) ?? [],
    );
  };

  return (
    <details
      className="menu"
      onToggle={(e) => {
        if ((e.target as HTMLDetailsElement).open) open();
      }}
    >
      <summary className="btn btn-small">
        <Icon name="columns" size={14} /> {t('grid.columns')}
      </summary>
      <div className="menu-panel">
        {columns?.map((c) => (
          <label key={c.colId} className="facet-option">
            <input
              type="checkbox"
              checked={c.visible}
              onChange={(e) => {
                api?.setColumnsVisible([c.colId], e.target.checked);
                setColumns(
                  (cols) =>
                    cols?.map((x) => (x.colId === c.colId ? { ...x, visible: e.target.checked } : x)) ?? null,
                );
              }}
            />
            <span>{c.name}</span>
          </label>
        ))}
        <button
          type="button"
          className="btn btn-ghost btn-small"
          onClick={() => {
            api?.resetColumnState();
            open();
          }}
        >
          {t('grid.resetColumns')}
        </button>
      </div>
    </details>
  );
}
