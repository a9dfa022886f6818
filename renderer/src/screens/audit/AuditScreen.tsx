import type { ColDef } from 'ag-grid-community';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { z } from 'zod';
import { auditEntitySchema, type AuditEntry } from '../../../../shared/api/audit';
import { call, type ApiError } from '../../api/client';
import { downloadUrl } from '../../api/download';
import { ErrorNote, Note } from '../../components/ErrorNote';
import { Icon } from '../../components/Icon';
import { PagedGrid } from '../../components/grid/PagedGrid';
import { ProgressBar } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { useAction } from '../../hooks/useAction';
import { useDebounced } from '../../hooks/useDebounced';
import { useFormat } from '../../hooks/useFormat';
import { useWorkspace } from '../../hooks/useWorkspace';
import { importChangeLines } from '../../lib/audit-values';
import { desktop } from '../../lib/desktop';
import { baseName, joinPath, stampFolder } from '../../lib/paths';
import { withParams } from '../../lib/search-params';
import { FacetMenu } from '../discrepancies/FacetMenu';

type AuditEntity = z.infer<typeof auditEntitySchema>;

function parseEntities(param: string): AuditEntity[] {
  return param.split(',').flatMap((e) => {
    const parsed = auditEntitySchema.safeParse(e);
    return parsed.success ? [parsed.data] : [];
  });
}

/** The append-only audit trail: filter, page through, export as CSV. Nothing here can change it. */
export default function AuditScreen() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [params, setParams] = useSearchParams();
  const since = params.get('since') ?? '';
  const until = params.get('until') ?? '';
  const user = params.get('user') ?? '';
  const entityParam = params.get('entity') ?? '';
  const entities = parseEntities(entityParam);
  const order = params.get('order') === 'asc' ? 'asc' : 'desc';
  const [search, setSearch] = useState(params.get('q') ?? '');
  const q = useDebounced(search.trim(), 300);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const helpers = desktop();
  const workspace = useWorkspace();

  const set = (next: Record<string, string | null>) => setParams(withParams(params, next), { replace: true });

  const request = useMemo(
    () => ({
      ...(since ? { since } : {}),
      ...(until ? { until: `${until}T23:59:59.999Z` } : {}),
      ...(user ? { user } : {}),
      ...(entityParam ? { entity: parseEntities(entityParam) } : {}),
      ...(q ? { search: q } : {}),
      order: order as 'asc' | 'desc',
    }),
    [since, until, user, entityParam, q, order],
  );
  const key = JSON.stringify(request);

  const fetchPage = useCallback(
    async (offset: number, limit: number) => {
      const page = await call('audit.list', { ...request, offset, limit });
      return { rows: page.rows, total: page.total };
    },
    [request],
  );

  // The core writes the file in one pass (a trail of millions of entries never passes through the page).
  const exportCsv = useAction(async () => {
    const folder = helpers?.pickSaveFolder
      ? await helpers.pickSaveFolder({ title: t('audit.chooseFolder') })
      : (workspace.data?.outputDir ?? null);
    if (!folder) return null;
    const { order: _order, ...filter } = request;
    const written = await call('audit.export', {
      ...filter,
      out: joinPath(folder, `audit-trail_${stampFolder(new Date())}.csv`),
      format: 'csv',
    });
    if (!helpers) {
      const a = document.createElement('a');
      a.href = downloadUrl(written.path);
      a.download = baseName(written.path);
      document.body.appendChild(a);
      a.click();
      a.remove();
    }
    return written;
  });
  const noDestination = !helpers?.pickSaveFolder && workspace.data && !workspace.data.outputDir;

  const columnDefs = useMemo<ColDef<AuditEntry>[]>(
    () => [
      {
        colId: 'at',
        field: 'at',
        headerName: t('audit.at'),
        width: 128,
        valueFormatter: (p) => fmt.dateTime(p.value),
      },
      { colId: 'user', field: 'user', headerName: t('audit.user'), width: 72 },
      { colId: 'action', field: 'action', headerName: t('audit.action'), width: 92, cellClass: 'mono' },
      {
        colId: 'entity',
        field: 'entity',
        headerName: t('audit.entity'),
        width: 92,
        valueFormatter: (p) => t(`audit.entities.${p.value}`, { defaultValue: p.value ?? '' }),
      },
      {
        colId: 'entityId',
        field: 'entityId',
        headerName: t('audit.entityId'),
        width: 80,
        cellClass: 'mono',
        tooltipField: 'entityId',
      },
      { colId: 'siteId', field: 'siteId', headerName: t('columns.siteId'), width: 52 },
      {
        colId: 'subjectId',
        field: 'subjectId',
        headerName: t('columns.subjectId'),
        width: 84,
        cellClass: 'mono',
      },
      { colId: 'form', field: 'form', headerName: t('columns.form'), width: 52 },
      {
        colId: 'recordKey',
        field: 'recordKey',
        headerName: t('columns.recordKey'),
        width: 120,
        cellClass: 'mono',
      },
      { colId: 'field', field: 'field', headerName: t('columns.field'), width: 84, cellClass: 'mono' },
      {
        colId: 'oldValue',
        field: 'oldValue',
        headerName: t('audit.old'),
        width: 110,
        cellClass: 'mono',
        tooltipField: 'oldValue',
      },
      {
        colId: 'newValue',
        field: 'newValue',
        headerName: t('audit.new'),
        width: 110,
        cellClass: 'mono',
        // An import's changes: a list (site and date, then a form a line), not the JSON they are kept as.
        valueFormatter: (p) => importChangeLines(p.value, t, fmt)?.join(' · ') ?? p.value ?? '',
        tooltipValueGetter: (p) => importChangeLines(p.value, t, fmt)?.join('\n') ?? p.value,
      },
      {
        colId: 'reason',
        field: 'reason',
        headerName: t('audit.reason'),
        flex: 1,
        minWidth: 180,
        tooltipField: 'reason',
      },
      {
        colId: 'signature',
        field: 'signatureMeaning',
        headerName: t('audit.signature'),
        width: 200,
        // A signed decision: who signed, when, and what the signature means.
        valueGetter: (p) =>
          p.data?.signedBy
            ? t('signature.signed', {
                by: p.data.signedBy,
                at: fmt.dateTime(p.data.signedAt ?? ''),
                meaning: p.data.signatureMeaning,
              })
            : '',
        tooltipValueGetter: (p) => (p.value as string) || undefined,
      },
      { colId: 'importId', field: 'importId', headerName: t('audit.importId'), width: 64, cellClass: 'num' },
    ],
    [t, fmt],
  );

  return (
    <div className="screen screen-audit">
      <PageHeader
        title={t('audit.title')}
        subtitle={
          total !== null ? t('audit.count', { count: total, n: fmt.number(total) }) : t('audit.subtitle')
        }
        actions={
          <button
            type="button"
            className="btn"
            onClick={() => void exportCsv.run()}
            disabled={exportCsv.running || total === 0 || !!noDestination}
            title={noDestination ? t('queries.noOutputDir') : undefined}
          >
            <Icon name="download" size={14} /> {t('audit.exportCsv')}
          </button>
        }
      />
      <div className="filter-bar">
        <label className="search-box">
          <Icon name="search" size={14} />
          <span className="visually-hidden">{t('filters.search')}</span>
          <input
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder={t('audit.searchPlaceholder')}
          />
        </label>
        <FacetMenu
          label={t('audit.entity')}
          options={auditEntitySchema.options.map((key) => ({ key }))}
          selected={entities}
          onChange={(values) => set({ entity: values.join(',') || null })}
          renderLabel={(k) => t(`audit.entities.${k}`, { defaultValue: k })}
        />
        <label className="field field-inline">
          <span>{t('audit.since')}</span>
          <input type="date" value={since} onChange={(e) => set({ since: e.target.value || null })} />
        </label>
        <label className="field field-inline">
          <span>{t('audit.until')}</span>
          <input type="date" value={until} onChange={(e) => set({ until: e.target.value || null })} />
        </label>
        <label className="field field-inline">
          <span>{t('audit.user')}</span>
          <input
            defaultValue={user}
            size={8}
            onBlur={(e) => set({ user: e.target.value.trim() || null })}
            onKeyDown={(e) =>
              e.key === 'Enter' && set({ user: (e.target as HTMLInputElement).value.trim() || null })
            }
          />
        </label>
        <label className="field field-inline">
          <span>{t('audit.order')}</span>
          <select value={order} onChange={(e) => set({ order: e.target.value === 'asc' ? 'asc' : null })}>
            <option value="desc">{t('audit.newestFirst')}</option>
            <option value="asc">{t('audit.oldestFirst')}</option>
          </select>
        </label>
      </div>
      <Note kind="info">{t('audit.readOnly')}</Note>
      {exportCsv.running && <ProgressBar label={t('audit.exporting')} />}
      <ErrorNote error={exportCsv.error} />
      {exportCsv.result && !exportCsv.running && (
        <Note kind="success">
          {t('audit.exported', { count: exportCsv.result.rows, n: fmt.number(exportCsv.result.rows) })}{' '}
          {helpers ? (
            <span className="mono">{exportCsv.result.path}</span>
          ) : (
            <a
              href={downloadUrl(exportCsv.result.path)}
              download={baseName(exportCsv.result.path)}
              className="mono"
            >
              <Icon name="download" size={12} /> {baseName(exportCsv.result.path)}
            </a>
          )}
        </Note>
      )}
      <ErrorNote error={error} />
      <div className="grid-and-panel">
        <PagedGrid<AuditEntry>
          testId="audit-grid"
          columnDefs={columnDefs}
          fetchPage={fetchPage}
          resetKey={key}
          onTotal={setTotal}
          onError={setError}
        />
      </div>
    </div>
  );
}
