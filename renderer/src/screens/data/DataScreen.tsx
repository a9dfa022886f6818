import type { ColDef } from 'ag-grid-community';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { DataRecord } from '../../../../shared/api/data';
import { REVIEW_STATES, type ReviewChange } from '../../../../shared/api/review';
import { call, type ApiError } from '../../api/client';
import { useStudy } from '../../hooks/StudyContext';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNote } from '../../components/ErrorNote';
import { PagedGrid } from '../../components/grid/PagedGrid';
import { PageHeader } from '../../components/PageHeader';
import { useLockedTitle } from '../../components/LockedNote';
import { SiteSelect } from '../../components/SiteSelect';
import { useFormat } from '../../hooks/useFormat';
import { useShortcuts } from '../../hooks/useShortcuts';
import { baseName } from '../../lib/paths';
import { REVIEW_ORDER, reviewFromParams, shownValue } from '../../lib/review';
import { withParams } from '../../lib/search-params';
import { RecordPanel } from './RecordPanel';
import { ReviewBar } from './ReviewBar';

/** The key of a data.list record that holds its record id (to open data.record). */
export const RECORD_ID_KEY = '_recordId';

/** Any form's records with provenance: standardised or as written, deleted ones on request. */
export default function DataScreen() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { study } = useStudy();
  const [params, setParams] = useSearchParams();
  const forms = study?.forms ?? [];
  const form = (params.get('form') ?? forms[0]?.code ?? '').toUpperCase();
  const subject = params.get('subject') ?? '';
  const site = params.get('site') ?? '';
  const raw = params.get('raw') === '1';
  const review = reviewFromParams(params);
  // A review filter lists live records only (a record deleted at the source left the review).
  const deleted = params.get('deleted') === '1' && review === null;
  const recordParam = params.get('record');
  const recordId = recordParam && /^\d+$/.test(recordParam) ? Number(recordParam) : null;
  const [subjectInput, setSubjectInput] = useState(subject);
  // Follow the URL when a link changes the subject while this screen is open.
  const [seenSubject, setSeenSubject] = useState(subject);
  if (subject !== seenSubject) {
    setSeenSubject(subject);
    setSubjectInput(subject);
  }
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [selected, setSelected] = useState<number[]>([]);
  // Marking reviewed changes what the grid shows: a new generation reloads it (and clears the ticks).
  const [generation, setGeneration] = useState(0);
  const lockedTitle = useLockedTitle();
  const gridKey = `${form}|${raw}|${deleted}|${subject}|${site}|${review}|${generation}`;
  // A new list (another filter, or after marking) starts with nothing ticked.
  const [seenGridKey, setSeenGridKey] = useState(gridKey);
  if (gridKey !== seenGridKey) {
    setSeenGridKey(gridKey);
    setSelected([]);
  }

  const set = useCallback(
    (next: Record<string, string | null>) => setParams(withParams(params, next), { replace: true }),
    [params, setParams],
  );
  useShortcuts({ Escape: 'close' } as const, () => recordId !== null && set({ record: null }));

  const formInfo = forms.find((f) => f.code === form);
  const columnDefs = useMemo<ColDef<DataRecord>[]>(() => {
    if (!formInfo) return [];
    // What changed since the reader's review: highlighted, the value reviewed in the tooltip.
    const changeOf = (row: DataRecord | undefined, field: string) =>
      raw ? undefined : (row?._changed as ReviewChange[] | undefined)?.find((x) => x.field === field);
    const cols: ColDef<DataRecord>[] = formInfo.columns.map((c) => ({
      colId: c.name,
      headerName: c.name,
      headerTooltip: c.label,
      valueGetter: (p) => p.data?.[c.name] ?? null,
      valueFormatter: (p) =>
        p.value === null || p.value === undefined
          ? ''
          : typeof p.value === 'number'
            ? fmt.number(p.value)
            : String(p.value),
      cellClass: (p) =>
        [
          c.type === 'number' || c.type === 'integer' ? 'num mono' : 'mono',
          changeOf(p.data, c.name) ? 'cell-changed' : '',
        ].join(' '),
      width: Math.max(90, Math.min(220, c.name.length * 9 + 40)),
      tooltipValueGetter: (p) => {
        const change = changeOf(p.data, c.name);
        if (change)
          return `${shownValue(p.value as string | null)} · ${t('review.before', { value: shownValue(change.old) })}`;
        return p.value === null || p.value === undefined ? null : String(p.value);
      },
    }));
    // As written: where each row came from comes first (file name, line; the full path on hover).
    if (raw)
      cols.unshift(
        {
          colId: '_file',
          headerName: t('data.file'),
          valueGetter: (p) => p.data?._file ?? null,
          valueFormatter: (p) =>
            typeof p.value === 'string'
              ? baseName(p.value) + (p.data?._sheet ? ` [${String(p.data._sheet)}]` : '')
              : '',
          tooltipValueGetter: (p) => (typeof p.value === 'string' ? p.value : null),
          width: 150,
          cellClass: 'mono muted',
          pinned: 'left',
        },
        {
          colId: '_line',
          headerName: t('data.line'),
          valueGetter: (p) => p.data?._line ?? null,
          width: 64,
          cellClass: 'num mono muted',
          pinned: 'left',
        },
      );
    cols.unshift({
      colId: '_review',
      headerName: t('review.column'),
      valueGetter: (p) => p.data?._review ?? null,
      valueFormatter: (p) => (typeof p.value === 'string' ? t(`review.short.${p.value}`) : ''),
      cellClass: (p) => (typeof p.value === 'string' ? `review-cell review-cell-${p.value}` : ''),
      width: 118,
      pinned: 'left',
    });
    if (deleted)
      cols.unshift({
        colId: '_deleted',
        headerName: t('data.deletedCol'),
        valueGetter: (p) => (p.data?._deleted ? t('data.deletedYes') : ''),
        width: 90,
        cellClass: 'tag-cell',
      });
    return cols;
  }, [formInfo, raw, deleted, t, fmt]);
  const selection = useMemo(
    () => ({
      rowId: (row: DataRecord) => String(row[RECORD_ID_KEY]),
      onChange: (rows: DataRecord[]) =>
        setSelected(rows.map((r) => r[RECORD_ID_KEY]).filter((id): id is number => typeof id === 'number')),
    }),
    [],
  );

  const fetchPage = useCallback(
    async (offset: number, limit: number) => {
      const page = await call('data.list', {
        form,
        raw,
        deleted,
        withIds: true,
        withReview: true,
        offset,
        limit,
        ...(subject ? { subject } : {}),
        ...(site ? { site } : {}),
        ...(review ? { review } : {}),
      });
      return { rows: page.records, total: page.total };
    },
    [form, raw, deleted, subject, site, review],
  );

  const noData = study && study.imports === 0;

  return (
    <div className="screen screen-data">
      <PageHeader
        title={t('data.title')}
        subtitle={total !== null ? t('data.count', { count: total, n: fmt.number(total), form }) : undefined}
      />
      <div className="filter-bar">
        <label className="field field-inline">
          <span>{t('columns.form')}</span>
          <select
            value={form}
            onChange={(e) => set({ form: e.target.value, record: null })}
            data-testid="data-form"
          >
            {forms.map((f) => (
              <option key={f.code} value={f.code}>
                {f.code} — {f.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field field-inline">
          <span>{t('columns.subjectId')}</span>
          <input
            value={subjectInput}
            size={10}
            onChange={(e) => setSubjectInput(e.target.value)}
            onBlur={() => set({ subject: subjectInput.trim() || null })}
            onKeyDown={(e) => e.key === 'Enter' && set({ subject: subjectInput.trim() || null })}
            placeholder={t('filters.subjectPlaceholder')}
          />
        </label>
        <SiteSelect value={site} onChange={(s) => set({ site: s || null })} />
        <div className="segmented" role="group" aria-label={t('data.valuesLabel')}>
          <button
            type="button"
            className={!raw ? 'active' : undefined}
            aria-pressed={!raw}
            onClick={() => set({ raw: null })}
          >
            {t('data.standardised')}
          </button>
          <button
            type="button"
            className={raw ? 'active' : undefined}
            aria-pressed={raw}
            onClick={() => set({ raw: '1' })}
          >
            {t('data.raw')}
          </button>
        </div>
        <label className="field field-inline">
          <span>{t('review.filter')}</span>
          <select
            value={review ?? ''}
            onChange={(e) => set({ review: e.target.value || null, record: null })}
            data-testid="data-review"
          >
            <option value="">{t('review.filterAny')}</option>
            {REVIEW_ORDER.filter((s) => (REVIEW_STATES as readonly string[]).includes(s)).map((s) => (
              <option key={s} value={s}>
                {t(`review.state.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="check" title={review ? t('review.deletedFilter') : undefined}>
          <input
            type="checkbox"
            checked={deleted}
            disabled={review !== null}
            onChange={(e) => set({ deleted: e.target.checked ? '1' : null })}
          />{' '}
          {t('data.includeDeleted')}
        </label>
      </div>
      {formInfo && !noData && (
        <ReviewBar
          key={`${form}|${site}|${subject}|${review}`}
          scope={{ form, ...(site ? { site } : {}), ...(subject ? { subject } : {}) }}
          state={review}
          selected={selected}
          total={total}
          lockedTitle={lockedTitle}
          onClear={() => setGeneration((g) => g + 1)}
          onMarked={() => setGeneration((g) => g + 1)}
        />
      )}
      <ErrorNote error={error} />
      {noData ? (
        <EmptyState icon="data" title={t('data.emptyTitle')}>
          <p>
            {t('dashboard.emptyBody')} <Link to="/import">{t('dashboard.emptyLink')}</Link>
          </p>
        </EmptyState>
      ) : (
        <div className={recordId !== null ? 'grid-and-panel with-panel' : 'grid-and-panel'}>
          {formInfo && (
            <PagedGrid<DataRecord>
              testId="data-grid"
              columnDefs={columnDefs}
              fetchPage={fetchPage}
              key={gridKey}
              resetKey={gridKey}
              selection={selection}
              onTotal={setTotal}
              onError={setError}
              onOpen={(row) => {
                const id = row[RECORD_ID_KEY];
                if (typeof id === 'number') set({ record: String(id) });
              }}
            />
          )}
          {recordId !== null && (
            <RecordPanel
              form={form}
              recordId={recordId}
              onClose={() => set({ record: null })}
              onReviewed={() => setGeneration((g) => g + 1)}
            />
          )}
        </div>
      )}
    </div>
  );
}
