import type { ColDef, IDatasource } from 'ag-grid-community';
import { AgGridReact, type AgGridReactProps } from 'ag-grid-react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { GRID_MODULES, gridLocaleText, gridTheme } from './grid-setup';

/** AG Grid over its infinite row model, in the window's language and theme: `options` made once by the caller. */
export function InfiniteGrid<Row extends object>({
  columnDefs,
  datasource,
  options,
  testId,
}: {
  columnDefs: ColDef<Row>[];
  datasource: IDatasource;
  options: Partial<AgGridReactProps<Row>>;
  testId?: string;
}) {
  const { t } = useTranslation();
  const localeText = useMemo(() => gridLocaleText(t), [t]);
  return (
    <div className="grid-host" data-testid={testId}>
      <AgGridReact<Row>
        modules={GRID_MODULES}
        theme={gridTheme}
        localeText={localeText}
        columnDefs={columnDefs}
        rowModelType="infinite"
        datasource={datasource}
        {...options}
      />
    </div>
  );
}
