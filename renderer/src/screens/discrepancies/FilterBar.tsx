import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DiscrepancyFacets, DiscrepancyFilter } from '../../../../shared/api/discrepancies';
import { Icon } from '../../components/Icon';
import { Kbd } from '../../components/Kbd';
import { useLatest } from '../../hooks/useLatest';
import { isFilterEmpty, setFacet, type FacetKey } from '../../lib/discrepancy-filters';
import { FacetMenu } from './FacetMenu';

const STATUS_ORDER = ['OPEN', 'QUERIED', 'ANSWERED', 'CLOSED', 'ACCEPTED', 'RESOLVED'];

/** Filters by status, check, category, severity, site, form and subject, and the quick search. */
export function FilterBar({
  filter,
  facets,
  onChange,
  searchRef,
}: {
  filter: DiscrepancyFilter;
  facets: DiscrepancyFacets | null;
  onChange: (filter: DiscrepancyFilter) => void;
  searchRef: React.RefObject<HTMLInputElement | null>;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState(filter.search ?? '');
  const [sent, setSent] = useState(filter.search ?? '');
  const [subjects, setSubjects] = useState((filter.subject ?? []).join(', '));
  const timer = useRef<number | undefined>(undefined);
  const latestFilter = useLatest(filter);
  const latestOnChange = useLatest(onChange);

  // Follow the URL when it changes from elsewhere (a link, Back), not when it echoes our own typing.
  const urlSearch = filter.search ?? '';
  const [seenSearch, setSeenSearch] = useState(urlSearch);
  if (urlSearch !== seenSearch) {
    setSeenSearch(urlSearch);
    if (urlSearch !== sent) {
      setSearch(urlSearch);
      setSent(urlSearch);
    }
  }
  const subjectKey = (filter.subject ?? []).join(', ');
  const [seenSubjects, setSeenSubjects] = useState(subjectKey);
  if (subjectKey !== seenSubjects) {
    setSeenSubjects(subjectKey);
    setSubjects(subjectKey);
  }

  useEffect(() => () => window.clearTimeout(timer.current), []);

  const typeSearch = (value: string) => {
    setSearch(value);
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      const next = value.trim();
      setSent(next);
      if (next !== (latestFilter.current.search ?? ''))
        latestOnChange.current({ ...latestFilter.current, search: next || undefined });
    }, 250);
  };

  const menu = (
    key: FacetKey & keyof DiscrepancyFacets,
    label: string,
    renderLabel?: (k: string) => string,
    order?: string[],
  ) => {
    let options = facets?.[key] ?? [];
    if (order) options = [...options].sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
    return (
      <FacetMenu
        label={label}
        options={options}
        selected={(filter[key] as string[] | undefined) ?? []}
        onChange={(values) => onChange(setFacet(filter, key, values))}
        renderLabel={renderLabel}
      />
    );
  };

  const applySubjects = () => {
    const values = subjects
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    if (values.join(', ') !== subjectKey) onChange(setFacet(filter, 'subject', values));
  };

  return (
    <div className="filter-bar" role="search">
      <label className="search-box">
        <Icon name="search" size={14} />
        <span className="visually-hidden">{t('filters.search')}</span>
        <input
          ref={searchRef}
          type="search"
          value={search}
          placeholder={t('filters.searchPlaceholder')}
          onChange={(e) => typeSearch(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') (e.target as HTMLInputElement).blur();
          }}
        />
        <Kbd>/</Kbd>
      </label>
      {menu('status', t('columns.status'), (k) => t(`status.${k}`, { defaultValue: k }), STATUS_ORDER)}
      {menu('checkId', t('columns.checkId'))}
      {menu('category', t('columns.category'), (k) => t(`category.${k}`, { defaultValue: k }))}
      {menu('severity', t('columns.severity'), (k) => t(`severity.${k}`, { defaultValue: k }), [
        'critical',
        'major',
        'minor',
      ])}
      {menu('site', t('columns.siteId'))}
      {menu('form', t('columns.form'))}
      <label className="subject-box">
        <span>{t('columns.subjectId')}</span>
        <input
          value={subjects}
          onChange={(e) => setSubjects(e.target.value)}
          onBlur={applySubjects}
          onKeyDown={(e) => {
            if (e.key === 'Enter') applySubjects();
          }}
          placeholder={t('filters.subjectPlaceholder')}
          size={10}
        />
      </label>
      {!isFilterEmpty(filter) && (
        <button
          type="button"
          className="btn btn-ghost btn-small"
          onClick={() => {
            window.clearTimeout(timer.current);
            setSearch('');
            setSent('');
            onChange({});
          }}
        >
          {t('filters.clearAll')}
        </button>
      )}
    </div>
  );
}
