import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CodingQueueRow, CodingSetResult } from '../../../../shared/api/coding';
import { ErrorNote, Note } from '../../components/ErrorNote';
import { LockedNote } from '../../components/LockedNote';
import { PageHeader, Section } from '../../components/PageHeader';
import { RaiseQueryDialog, type QueryTarget } from '../../components/RaiseQueryDialog';
import { useApi } from '../../hooks/useApi';
import { useDebounced } from '../../hooks/useDebounced';
import { useFormat } from '../../hooks/useFormat';
import { CodingQueue } from './CodingQueue';
import { CodingSummary, dictionaryLabel } from './CodingSummary';
import { DictionariesPanel } from './DictionariesPanel';
import { TermSearch } from './TermSearch';
import '../../styles/coding.css';

const PAGE = 100;

/**
 * Medical coding: what auto-coding left (or what is coded), the dictionary's terms with their
 * hierarchy to code one or many records at once, a query to the site where a verbatim is unclear,
 * and the dictionaries with their upgrades.
 */
export default function CodingScreen() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [refresh, setRefresh] = useState(0);
  const [form, setForm] = useState('');
  const [view, setView] = useState<'WAITING' | 'CODED'>('WAITING');
  const [search, setSearch] = useState('');
  const [offset, setOffset] = useState(0);
  const [selected, setSelected] = useState<Map<string, CodingQueueRow>>(new Map());
  const [queryTarget, setQueryTarget] = useState<QueryTarget | null>(null);
  const [coded, setCoded] = useState<CodingSetResult | null>(null);
  const debounced = useDebounced(search.trim(), 250);
  const status = useApi('coding.status', {}, { refreshKey: refresh });
  const queue = useApi(
    'coding.queue',
    { form: form || undefined, status: view, search: debounced || undefined, offset, limit: PAGE },
    { refreshKey: refresh },
  );
  const forms = status.data?.forms ?? [];
  const rows = useMemo(() => [...selected.values()], [selected]);
  const selectionForm = new Set(rows.map((r) => r.form)).size === 1 ? rows[0]!.form : null;
  const searchForm = selectionForm ?? (form || forms[0]?.form || '');
  const changed = () => {
    setSelected(new Map());
    setRefresh((n) => n + 1);
  };
  const filter = (apply: () => void) => {
    apply();
    setOffset(0);
    setSelected(new Map());
  };

  return (
    <div className="screen screen-coding">
      <PageHeader
        title={t('coding.title')}
        subtitle={
          forms.length
            ? forms
                .map(
                  (f) =>
                    `${f.form}: ${f.version ? dictionaryLabel(f.dictionary, f.version) : t('coding.noDictionary')}`,
                )
                .join(' · ')
            : t('coding.subtitle')
        }
      />
      <LockedNote />
      <ErrorNote error={status.error} onRetry={status.reload} />
      {status.data && <CodingSummary status={status.data} />}
      {coded && (
        <Note kind="success">
          {t('coding.codedMessage', { count: coded.coded, synonym: fmt.number(coded.bySynonym) })}
        </Note>
      )}
      <div className="coding-layout">
        <Section className="card coding-queue-card" title={t('coding.queueTitle')}>
          <div className="filter-bar">
            <div className="segmented" role="group" aria-label={t('coding.view')}>
              {(['WAITING', 'CODED'] as const).map((v) => (
                <button
                  key={v}
                  type="button"
                  className={view === v ? 'active' : ''}
                  aria-pressed={view === v}
                  onClick={() => filter(() => setView(v))}
                >
                  {t(`coding.view_${v}`)}
                </button>
              ))}
            </div>
            <select
              value={form}
              onChange={(e) => filter(() => setForm(e.target.value))}
              aria-label={t('record.form')}
            >
              <option value="">{t('coding.allForms')}</option>
              {forms.map((f) => (
                <option key={f.form} value={f.form}>
                  {f.form}
                </option>
              ))}
            </select>
            <input
              type="search"
              className="search-box"
              value={search}
              onChange={(e) => filter(() => setSearch(e.target.value))}
              placeholder={t('coding.queueSearch')}
              aria-label={t('coding.queueSearch')}
            />
          </div>
          <ErrorNote error={queue.error} onRetry={queue.reload} />
          <CodingQueue
            page={queue.data}
            loading={queue.loading}
            offset={offset}
            limit={PAGE}
            onOffset={setOffset}
            selected={selected}
            onSelect={(next) => {
              setCoded(null);
              setSelected(next);
            }}
            overdueDays={status.data?.blockerDays ?? 30}
            onQuery={(row) =>
              setQueryTarget({
                subjectId: row.subjectId,
                form: row.form,
                recordKey: row.recordKey,
                field: forms.find((f) => f.form === row.form)?.verbatim ?? '',
              })
            }
          />
        </Section>
        <Section className="card coding-search-card" title={t('coding.searchTitle')}>
          {searchForm ? (
            <TermSearch
              key={searchForm}
              form={searchForm}
              records={selectionForm ? rows : []}
              mixedForms={rows.length > 0 && !selectionForm}
              initialText={rows[0]?.verbatim ?? ''}
              onCoded={(result) => {
                setCoded(result);
                changed();
              }}
            />
          ) : (
            <p className="muted">{t('coding.noCodedForm')}</p>
          )}
        </Section>
      </div>
      <Section title={t('coding.dictionariesTitle')} className="card">
        <DictionariesPanel dictionaries={status.data?.dictionaries ?? []} onChanged={changed} />
      </Section>
      <RaiseQueryDialog
        target={queryTarget}
        onClose={() => setQueryTarget(null)}
        onRaised={() => {
          setQueryTarget(null);
          setRefresh((n) => n + 1);
        }}
      />
    </div>
  );
}
