import type { GridApi } from 'ag-grid-community';
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Discrepancy } from '../../../../shared/api/discrepancies';
import { call, type ApiError } from '../../api/client';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNote, Note } from '../../components/ErrorNote';
import { Kbd } from '../../components/Kbd';
import { LockedNote, useLockedTitle } from '../../components/LockedNote';
import { PageHeader } from '../../components/PageHeader';
import { RunChecks } from '../../components/RunChecks';
import { useAction } from '../../hooks/useAction';
import { useFormat } from '../../hooks/useFormat';
import { useLanguage } from '../../hooks/useLanguage';
import { useShortcuts } from '../../hooks/useShortcuts';
import { filterKey, isFilterEmpty } from '../../lib/discrepancy-filters';
import { cleanFilter, idPages } from '../../lib/grid-request';
import { BulkBar } from './BulkBar';
import { BulkDialog } from './BulkDialog';
import {
  BULK_TARGET,
  EMPTY_SELECTION,
  selectionCount,
  withId,
  type BulkAction,
  type Selection,
} from './bulk-selection';
import { ColumnMenu } from './ColumnMenu';
import { DiscrepancyGrid } from './DiscrepancyGrid';
import { FilterBar } from './FilterBar';
import { SidePanel } from './SidePanel';
import { useDiscrepancyFilter } from './useDiscrepancyFilter';
import { useFacets } from './useFacets';
import type { SignatureRequest } from '../../../../shared/api/signatures';
import '../../styles/discrepancies.css';

type Pending = { action: BulkAction; ids: number[] | null };

export default function DiscrepanciesScreen() {
  const { t } = useTranslation();
  const language = useLanguage();
  const fmt = useFormat();
  const { filter, focusId, setFilter, setFocus } = useDiscrepancyFilter();
  const [api, setApi] = useState<GridApi<Discrepancy> | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [listError, setListError] = useState<ApiError | null>(null);
  const [selection, setSelection] = useState<Selection>(EMPTY_SELECTION);
  const [refreshKey, setRefreshKey] = useState(0);
  const [pending, setPending] = useState<Pending | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const lockedTitle = useLockedTitle();

  // A new filter starts a new selection.
  const key = filterKey(filter);
  const [selectionKey, setSelectionKey] = useState(key);
  if (key !== selectionKey) {
    setSelectionKey(key);
    setSelection(EMPTY_SELECTION);
    setTotal(null);
  }
  const facets = useFacets(filter, refreshKey, total !== null);

  const move = useAction(
    async (p: Pending, reason: string, message: string | undefined, signature?: SignatureRequest) => {
      let ids = p.ids;
      if (!ids) {
        if (selection.kind === 'ids') ids = [...selection.ids];
        else {
          ids = [];
          for (const page of idPages(selection.total)) {
            const rows = await call('discrepancies.list', {
              ...cleanFilter(selection.filter),
              sort: [{ field: 'id', dir: 'asc' }],
              ...page,
            });
            ids.push(...rows.rows.map((r) => r.id));
          }
        }
      }
      return call('discrepancies.setStatus', {
        ids,
        status: BULK_TARGET[p.action],
        reason,
        language,
        ...(message ? { message } : {}),
        ...(signature ? { signature } : {}),
      });
    },
  );

  const refresh = useCallback(() => {
    api?.refreshInfiniteCache();
    setRefreshKey((k) => k + 1);
  }, [api]);

  const openBulk = (action: BulkAction, ids: number[] | null = null) => {
    if (lockedTitle) return;
    if (!ids && selectionCount(selection) === 0) return;
    move.reset();
    setDone(null);
    setPending({ action, ids });
  };

  useShortcuts(
    { s: 'send', a: 'accept', c: 'close', o: 'reopen', '/': 'search', Escape: 'escape' } as const,
    (action) => {
      if (action === 'search') searchRef.current?.focus();
      else if (action === 'escape') {
        if (focusId !== null) setFocus(null);
      } else openBulk(action);
    },
  );

  const pendingCount = pending ? (pending.ids?.length ?? selectionCount(selection)) : 0;
  const noData = total === 0 && isFilterEmpty(filter);

  return (
    <div className="screen screen-discrepancies">
      <PageHeader
        title={t('discrepancies.title')}
        subtitle={
          total === null
            ? t('common.loading')
            : t('discrepancies.matching', { count: total, n: fmt.number(total) })
        }
        actions={
          <>
            <span className="shortcut-hints small muted">
              <Kbd>↑↓</Kbd> {t('keys.move')} <Kbd>Space</Kbd> {t('keys.select')} <Kbd>Enter</Kbd>{' '}
              {t('keys.open')}
            </span>
            <ColumnMenu api={api} />
            <RunChecks onDone={refresh} />
          </>
        }
      />
      <LockedNote />
      <FilterBar filter={filter} facets={facets} onChange={setFilter} searchRef={searchRef} />
      <BulkBar
        selection={selection}
        total={total}
        lockedTitle={lockedTitle}
        onSelectAll={() => total !== null && setSelection({ kind: 'all', filter, total })}
        onClear={() => {
          setSelection(EMPTY_SELECTION);
          api?.deselectAll();
        }}
        onAction={(a) => openBulk(a)}
      />
      {done && <Note kind="success">{done}</Note>}
      <ErrorNote error={listError} onRetry={refresh} />
      {noData && (
        <EmptyState icon="discrepancies" title={t('discrepancies.emptyTitle')}>
          <p>
            {t('discrepancies.emptyBody')} <Link to="/import">{t('discrepancies.emptyImport')}</Link>
          </p>
        </EmptyState>
      )}
      <div className={focusId !== null ? 'grid-and-panel with-panel' : 'grid-and-panel'} hidden={noData}>
        <DiscrepancyGrid
          filter={filter}
          onApi={setApi}
          onPage={setTotal}
          onError={setListError}
          onOpen={(id) => setFocus(id)}
          onFocusRow={(id) => {
            if (focusId !== null && id !== focusId) setFocus(id);
          }}
          onSelect={(id, selected) => setSelection((s) => withId(s, id, selected))}
        />
        {focusId !== null && (
          <SidePanel
            id={focusId}
            refreshKey={refreshKey}
            onClose={() => setFocus(null)}
            onAction={(action, ids) => openBulk(action, ids)}
            onRaised={(d) => {
              setDone(t('query.raised', { id: d.queryId ?? d.id }));
              refresh();
            }}
          />
        )}
      </div>
      {pending && (
        <BulkDialog
          action={pending.action}
          count={pendingCount}
          busy={move.running}
          error={move.error}
          onClose={() => setPending(null)}
          onConfirm={async (reason, message, signature) => {
            const result = await move.run(pending, reason, message, signature);
            if (!result) return;
            setPending(null);
            setDone(
              t(`bulk.${pending.action}Done`, { count: result.updated, n: fmt.number(result.updated) }),
            );
            if (!pending.ids) {
              setSelection(EMPTY_SELECTION);
              api?.deselectAll();
            }
            refresh();
          }}
        />
      )}
    </div>
  );
}
