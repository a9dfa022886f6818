import type { ColDef } from 'ag-grid-community';
import type { Discrepancy } from '../../../../shared/api/discrepancies';
import { formatDate, type Language } from '../../lib/format';
import { SeverityCell, StatusCell } from './badge-cells';

type Row = Discrepancy;

/** The Discrepancies grid's columns; every one sorts on the server (discrepancies.list sort). */
export function discrepancyColumns(
  t: (key: string, options?: Record<string, unknown>) => string,
  language: Language,
): ColDef<Row>[] {
  const date = ({ value }: { value: string | null | undefined }) => formatDate(value, language);
  return [
    { colId: 'id', field: 'id', headerName: t('columns.id'), width: 80, type: 'rightAligned' },
    {
      colId: 'status',
      field: 'status',
      headerName: t('columns.status'),
      width: 120,
      cellRenderer: StatusCell,
      cellRendererParams: { label: (v: string) => t(`status.${v}`, { defaultValue: v }) },
    },
    {
      colId: 'severity',
      field: 'severity',
      headerName: t('columns.severity'),
      width: 100,
      cellRenderer: SeverityCell,
      cellRendererParams: { label: (v: string) => t(`severity.${v}`, { defaultValue: v }) },
    },
    { colId: 'checkId', field: 'checkId', headerName: t('columns.checkId'), width: 100, cellClass: 'mono' },
    { colId: 'category', field: 'category', headerName: t('columns.category'), width: 110, hide: true },
    { colId: 'siteId', field: 'siteId', headerName: t('columns.siteId'), width: 80 },
    {
      colId: 'subjectId',
      field: 'subjectId',
      headerName: t('columns.subjectId'),
      width: 110,
      cellClass: 'mono',
    },
    { colId: 'form', field: 'form', headerName: t('columns.form'), width: 70 },
    {
      colId: 'recordKey',
      field: 'recordKey',
      headerName: t('columns.recordKey'),
      width: 170,
      cellClass: 'mono',
      hide: true,
    },
    { colId: 'field', field: 'field', headerName: t('columns.field'), width: 110, cellClass: 'mono' },
    {
      colId: 'value',
      field: 'value',
      headerName: t('columns.value'),
      width: 130,
      cellClass: 'mono',
      tooltipField: 'value',
    },
    {
      colId: 'message',
      field: 'message',
      headerName: t('columns.message'),
      flex: 1,
      minWidth: 240,
      tooltipField: 'message',
    },
    { colId: 'queryId', field: 'queryId', headerName: t('columns.queryId'), width: 110, cellClass: 'mono' },
    {
      colId: 'firstFound',
      field: 'firstFound',
      headerName: t('columns.firstFound'),
      width: 150,
      valueFormatter: date,
    },
    {
      colId: 'lastFound',
      field: 'lastFound',
      headerName: t('columns.lastFound'),
      width: 150,
      valueFormatter: date,
      hide: true,
    },
    {
      colId: 'statusChangedAt',
      field: 'statusChangedAt',
      headerName: t('columns.statusChangedAt'),
      width: 150,
      valueFormatter: date,
      hide: true,
    },
  ];
}

export const DISCREPANCY_COLUMN_IDS = [
  'id',
  'status',
  'severity',
  'checkId',
  'category',
  'siteId',
  'subjectId',
  'form',
  'recordKey',
  'field',
  'value',
  'message',
  'queryId',
  'firstFound',
  'lastFound',
  'statusChangedAt',
] as const;
