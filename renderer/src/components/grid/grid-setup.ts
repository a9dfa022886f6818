import {
  CellStyleModule,
  ColumnApiModule,
  ColumnAutoSizeModule,
  EventApiModule,
  InfiniteRowModelModule,
  LocaleModule,
  RenderApiModule,
  RowApiModule,
  RowSelectionModule,
  RowStyleModule,
  ScrollApiModule,
  TooltipModule,
  themeQuartz,
  type Module,
} from 'ag-grid-community';

/** The AG Grid modules our grids use (community only, registered per grid, no global registry). */
export const GRID_MODULES: Module[] = [
  InfiniteRowModelModule,
  LocaleModule,
  RowSelectionModule,
  ColumnApiModule,
  ColumnAutoSizeModule,
  RowApiModule,
  ScrollApiModule,
  RenderApiModule,
  EventApiModule,
  CellStyleModule,
  RowStyleModule,
  TooltipModule,
];

/** Quartz, made calm and dense: small type with Hangul fallbacks, thin borders, one accent. */
export const gridTheme = themeQuartz.withParams({
  fontFamily: 'inherit',
  fontSize: 12.5,
  headerFontSize: 12,
  headerFontWeight: 600,
  rowHeight: 30,
  headerHeight: 32,
  spacing: 5,
  accentColor: '#3b5bdb',
  foregroundColor: '#1f2430',
  backgroundColor: '#ffffff',
  headerBackgroundColor: '#f6f7f9',
  headerTextColor: '#4a5160',
  borderColor: '#e3e6eb',
  rowBorder: { color: '#eef0f3' },
  oddRowBackgroundColor: '#fcfcfd',
  selectedRowBackgroundColor: '#e8edfc',
  rowHoverColor: '#f3f5f8',
  wrapperBorderRadius: 6,
  borderRadius: 4,
  cellHorizontalPadding: 10,
  browserColorScheme: 'light',
});

/** The few built-in texts our grids show, in the chosen language. */
export function gridLocaleText(t: (key: string) => string): Record<string, string> {
  return {
    loadingOoo: t('grid.loading'),
    noRowsToShow: t('grid.noRows'),
    ariaChecked: t('grid.ariaChecked'),
    ariaUnchecked: t('grid.ariaUnchecked'),
    ariaRowSelect: t('grid.ariaRowSelect'),
    ariaRowDeselect: t('grid.ariaRowDeselect'),
    ariaRowToggleSelection: t('grid.ariaRowToggleSelection'),
    ariaRowSelectAll: t('grid.ariaRowSelectAll'),
  };
}
